package dev.switchboard.e2e;

import dev.switchboard.dialect.push.webpush.FakePushService;
import dev.switchboard.dialect.push.webpush.VapidKeys;
import dev.switchboard.dialect.push.webpush.WebPushSubscription;
import dev.switchboard.testing.PushPeers;
import dev.switchboard.testing.TestBroker;
import dev.switchboard.testing.TestSocket;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.switchboard.testing.PushPeers.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Web Push for real (SPEC §2): the broker encrypts (RFC 8291) and signs (RFC 8292) for a fake push service on
 * loopback that verifies the VAPID JWT and decrypts the body with the subscription's private key.
 */
class PushWebPushEndToEndTest {

  private static final String TOKEN = "webpush-token";
  private Vertx peers;
  private VapidKeys keys;
  private FakePushService pushService;
  private TestBroker broker;
  private final List<TestSocket> opened = new ArrayList<>();

  @BeforeEach
  void start() {
    peers = Vertx.vertx();
    keys = VapidKeys.generate();
    pushService = FakePushService.start(peers, keys.publicKeyBase64Url());
    broker = TestBroker.start(new JsonObject().put("push", new JsonObject().put("token", TOKEN)
      .put("waitTimeoutMs", 1500).put("retryMs", 60_000)
      .put("webpush", new JsonObject().put("publicKey", keys.publicKeyBase64Url())
        .put("privateKey", keys.privateKeyBase64Url()).put("subject", "mailto:ops@example.org"))));
  }

  @AfterEach
  void stop() {
    opened.forEach(TestSocket::close);
    broker.close();
    pushService.close();
    peers.close();
  }

  private TestSocket user(String name) {
    TestSocket socket = TestSocket.connect(peers, broker.publicPort(), PATH, null);
    opened.add(socket);
    socket.send(auth(TOKEN, name, null));
    JsonObject reply = socket.next(f -> "AUTH".equals(f.getString("cmd"))).getJsonObject("data");
    assertEquals(200, reply.getInteger("code"));
    assertEquals(keys.publicKeyBase64Url(), reply.getString("fcmServerKey"));
    return socket;
  }

  /** Registers a browser subscription; REGISTER_FCM has no reply but takes effect before the next packet. */
  private WebPushSubscription register(TestSocket socket) {
    WebPushSubscription subscription = pushService.subscribe();
    socket.send(packet("REGISTER_FCM", subscription.toJson()));
    socket.send(packet("PING", null));
    socket.next(f -> "PONG".equals(f.getString("cmd")));
    return subscription;
  }

  @Test
  void anOfflineNameGetsTheMessagePacketByWebPushAndCanConfirmIt() throws Exception {
    TestSocket bob = user("bob");
    register(bob);
    bob.close();
    TestSocket alice = user("alice");
    alice.send(personal("bob", "wake up"));
    FakePushService.ReceivedPush push = pushService.received().poll(10, TimeUnit.SECONDS);
    assertNotNull(push, "no push arrived; refusals: " + pushService.refusals());
    JsonObject packet = new JsonObject(push.text());
    assertEquals("MESSAGE", packet.getString("cmd"));
    assertEquals("wake up", packet.getJsonObject("data").getJsonObject("message").getString("text"));
    assertEquals("high", push.urgency());
    assertTrue(push.ttlSeconds() > 0);
    String mid = packet.getJsonObject("data").getString("mid");
    JsonObject reply = nextReply(alice);
    assertEquals(mid, reply.getString("mid"));
    assertEquals(new JsonObject().put("bob", "fcm-ok"), reply.getJsonObject("status"));

    // The service worker confirms over HTTP with bob's auth token: the message leaves bob's mailbox.
    String bobAuth = httpAuth("bob");
    HttpClient http = peers.createHttpClient();
    int status = http.request(HttpMethod.POST, broker.publicPort(), "127.0.0.1", "/push")
      .compose(request -> request.send(packet("MESSAGE_FCM_CALLBACK", new JsonObject().put("mid", mid))
        .put("auth", bobAuth).toBuffer()))
      .map(response -> response.statusCode()).await(10, TimeUnit.SECONDS);
    assertEquals(200, status);
    TestSocket back = user("bob");
    back.expectSilence(800);
    http.close();
  }

  @Test
  void aGoneSubscriptionIsDropped() throws Exception {
    TestSocket bob = user("bob");
    register(bob);
    bob.close();
    TestSocket alice = user("alice");
    pushService.respondNext(410);
    alice.send(personal("bob", "first"));
    nextReply(alice);
    int requests = pushService.requestCount();
    assertEquals(1, requests);
    alice.send(personal("bob", "second"));
    nextReply(alice);
    assertEquals(requests, pushService.requestCount(), "a 410 subscription must not be used again");
  }

  @Test
  void aServerErrorIsRetriedWithBackoff() throws Exception {
    TestSocket bob = user("bob");
    register(bob);
    bob.close();
    TestSocket alice = user("alice");
    pushService.respondNext(503);
    alice.send(personal("bob", "persist"));
    FakePushService.ReceivedPush push = pushService.received().poll(10, TimeUnit.SECONDS);
    assertNotNull(push);
    assertTrue(pushService.requestCount() >= 2, "the 503 was followed by a retry");
    assertTrue(push.text().contains("persist"));
  }

  @Test
  void anInvalidSubscriptionGetsInfo() {
    TestSocket bob = user("bob");
    bob.send(packet("REGISTER_FCM", new JsonObject().put("endpoint", "not a url")));
    assertTrue(bob.next(f -> "INFO".equals(f.getString("cmd"))).getString("data").startsWith("invalid subscription"));
  }

  private String httpAuth(String name) throws Exception {
    HttpClient http = peers.createHttpClient();
    try {
      return http.request(HttpMethod.POST, broker.publicPort(), "127.0.0.1", "/push")
        .compose(request -> request.send(auth(TOKEN, name, null).toBuffer()).compose(response -> response.body()))
        .await(10, TimeUnit.SECONDS).toJsonObject().getJsonObject("data").getString("auth");
    } finally {
      http.close();
    }
  }
}
