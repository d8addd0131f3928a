package dev.switchboard.e2e;

import dev.switchboard.auth.TokenSigner;
import dev.switchboard.bus.Envelope;
import dev.switchboard.dialect.socketio.SocketIoAckOptions;
import dev.switchboard.dialect.socketio.SocketIoEmitResult;
import dev.switchboard.dialect.socketio.SocketIoEndpoint;
import dev.switchboard.dialect.socketio.SocketIoEndpoints;
import dev.switchboard.testing.SocketIoNodeClient;
import dev.switchboard.testing.TestBroker;
import dev.switchboard.testing.TestResources;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static dev.switchboard.testing.SocketIoNodeClient.transports;
import static org.junit.jupiter.api.Assertions.*;

/**
 * SPEC §3 rules on one node, each end to end with the official npm client (or, for a malformed packet, a raw
 * WebSocket): the connect timeout of a session that joins no namespace, JWT from {@code Authorization: Bearer}
 * (valid, invalid, expired), {@code socketio.auth.required} both ways, a number claim rendered into a room name,
 * an invalid Socket.IO packet closing the connection, and a server → client ack that times out and is retried.
 */
class SocketIoRulesEndToEndTest {

  private static final String SECRET = "socketio-rules-secret-0123456789abcdef";
  private static final long CONNECT_TIMEOUT_MS = 1500;
  private static TestBroker broker;
  private static SocketIoNodeClient node;
  private static String url;

  @BeforeAll
  static void start() {
    broker = TestBroker.start(brokerConfig(false, null));
    node = SocketIoNodeClient.start();
    url = "http://127.0.0.1:" + broker.publicPort();
  }

  /** {@code connectTimeoutMs} null: the default (45 s), so a slow machine never turns a refusal into a timeout. */
  private static JsonObject brokerConfig(boolean authRequired, Long connectTimeoutMs) {
    JsonObject socketio = new JsonObject().put("auth", new JsonObject().put("required", authRequired)
      .put("roomClaims", new JsonObject().put("merchant_id", "merchant:{value}")));
    if (connectTimeoutMs != null) {
      socketio.put("connectTimeoutMs", connectTimeoutMs);
    }
    return new JsonObject().put("jwt", new JsonObject().put("secret", SECRET)).put("socketio", socketio);
  }

  @AfterAll
  static void stop() throws Exception {
    TestResources.closeAll(node, broker);
  }

  private static String token(JsonObject claims) {
    return new TokenSigner(broker.vertx(), SECRET).sign(claims);
  }

  /**
   * The token with one character of its signature changed. Not the last ones: a base64url signature's last
   * character has bits no byte uses, so some changes there leave the signature the same.
   */
  private static String tampered(String token) {
    int at = token.length() - 10;
    char replacement = token.charAt(at) == 'A' ? 'B' : 'A';
    return token.substring(0, at) + replacement + token.substring(at + 1);
  }

  private static JsonObject bearer(String token) {
    return new JsonObject().put("Authorization", "Bearer " + token);
  }

  private static SocketIoEndpoint endpoint() {
    return SocketIoEndpoints.any(broker.nodeId());
  }

  @Test
  void aSessionThatConnectsNoNamespaceIsClosedAfterTheConnectTimeoutAndAConnectedOneIsNot() throws Exception {
    try (TestBroker quick = TestBroker.start(brokerConfig(false, CONNECT_TIMEOUT_MS))) {
      String quickUrl = "http://127.0.0.1:" + quick.publicPort();
      String busy = node.connect("busy", quickUrl + "/", transports("websocket")).getString("id");
      for (String transport : new String[] {"websocket", "polling"}) {
        String name = "idle-" + transport;
        long opened = System.nanoTime();
        JsonObject open = node.openEngine(name, quickUrl, transports(transport));
        assertEquals("engine_open", open.getString("type"), open.encode());
        JsonObject closed = node.next(name, "engine_close");
        long afterMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - opened);
        assertTrue(afterMs >= CONNECT_TIMEOUT_MS - 100, transport + " closed after only " + afterMs + " ms");
        assertTrue(afterMs < CONNECT_TIMEOUT_MS + 5000, transport + " closed after " + afterMs + " ms");
        assertNotNull(closed.getString("reason"));
      }
      // The client that connected a namespace at once is still there, well past the timeout.
      SocketIoEmitResult stillThere = SocketIoEndpoints.any(quick.nodeId()).emit("/", Envelope.Target.connection(busy),
        "still", "[]", null).await(5, TimeUnit.SECONDS);
      assertEquals(1, stillThere.reached());
      node.nextEvent("busy", "still");
      node.disconnect("busy");
    }
  }

  @Test
  void aBearerHeaderTokenIsVerifiedAndItsNumberClaimNamesARoom() throws Exception {
    String good = token(new JsonObject().put("sub", "owner-42").put("merchant_id", 42));
    JsonObject connected = node.connect("bearer", url + "/web",
      transports("websocket").put("extraHeaders", bearer(good)));
    assertEquals("connect", connected.getString("type"), connected.encode());
    SocketIoEmitResult toRoom = endpoint().emit("/web", new Envelope.Target(Envelope.TargetKind.ROOM, "merchant:42"),
      "order", "[{\"orderId\":1}]", null).await(5, TimeUnit.SECONDS);
    assertEquals(1, toRoom.reached());
    assertEquals(1, node.nextEvent("bearer", "order").getJsonArray("args").getJsonObject(0).getInteger("orderId"));
    SocketIoEmitResult toUser = endpoint().emit("/web", new Envelope.Target(Envelope.TargetKind.USER, "owner-42"),
      "hello", "[]", null).await(5, TimeUnit.SECONDS);
    assertEquals(1, toUser.reached());
    node.disconnect("bearer");

    // The same header over long-polling (every request carries it).
    JsonObject polling = node.connect("bearer-poll", url + "/web",
      transports("polling").put("extraHeaders", bearer(good)));
    assertEquals("connect", polling.getString("type"), polling.encode());
    node.disconnect("bearer-poll");

    JsonObject tampered = node.connect("bearer-bad", url + "/web",
      transports("websocket").put("extraHeaders", bearer(tampered(good))));
    assertEquals("connect_error", tampered.getString("type"));
    assertEquals("authentication error", tampered.getString("message"));

    long hourAgo = System.currentTimeMillis() / 1000 - 3600;
    String expired = token(new JsonObject().put("sub", "owner-42").put("exp", hourAgo));
    JsonObject refused = node.connect("bearer-expired", url + "/web",
      transports("polling").put("extraHeaders", bearer(expired)));
    assertEquals("connect_error", refused.getString("type"));
    assertEquals("authentication error", refused.getString("message"));
  }

  @Test
  void withoutAuthRequiredAClientWithNoTokenIsAccepted() {
    JsonObject anonymous = node.connect("anonymous", url + "/app", transports("websocket"));
    assertEquals("connect", anonymous.getString("type"), anonymous.encode());
    node.disconnect("anonymous");
  }

  @Test
  void withAuthRequiredAClientWithNoTokenIsRefusedAndOneWithATokenAccepted() {
    try (TestBroker strict = TestBroker.start(brokerConfig(true, null))) {
      String strictUrl = "http://127.0.0.1:" + strict.publicPort();
      for (String transport : new String[] {"websocket", "polling"}) {
        JsonObject refused = node.connect("no-token-" + transport, strictUrl + "/web", transports(transport));
        assertEquals("connect_error", refused.getString("type"), refused.encode());
        assertEquals("authentication error", refused.getString("message"));
      }
      JsonObject accepted = node.connect("with-token", strictUrl + "/web", transports("websocket")
        .put("auth", new JsonObject().put("token", token(new JsonObject().put("sub", "u1")))));
      assertEquals("connect", accepted.getString("type"), accepted.encode());
      JsonObject viaHeader = node.connect("with-bearer", strictUrl + "/web", transports("websocket")
        .put("extraHeaders", bearer(token(new JsonObject().put("sub", "u2")))));
      assertEquals("connect", viaHeader.getString("type"), viaHeader.encode());
      node.disconnect("with-token");
      node.disconnect("with-bearer");
    }
  }

  @Test
  void anInvalidSocketIoPacketClosesTheConnection() throws Exception {
    // Raw Engine.IO over a WebSocket, so the test can put what no official client would send on the wire.
    String[] invalid = {"42{}", "4abc", "43[\"no ack id\"]", "42[\"connect\"]"};
    WebSocketClient client = broker.vertx().createWebSocketClient();
    try {
      for (String packet : invalid) {
        BlockingQueue<String> frames = new LinkedBlockingQueue<>();
        CompletableFuture<Void> closed = new CompletableFuture<>();
        WebSocket socket = client.connect(new WebSocketConnectOptions().setHost("127.0.0.1")
            .setPort(broker.publicPort()).setURI("/socket.io/?EIO=4&transport=websocket"))
          .map(ws -> {
            ws.textMessageHandler(frames::add);
            ws.closeHandler(ignored -> closed.complete(null));
            return ws;
          }).await(10, TimeUnit.SECONDS);
        assertTrue(frames.poll(10, TimeUnit.SECONDS).startsWith("0{\"sid\""));
        socket.writeTextMessage("40");
        String connected = frames.poll(10, TimeUnit.SECONDS);
        assertNotNull(connected);
        assertTrue(connected.startsWith("40{\"sid\""), connected);
        // A well-formed event first: the connection is fine until the bad packet.
        socket.writeTextMessage("42[\"fine\",1]");
        assertFalse(closed.isDone());
        socket.writeTextMessage(packet);
        closed.get(10, TimeUnit.SECONDS);
        assertTrue(socket.isClosed(), packet);
      }
    } finally {
      client.close();
    }
  }

  @Test
  void aServerAckThatIsNotAnsweredIsRetriedAndThenReportedAsTimeout() throws Exception {
    JsonObject connected = node.connectWithoutAcking("silent", url + "/app", transports("websocket"));
    String socketId = connected.getString("id");
    long started = System.nanoTime();
    SocketIoEmitResult result = endpoint().emit("/app", Envelope.Target.connection(socketId), "question",
      "[\"anyone?\"]", new SocketIoAckOptions(400, 1)).await(10, TimeUnit.SECONDS);
    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    assertEquals(1, result.reached());
    assertEquals(1, result.acks().size());
    assertEquals(socketId, result.acks().get(0).getString("conn"));
    assertEquals("TIMEOUT", result.acks().get(0).getString("error"));
    // Two tries of 400 ms each before the answer.
    assertTrue(tookMs >= 750, "answered after " + tookMs + " ms");
    JsonObject first = node.nextEvent("silent", "question");
    JsonObject retry = node.nextEvent("silent", "question");
    assertFalse(first.getBoolean("acked"));
    assertEquals(first.getJsonArray("args"), retry.getJsonArray("args"));
    node.disconnect("silent");
  }
}
