package dev.switchboard.e2e;

import dev.switchboard.auth.TokenSigner;
import dev.switchboard.testing.ApiClient;
import dev.switchboard.testing.PushPeers;
import dev.switchboard.testing.TestBroker;
import dev.switchboard.testing.TestSocket;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.switchboard.testing.PushPeers.*;
import static org.junit.jupiter.api.Assertions.*;

/** SPEC §2 (push dialect) on one real broker with real WebSocket clients. */
class PushSingleNodeEndToEndTest {

  private static final String TOKEN = "push-secret";
  private static final String JWT_SECRET = "jwt-secret-for-tests-0123456789abcdef";
  private static Vertx peers;
  private final List<TestSocket> opened = new ArrayList<>();
  private TestBroker broker;

  @BeforeAll
  static void startPeers() {
    peers = Vertx.vertx();
  }

  @AfterAll
  static void stopPeers() {
    peers.close();
  }

  @AfterEach
  void stopAll() {
    opened.forEach(TestSocket::close);
    if (broker != null) {
      broker.close();
    }
  }

  private void broker(JsonObject push) {
    broker = TestBroker.start(new JsonObject().put("push", new JsonObject().put("token", TOKEN).mergeIn(push))
      .put("jwt", new JsonObject().put("secret", JWT_SECRET)));
  }

  private TestSocket raw() {
    TestSocket socket = TestSocket.connect(peers, broker.publicPort(), PATH, null);
    opened.add(socket);
    return socket;
  }

  private TestSocket user(String name, String group) {
    TestSocket socket = PushPeers.authenticated(peers, broker.publicPort(), TOKEN, name, group);
    opened.add(socket);
    return socket;
  }

  private static JsonObject authData(TestSocket socket) {
    return socket.next(f -> "AUTH".equals(f.getString("cmd"))).getJsonObject("data");
  }

  private static String info(TestSocket socket) {
    return socket.next(f -> "INFO".equals(f.getString("cmd"))).getString("data");
  }

  // ---- auth ----

  @Test
  void theFirstPacketMustBeAuth() {
    broker(new JsonObject());
    TestSocket socket = raw();
    socket.send(personal("x", "hi"));
    assertEquals(new JsonObject().put("code", 401).put("msg", "Need Auth"), authData(socket));
    socket.send(packet("PING", null));
    assertEquals(401, authData(socket).getInteger("code"));
  }

  @Test
  void aWrongTokenIsRefusedAndTheRightOneAccepted() throws Exception {
    broker(new JsonObject());
    TestSocket socket = raw();
    socket.send(auth("wrong", "alice", null));
    assertEquals(new JsonObject().put("code", 403).put("msg", "Token invalid"), authData(socket));
    socket.send(auth(TOKEN, "alice", "team"));
    JsonObject ok = authData(socket);
    assertEquals(200, ok.getInteger("code"));
    assertEquals("Successful authentication", ok.getString("msg"));
    assertFalse(ok.containsKey("fcmServerKey"));
    // The issued token is an HS256 JWT of {name, group} signed with jwt.secret.
    JsonObject claims = new TokenSigner(peers, JWT_SECRET).verify(ok.getString("auth"))
      .await(5, java.util.concurrent.TimeUnit.SECONDS);
    assertEquals("alice", claims.getString("name"));
    assertEquals("team", claims.getString("group"));
  }

  @Test
  void aJwtIsAcceptedAndItsClaimsWin() throws Exception {
    broker(new JsonObject());
    String jwt = new TokenSigner(peers, JWT_SECRET).sign(new JsonObject().put("name", "fromClaim").put("group", "g"));
    TestSocket sender = user("sender", null);
    TestSocket socket = raw();
    socket.send(auth(jwt, "fromPacket", null));
    assertEquals(200, authData(socket).getInteger("code"));
    sender.send(personal("fromClaim", "to the claimed name"));
    assertEquals("to the claimed name", nextMessage(socket).getJsonObject("message").getString("text"));
    String forged = new TokenSigner(peers, "another-secret-another-secret-00").sign(new JsonObject().put("name", "x"));
    TestSocket refused = raw();
    refused.send(auth(forged, "x", null));
    assertEquals(403, authData(refused).getInteger("code"));
  }

  @Test
  void withoutTokenOrKeyEveryAuthIsRefused() {
    broker = TestBroker.start(new JsonObject());
    TestSocket socket = raw();
    socket.send(auth("anything", "a", null));
    assertEquals(403, authData(socket).getInteger("code"));
  }

  @Test
  void anUnauthenticatedConnectionIsClosedAfterTheTimeout() {
    broker(new JsonObject().put("authTimeoutMs", 300));
    TestSocket socket = raw();
    assertEquals(4006, socket.awaitClose());
  }

  @Test
  void pingIsAnsweredWithPong() {
    broker(new JsonObject());
    TestSocket alice = user("alice", null);
    alice.send(packet("PING", null));
    assertEquals(new JsonObject().put("cmd", "PONG").put("data", ""), alice.next(f -> "PONG".equals(f.getString("cmd"))));
  }

  @Test
  void badPacketsGetInfoAndTheConnectionStaysOpen() {
    broker(new JsonObject());
    TestSocket alice = user("alice", null);
    alice.send(packet("DANCE", null));
    assertEquals("Unknown cmd: DANCE", info(alice));
    alice.send(packet("MESSAGE", new JsonObject().put("sendType", "broadcast").put("target", "x")));
    assertEquals("sendType property must be 'personal' or 'group'", info(alice));
    alice.send(packet("MESSAGE", new JsonObject().put("sendType", "personal")));
    assertEquals("target property is required", info(alice));
    alice.send(packet("MESSAGE_CALLBACK", new JsonObject()));
    assertEquals("mid property is required", info(alice));
    alice.sendText("{oops");
    assertTrue(info(alice).contains("not valid JSON"));
    alice.sendText("[1]");
    assertTrue(info(alice).contains("JSON object"));
    alice.send(packet("REGISTER_FCM", new JsonObject().put("endpoint", "https://push.example/x")));
    assertEquals("web push is not configured on this server", info(alice));
    alice.send(packet("PING", null));
    alice.next(f -> "PONG".equals(f.getString("cmd")));
    assertFalse(alice.isClosed());
  }

  // ---- messaging ----

  @Test
  void aPersonalMessageIsDeliveredAcknowledgedAndReported() {
    broker(new JsonObject());
    TestSocket alice = user("alice", null);
    TestSocket bob = user("bob", null);
    alice.send(personal("bob", "hello"));
    JsonObject message = nextMessage(bob);
    assertEquals("personal", message.getString("sendType"));
    assertEquals("bob", message.getString("target"));
    assertEquals(new JsonObject().put("method", "websocket").put("name", "alice"), message.getJsonObject("from"));
    assertEquals(new JsonObject().put("text", "hello").put("desp", "").put("extra", new JsonObject()),
      message.getJsonObject("message"));
    String mid = message.getString("mid");
    long start = System.currentTimeMillis();
    bob.send(callback(mid));
    JsonObject reply = nextReply(alice);
    assertEquals(new JsonObject().put("mid", mid).put("status", new JsonObject().put("bob", "ok")), reply);
    assertTrue(System.currentTimeMillis() - start < 4000, "the reply must not wait for the timeout once all are ok");
  }

  @Test
  void anUnknownTargetIsReportedNo() {
    broker(new JsonObject());
    TestSocket alice = user("alice", null);
    alice.send(personal("nobody", "hello"));
    assertEquals(new JsonObject().put("nobody", "no"), nextReply(alice).getJsonObject("status"));
  }

  @Test
  void unacknowledgedMessagesAreResentUntilTheCallback() {
    broker(new JsonObject().put("retryMs", 300));
    TestSocket alice = user("alice", null);
    TestSocket bob = user("bob", null);
    alice.send(personal("bob", "again"));
    String mid = nextMessage(bob).getString("mid");
    assertEquals(mid, nextMessage(bob).getString("mid"));
    assertEquals(mid, nextMessage(bob).getString("mid"));
    bob.send(callback(mid));
    bob.expectSilence(1000);
  }

  @Test
  void atMostInflightMessagesAreUnacknowledgedAndOrderIsKept() {
    broker(new JsonObject().put("inflight", 2).put("retryMs", 60_000));
    TestSocket alice = user("alice", null);
    TestSocket bob = user("bob", null);
    for (int i = 0; i < 5; i++) {
      alice.send(personal("bob", "m" + i));
    }
    JsonObject first = nextMessage(bob);
    JsonObject second = nextMessage(bob);
    assertEquals("m0", first.getJsonObject("message").getString("text"));
    assertEquals("m1", second.getJsonObject("message").getString("text"));
    bob.expectSilence(500);
    for (int i = 2; i < 5; i++) {
      bob.send(callback(first.getString("mid")));
      first = second;
      second = nextMessage(bob);
      assertEquals("m" + i, second.getJsonObject("message").getString("text"));
    }
  }

  @Test
  void offlineMessagesWaitAndArriveInOrderOnReconnect() {
    broker(new JsonObject().put("waitTimeoutMs", 400));
    TestSocket alice = user("alice", null);
    user("bob", null).close();
    for (int i = 0; i < 3; i++) {
      alice.send(personal("bob", "offline " + i));
      assertEquals(new JsonObject().put("bob", "ready"), nextReply(alice).getJsonObject("status"));
    }
    TestSocket bob = user("bob", null);
    Set<String> mids = new HashSet<>();
    for (int i = 0; i < 3; i++) {
      JsonObject message = nextMessage(bob);
      assertEquals("offline " + i, message.getJsonObject("message").getString("text"));
      mids.add(message.getString("mid"));
      bob.send(callback(message.getString("mid")));
    }
    assertEquals(3, mids.size());
  }

  @Test
  void expiredMessagesAreNotDelivered() throws Exception {
    broker(new JsonObject().put("ttlMs", 300).put("waitTimeoutMs", 200));
    TestSocket alice = user("alice", null);
    user("bob", null).close();
    alice.send(personal("bob", "stale"));
    nextReply(alice);
    Thread.sleep(600);
    alice.send(personal("bob", "fresh"));
    nextReply(alice);
    TestSocket bob = user("bob", null);
    assertEquals("fresh", nextMessage(bob).getJsonObject("message").getString("text"));
  }

  @Test
  void everyMessageDroppedUnacknowledgedForItsTtlCountsOnceAsAnExpiredDelivery() throws Exception {
    broker(new JsonObject().put("ttlMs", 300).put("retryMs", 60_000).put("waitTimeoutMs", 200));
    TestSocket alice = user("alice", null);
    user("bob", null).close();
    alice.send(personal("bob", "one"));
    nextReply(alice);
    alice.send(personal("bob", "two"));
    nextReply(alice);
    // Nobody reads bob's mailbox: the sweep drops it once both messages outlived the TTL.
    assertTrue(expiredDeliveriesReach(2), "the messages of a mailbox dropped for its age were not counted");
    // Delivered but never acknowledged: the delivery window drops it, the mailbox sweep may race it; one counts.
    TestSocket bob = user("bob", null);
    alice.send(personal("bob", "three"));
    nextReply(alice);
    assertEquals("three", nextMessage(bob).getJsonObject("message").getString("text"));
    assertTrue(expiredDeliveriesReach(3), "the unacknowledged message was not counted");
    Thread.sleep(700);
    assertEquals(3, expiredDeliveries(), "a message was counted twice");
  }

  private double expiredDeliveries() {
    String metrics = new ApiClient(broker, null).get("/metrics").text();
    Matcher sample = Pattern.compile("(?m)^switchboard_deliveries_expired_total (\\S+)$").matcher(metrics);
    assertTrue(sample.find(), metrics);
    return Double.parseDouble(sample.group(1));
  }

  private boolean expiredDeliveriesReach(double expected) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 10_000;
    while (expiredDeliveries() < expected) {
      if (System.currentTimeMillis() > deadline) {
        return false;
      }
      Thread.sleep(50);
    }
    return true;
  }

  @Test
  void aNewAuthTakesTheNameOverWithItsQueue() {
    broker(new JsonObject().put("retryMs", 60_000));
    TestSocket alice = user("alice", null);
    TestSocket first = user("bob", null);
    alice.send(personal("bob", "unacknowledged"));
    String mid = nextMessage(first).getString("mid");
    TestSocket second = user("bob", null);
    assertTrue(first.next(f -> "INFO".equals(f.getString("cmd"))).getString("data").contains("elsewhere"));
    assertEquals(4005, first.awaitClose());
    assertEquals(mid, nextMessage(second).getString("mid"));
    alice.send(personal("bob", "after"));
    assertEquals("after", nextMessage(second).getJsonObject("message").getString("text"));
  }

  @Test
  void groupMessagesReachEveryMemberAndAnEmptyGroupGivesNothing() {
    broker(new JsonObject());
    TestSocket alice = user("alice", null);
    TestSocket carol = user("carol", "ops");
    TestSocket dave = user("dave", "ops");
    alice.send(group("ops", "to all"));
    JsonObject toCarol = nextMessage(carol);
    JsonObject toDave = nextMessage(dave);
    assertEquals("group", toCarol.getString("sendType"));
    assertEquals("ops", toCarol.getString("target"));
    assertEquals(toCarol.getString("mid"), toDave.getString("mid"));
    carol.send(callback(toCarol.getString("mid")));
    dave.send(callback(toDave.getString("mid")));
    assertEquals(new JsonObject().put("carol", "ok").put("dave", "ok"), nextReply(alice).getJsonObject("status"));
    alice.send(group("empty", "nobody"));
    assertEquals(new JsonObject(), nextReply(alice).getJsonObject("status"));
  }

  @Test
  void onlyTheAddresseeCanConfirmAMessage() {
    broker(new JsonObject().put("retryMs", 300));
    TestSocket alice = user("alice", null);
    TestSocket bob = user("bob", null);
    TestSocket mallory = user("mallory", null);
    alice.send(personal("bob", "mine"));
    String mid = nextMessage(bob).getString("mid");
    mallory.send(callback(mid));
    assertEquals(mid, nextMessage(bob).getString("mid"), "bob's message must still be re-sent");
  }

  @Test
  void midsAreUnique() {
    broker(new JsonObject());
    TestSocket alice = user("alice", null);
    TestSocket bob = user("bob", null);
    Set<String> mids = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      alice.send(personal("bob", "n" + i));
    }
    for (int i = 0; i < 50; i++) {
      JsonObject message = nextMessage(bob);
      mids.add(message.getString("mid"));
      bob.send(callback(message.getString("mid")));
    }
    assertEquals(50, mids.size());
  }
}
