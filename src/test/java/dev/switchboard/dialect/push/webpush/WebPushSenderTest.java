package dev.switchboard.dialect.push.webpush;

import dev.switchboard.dialect.push.webpush.FakePushService.ReceivedPush;
import dev.switchboard.dialect.push.webpush.FakePushService.ScriptedResponse;
import dev.switchboard.dialect.push.webpush.WebPushResult.Outcome;
import dev.switchboard.testing.FreePorts;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@link WebPushSender} against {@link FakePushService}, a real HTTP server on 127.0.0.1 that checks VAPID and
 * the headers and decrypts the body as a push service and a browser would.
 */
class WebPushSenderTest {

  private static final String SUBJECT = "mailto:ops@switchboard.example";
  private static final Duration TTL = Duration.ofHours(1);

  private Vertx vertx;
  private VapidKeys keys;
  private FakePushService service;
  private WebPushSender sender;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    keys = VapidKeys.generate();
    service = FakePushService.start(vertx, keys.publicKeyBase64Url());
    sender = new WebPushSender(vertx, keys, SUBJECT, Duration.ofSeconds(2));
  }

  @AfterEach
  void stop() throws Exception {
    sender.close().await(10, TimeUnit.SECONDS);
    service.close();
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void anAcceptedPushArrivesSignedWithTheRightHeadersAndDecryptsToThePayload() throws Exception {
    // As it travels: the browser's JSON, stored in a cluster map, parsed again.
    WebPushSubscription subscription = WebPushSubscription.fromJson(service.subscribe().toJson());
    String payload = "{\"cmd\":\"MESSAGE\",\"data\":{\"sendType\":\"personal\",\"target\":\"alice\",\"mid\":\"m-42\","
      + "\"message\":{\"text\":\"héllo ✓ 🍉\",\"desp\":\"" + "x".repeat(2000) + "\",\"extra\":{}}}}";

    WebPushResult result = send(subscription, payload.getBytes(StandardCharsets.UTF_8), TTL);

    assertEquals(Outcome.ACCEPTED, result.outcome(), result.detail());
    assertEquals(201, result.statusCode());
    ReceivedPush push = service.received().poll(5, TimeUnit.SECONDS);
    assertNotNull(push, "refusals: " + service.refusals());
    assertEquals(payload, push.text());
    assertEquals(3600, push.ttlSeconds());
    assertEquals("high", push.urgency());
    assertEquals(service.origin(), push.vapid().audience());
    assertEquals(SUBJECT, push.vapid().subject());
    Instant now = Instant.now();
    assertTrue(push.vapid().expiresAt().isAfter(now.plus(Duration.ofHours(11))), "exp about 12 h ahead");
    assertTrue(push.vapid().expiresAt().isBefore(now.plus(Duration.ofHours(24))), "exp within 24 h");
    assertEquals(keys.publicKeyBase64Url(), VapidJwt.parseAuthorization(push.authorization()).publicKey());
    assertTrue(service.refusals().isEmpty(), service.refusals().toString());
  }

  @Test
  void pushesToOneServiceReuseTheSignedToken() throws Exception {
    WebPushSubscription first = service.subscribe();
    WebPushSubscription second = service.subscribe();
    assertEquals(Outcome.ACCEPTED, send(first, bytes("one"), TTL).outcome());
    assertEquals(Outcome.ACCEPTED, send(second, bytes("two"), TTL).outcome());
    ReceivedPush one = service.received().poll(5, TimeUnit.SECONDS);
    ReceivedPush two = service.received().poll(5, TimeUnit.SECONDS);
    assertEquals("one", one.text());
    assertEquals("two", two.text());
    assertEquals(first, one.subscription());
    assertEquals(second, two.subscription());
    assertEquals(one.authorization(), two.authorization());
  }

  @Test
  void theTokenIsSignedAgainOnceHalfItsValidityIsGone() throws Exception {
    AtomicReference<Instant> now = new AtomicReference<>(
      Instant.parse("2026-11-22T10:00:00Z"));
    Clock clock = new Clock() {
      @Override
      public ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return now.get();
      }
    };
    WebPushSender clocked = new WebPushSender(vertx, WebClient.create(vertx), true, keys, SUBJECT,
      Duration.ofSeconds(2), clock);
    try {
      String endpoint = "https://fcm.googleapis.com/fcm/send/a";
      String first = clocked.authorizationFor(endpoint);
      now.set(now.get().plus(Duration.ofHours(5)));
      assertSame(first, clocked.authorizationFor("https://fcm.googleapis.com/fcm/send/b"), "same origin, still fresh");
      assertNotEquals(first, clocked.authorizationFor("https://web.push.apple.com/x"), "another origin");
      now.set(now.get().plus(Duration.ofHours(2)));
      String renewed = clocked.authorizationFor(endpoint);
      assertNotEquals(first, renewed);
      VapidJwt claims = VapidJwt.verifyAuthorization(renewed, keys.publicKeyBase64Url(), "https://fcm.googleapis.com", now.get());
      assertEquals(now.get().plus(Duration.ofHours(12)), claims.expiresAt());
    } finally {
      clocked.close().await(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void notFoundAndGoneMeanTheSubscriptionIsGone() {
    WebPushSubscription subscription = service.subscribe();
    service.respondNext(404, 410);
    assertEquals(Outcome.GONE, send(subscription, bytes("a"), TTL).outcome());
    WebPushResult gone = send(subscription, bytes("b"), TTL);
    assertEquals(Outcome.GONE, gone.outcome());
    assertEquals(410, gone.statusCode());

    service.unsubscribe(subscription);
    WebPushResult unsubscribed = send(subscription, bytes("c"), TTL);
    assertEquals(Outcome.GONE, unsubscribed.outcome());
    assertEquals(410, unsubscribed.statusCode());
    WebPushSubscription unknown = new WebPushSubscription(service.origin() + "/push/never-issued", null,
      subscription.p256dh(), subscription.auth());
    assertEquals(404, send(unknown, bytes("d"), TTL).statusCode());
    assertTrue(service.received().isEmpty());
  }

  @Test
  void serverErrorsAndThrottlingAreRetriedWithTheirRetryAfter() {
    WebPushSubscription subscription = service.subscribe();
    service.respondNext(ScriptedResponse.status(500),
      ScriptedResponse.status(503, Map.of("Retry-After", "7"), "maintenance"),
      ScriptedResponse.status(429, Map.of("Retry-After", "30"), "slow down"));
    WebPushResult serverError = send(subscription, bytes("a"), TTL);
    assertEquals(Outcome.RETRY, serverError.outcome());
    assertEquals(500, serverError.statusCode());
    assertTrue(serverError.retryAfter().isEmpty());
    WebPushResult unavailable = send(subscription, bytes("a"), TTL);
    assertEquals(Outcome.RETRY, unavailable.outcome());
    assertEquals(Duration.ofSeconds(7), unavailable.retryAfter().orElseThrow());
    assertEquals("maintenance", unavailable.detail());
    WebPushResult throttled = send(subscription, bytes("a"), TTL);
    assertEquals(Outcome.RETRY, throttled.outcome());
    assertEquals(Duration.ofSeconds(30), throttled.retryAfter().orElseThrow());
    assertTrue(service.received().isEmpty());

    assertEquals(Outcome.ACCEPTED, send(subscription, bytes("a"), TTL).outcome(), "back to normal after the script");
  }

  @Test
  void otherClientErrorsAreRejected() {
    WebPushSubscription subscription = service.subscribe();
    service.respondNext(ScriptedResponse.status(400, Map.of(), "{\"reason\":\"BadJwtToken\"}"));
    WebPushResult rejected = send(subscription, bytes("a"), TTL);
    assertEquals(Outcome.REJECTED, rejected.outcome());
    assertEquals(400, rejected.statusCode());
    assertEquals("{\"reason\":\"BadJwtToken\"}", rejected.detail());
    service.respondNext(ScriptedResponse.status(202));
    assertEquals(Outcome.ACCEPTED, send(subscription, bytes("b"), TTL).outcome());
  }

  @Test
  void aServiceRefusesPushesSignedWithAnotherKey() throws Exception {
    WebPushSubscription subscription = service.subscribe();
    WebPushSender impostor = new WebPushSender(vertx, VapidKeys.generate(), SUBJECT);
    try {
      WebPushResult result = impostor.send(subscription, bytes("a"), TTL).await(10, TimeUnit.SECONDS);
      assertEquals(Outcome.REJECTED, result.outcome());
      assertEquals(403, result.statusCode());
      assertTrue(service.refusals().peek().startsWith("403 k= is not the key"), service.refusals().toString());
    } finally {
      impostor.close().await(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void anUnreachableServiceIsRetried() {
    WebPushSubscription subscription = service.subscribe();
    WebPushSubscription nowhere = new WebPushSubscription("http://127.0.0.1:" + FreePorts.next() + "/push/x", null,
      subscription.p256dh(), subscription.auth());
    WebPushResult result = send(nowhere, bytes("a"), TTL);
    assertEquals(Outcome.RETRY, result.outcome());
    assertEquals(0, result.statusCode());
    assertFalse(result.detail().isEmpty());
  }

  @Test
  void aServiceThatDoesNotAnswerTimesOutIntoARetry() {
    WebPushSubscription subscription = service.subscribe();
    service.respondNext(ScriptedResponse.hang());
    long started = System.nanoTime();
    WebPushResult result = send(subscription, bytes("a"), TTL);
    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    assertEquals(Outcome.RETRY, result.outcome(), result.detail());
    assertEquals(0, result.statusCode());
    assertTrue(tookMs >= 1500 && tookMs < 8000, "timed out after " + tookMs + " ms");
  }

  @Test
  void aPayloadOverTheLimitIsRejectedWithoutARequest() {
    WebPushSubscription subscription = service.subscribe();
    WebPushResult result = send(subscription, new byte[WebPushEncryption.MAX_PLAINTEXT_BYTES + 1], TTL);
    assertEquals(Outcome.REJECTED, result.outcome());
    assertEquals(0, result.statusCode());
    assertTrue(result.detail().contains("3993"), result.detail());
    assertEquals(0, service.requestCount());
    assertEquals(Outcome.ACCEPTED, send(subscription, new byte[WebPushEncryption.MAX_PLAINTEXT_BYTES], TTL).outcome());
  }

  @Test
  void theTtlIsWholeSecondsWithinFourWeeks() throws Exception {
    WebPushSubscription subscription = service.subscribe();
    send(subscription, bytes("long"), Duration.ofDays(60));
    send(subscription, bytes("negative"), Duration.ofSeconds(-5));
    send(subscription, bytes("zero"), Duration.ZERO);
    assertEquals(28L * 24 * 3600, service.received().poll(5, TimeUnit.SECONDS).ttlSeconds());
    assertEquals(0, service.received().poll(5, TimeUnit.SECONDS).ttlSeconds());
    assertEquals(0, service.received().poll(5, TimeUnit.SECONDS).ttlSeconds());
  }

  @Test
  void sendingFromAnEventLoopWorks() throws Exception {
    WebPushSubscription subscription = service.subscribe();
    Promise<WebPushResult> done = Promise.promise();
    vertx.runOnContext(ignored -> {
      assertTrue(Vertx.currentContext().isEventLoopContext());
      sender.send(subscription, bytes("from the loop"), TTL).onComplete(done);
    });
    assertEquals(Outcome.ACCEPTED, done.future().await(10, TimeUnit.SECONDS).outcome());
    assertEquals("from the loop", service.received().poll(5, TimeUnit.SECONDS).text());
  }

  @Test
  void aBadSubjectIsRefusedAtConstruction() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
      () -> new WebPushSender(vertx, keys, "ops@example.com"));
    assertTrue(e.getMessage().startsWith("push.webpush.subject"), e.getMessage());
  }

  private WebPushResult send(WebPushSubscription subscription, byte[] payload, Duration ttl) {
    Future<WebPushResult> result = sender.send(subscription, payload, ttl);
    try {
      return result.await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("send() must not fail its future", e);
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
