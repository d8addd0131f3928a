package dev.switchboard.dialect.push.webpush;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.time.Instant;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A push service for tests, on a real Vert.x HTTP server on 127.0.0.1: hands out browser-side subscriptions
 * ({@link #subscribe()}), and checks each push as a real service would — the VAPID {@code Authorization}
 * (the {@code k=} key must be the {@code applicationServerKey} it was started with, the JWT must verify with it,
 * {@code aud} must be this service's origin, {@code exp} in the future and within 24 h), {@code Content-Encoding:
 * aes128gcm}, {@code TTL}, {@code Urgency}, the 4096-byte limit — then decrypts the body with the subscription's
 * private key and auth secret, as the browser would. What it accepted is in {@link #received()}, what it
 * refused (and why) in {@link #refusals()}. Its next answers can be scripted ({@link #respondNext}).
 * Used by the Web Push unit tests and the push dialect's end-to-end tests.
 */
public final class FakePushService implements AutoCloseable {

  public static final int MAX_BODY_BYTES = 4096;
  private static final Set<String> URGENCIES = Set.of("very-low", "low", "normal", "high");

  /** A push the service accepted, decrypted. */
  public record ReceivedPush(WebPushSubscription subscription, byte[] payload, long ttlSeconds, String urgency,
                             VapidJwt vapid, String authorization) {
    /** The payload as UTF-8 text (the push dialect sends JSON). */
    public String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }
  }

  /**
   * A scripted answer. A non-2xx one is given without looking at the request (an outage, a vanished
   * subscription); a 2xx one after the usual checks; a hanging one never answers.
   */
  public record ScriptedResponse(int status, Map<String, String> headers, String body, boolean hangs) {
    public static ScriptedResponse status(int status) {
      return new ScriptedResponse(status, Map.of(), "", false);
    }

    public static ScriptedResponse status(int status, Map<String, String> headers, String body) {
      return new ScriptedResponse(status, headers, body, false);
    }

    /** Reads the request and never answers: for client timeouts. */
    public static ScriptedResponse hang() {
      return new ScriptedResponse(0, Map.of(), "", true);
    }
  }

  /** The browser side of a subscription: what decrypts its pushes. */
  private record BrowserKeys(WebPushSubscription subscription, ECPrivateKey privateKey) {
  }

  private final HttpServer server;
  private final String applicationServerKey;
  private final Map<String, BrowserKeys> subscriptions = new ConcurrentHashMap<>();
  private final Set<String> unsubscribed = ConcurrentHashMap.newKeySet();
  private final Queue<ScriptedResponse> script = new ConcurrentLinkedQueue<>();
  private final BlockingQueue<ReceivedPush> received = new LinkedBlockingQueue<>();
  private final BlockingQueue<String> refusals = new LinkedBlockingQueue<>();
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicLong nextId = new AtomicLong();
  private final SecureRandom random = new SecureRandom();
  private volatile int port;

  private FakePushService(Vertx vertx, String applicationServerKey) {
    this.applicationServerKey = applicationServerKey;
    this.server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0));
  }

  /**
   * Starts a service that accepts pushes signed by the VAPID key {@code applicationServerKey} (base64url, as
   * the page passed it to {@code pushManager.subscribe}). Blocks the calling (test) thread until it listens.
   */
  public static FakePushService start(Vertx vertx, String applicationServerKey) {
    try {
      return create(vertx, applicationServerKey).await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("the fake push service did not start", e);
    }
  }

  /** {@link #start}, without blocking. */
  public static Future<FakePushService> create(Vertx vertx, String applicationServerKey) {
    FakePushService service = new FakePushService(vertx, applicationServerKey);
    return service.server.requestHandler(service::handle).listen().map(listening -> {
      service.port = listening.actualPort();
      return service;
    });
  }

  /** A new subscription, as a browser's {@code pushManager.subscribe()} would return it. */
  public WebPushSubscription subscribe() {
    KeyPair keys = P256.generateKeyPair();
    byte[] auth = new byte[WebPushSubscription.AUTH_SECRET_BYTES];
    random.nextBytes(auth);
    String id = "sub-" + nextId.incrementAndGet() + "-" + Long.toHexString(random.nextLong());
    WebPushSubscription subscription = new WebPushSubscription(origin() + "/push/" + id, null,
      Base64Keys.encode(P256.encode((java.security.interfaces.ECPublicKey) keys.getPublic())), Base64Keys.encode(auth));
    subscriptions.put(id, new BrowserKeys(subscription, (ECPrivateKey) keys.getPrivate()));
    return subscription;
  }

  /** The browser unsubscribed: pushes to it get 410 Gone from now on. */
  public void unsubscribe(WebPushSubscription subscription) {
    String id = idOf(subscription.endpoint());
    subscriptions.remove(id);
    unsubscribed.add(id);
  }

  /** Answers the next requests with these, in order, then goes back to normal. */
  public void respondNext(ScriptedResponse... responses) {
    script.addAll(java.util.List.of(responses));
  }

  /** {@link #respondNext(ScriptedResponse...)} with bare statuses. */
  public void respondNext(int... statuses) {
    for (int status : statuses) {
      script.add(ScriptedResponse.status(status));
    }
  }

  /** Pushes accepted and decrypted, in arrival order. */
  public BlockingQueue<ReceivedPush> received() {
    return received;
  }

  /** Requests the service refused after checking them, as {@code "<status> <why>"}. */
  public BlockingQueue<String> refusals() {
    return refusals;
  }

  /** Every request that reached the service, answered or not. */
  public int requestCount() {
    return requests.get();
  }

  /** {@code http://127.0.0.1:<port>}: what the VAPID {@code aud} must be. */
  public String origin() {
    return "http://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  @Override
  public void close() {
    try {
      server.close().await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("the fake push service did not stop", e);
    }
  }

  private void handle(HttpServerRequest request) {
    requests.incrementAndGet();
    request.body().onComplete(body -> {
      if (body.failed()) {
        return;
      }
      ScriptedResponse scripted = script.poll();
      if (scripted != null && scripted.hangs()) {
        return;
      }
      if (scripted != null && (scripted.status() < 200 || scripted.status() >= 300)) {
        answer(request, scripted.status(), scripted.headers(), scripted.body());
        return;
      }
      int status = accept(request, body.result());
      if (status >= 200 && status < 300 && scripted != null) {
        answer(request, scripted.status(), scripted.headers(), scripted.body());
      } else if (status >= 200 && status < 300) {
        answer(request, status, Map.of("Location", "/message/" + nextId.incrementAndGet()), "");
      }
    });
  }

  /** The checks of a real push service; answers a refusal itself and returns its status, else 201. */
  private int accept(HttpServerRequest request, Buffer body) {
    String id = request.path().startsWith("/push/") ? idOf(request.path()) : null;
    if (request.method() != HttpMethod.POST) {
      return refuse(request, 405, "method " + request.method());
    }
    if (id == null || unsubscribed.contains(id)) {
      return refuse(request, id == null ? 404 : 410, "no subscription at " + request.path());
    }
    BrowserKeys browser = subscriptions.get(id);
    if (browser == null) {
      return refuse(request, 404, "no subscription " + id);
    }
    VapidJwt vapid;
    String authorization = request.getHeader("Authorization");
    try {
      vapid = VapidJwt.verifyAuthorization(authorization, applicationServerKey, origin(), Instant.now());
    } catch (IllegalArgumentException e) {
      return refuse(request, e.getMessage().startsWith("k=") ? 403 : 401, e.getMessage());
    }
    if (!"aes128gcm".equalsIgnoreCase(request.getHeader("Content-Encoding"))) {
      return refuse(request, 415, "Content-Encoding is " + request.getHeader("Content-Encoding") + ", not aes128gcm");
    }
    long ttl;
    try {
      ttl = Long.parseLong(request.getHeader("TTL"));
      if (ttl < 0) {
        throw new NumberFormatException("negative");
      }
    } catch (NumberFormatException e) {
      return refuse(request, 400, "TTL is missing or not a non-negative integer: " + request.getHeader("TTL"));
    }
    String urgency = request.getHeader("Urgency");
    if (urgency != null && !URGENCIES.contains(urgency)) {
      return refuse(request, 400, "Urgency " + urgency + " is not one of " + URGENCIES);
    }
    if (body.length() > MAX_BODY_BYTES) {
      return refuse(request, 413, "body of " + body.length() + " bytes");
    }
    byte[] payload;
    try {
      payload = WebPushEncryption.decrypt(body.getBytes(), browser.privateKey(),
        browser.subscription().p256dhBytes(), browser.subscription().authBytes());
    } catch (IllegalArgumentException e) {
      return refuse(request, 400, "body does not decrypt: " + e.getMessage());
    }
    received.add(new ReceivedPush(browser.subscription(), payload, ttl, urgency, vapid, authorization));
    return 201;
  }

  private int refuse(HttpServerRequest request, int status, String why) {
    refusals.add(status + " " + why);
    answer(request, status, Map.of(), why);
    return status;
  }

  private static void answer(HttpServerRequest request, int status, Map<String, String> headers, String body) {
    request.response().setStatusCode(status);
    headers.forEach(request.response()::putHeader);
    request.response().end(body);
  }

  private static String idOf(String endpointOrPath) {
    return endpointOrPath.substring(endpointOrPath.lastIndexOf('/') + 1);
  }
}
