package dev.switchboard.e2e;

import dev.switchboard.auth.TokenSigner;
import dev.switchboard.bus.Envelope;
import dev.switchboard.dialect.socketio.SocketIoAckOptions;
import dev.switchboard.dialect.socketio.SocketIoEmitResult;
import dev.switchboard.dialect.socketio.SocketIoEndpoint;
import dev.switchboard.testing.SocketIoNodeClient;
import dev.switchboard.testing.TestBroker;
import dev.switchboard.testing.TestResources;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The socket.io dialect on one node, driven by the official npm client (socket.io-client 4.x): the three ways to
 * connect (WebSocket only, polling only, polling then upgrade), namespaces, JWT handshake auth with claim rooms,
 * user_login, events and acks both ways, binary both ways, and the Engine.IO HTTP rules (413, CORS, origins).
 */
class SocketIoSingleNodeEndToEndTest {

  private static final String SECRET = "socketio-test-secret-0123456789abcdef";
  private static TestBroker broker;
  private static SocketIoNodeClient node;
  private static String url;

  @BeforeAll
  static void start() {
    broker = TestBroker.start(new JsonObject()
      .put("jwt", new JsonObject().put("secret", SECRET))
      .put("public", new JsonObject().put("allowedOrigins", new JsonArray().add("http://allowed.example")))
      .put("socketio", new JsonObject().put("pingIntervalMs", 1000).put("pingTimeoutMs", 1000)
        .put("maxPayload", 10000)
        .put("auth", new JsonObject().put("roomClaims", new JsonObject().put("merchant_id", "merchant:{value}")))));
    node = SocketIoNodeClient.start();
    url = "http://127.0.0.1:" + broker.publicPort();
  }

  @AfterAll
  static void stop() throws Exception {
    TestResources.closeAll(node, broker);
  }

  private static JsonObject transports(String... names) {
    return new JsonObject().put("transports", new JsonArray(java.util.List.of((Object[]) names)));
  }

  private static String token(JsonObject claims) {
    return new TokenSigner(broker.vertx(), SECRET).sign(claims);
  }

  private static SocketIoEndpoint endpoint() {
    return dev.switchboard.dialect.socketio.SocketIoEndpoints.any(broker.nodeId());
  }

  @Test
  void webSocketOnlyClientConnectsEmitsWithAckAndStaysAliveOverHeartbeats() throws Exception {
    JsonObject connected = node.connect("ws", url + "/web", transports("websocket"));
    assertEquals("connect", connected.getString("type"));
    assertEquals("websocket", connected.getString("transport"));
    assertTrue(connected.getString("id").startsWith(broker.nodeId() + "."), connected.encode());
    // No app: user_login is answered by the broker itself, event and ack.
    JsonObject ack = node.emitWithAck("ws", "user_login", new JsonArray().add(new JsonObject().put("userId", 7)));
    assertEquals(new JsonArray().add(new JsonObject().put("succeeded", true)), ack.getJsonArray("args"));
    assertEquals(new JsonObject().put("succeeded", true), node.nextEvent("ws", "login_info").getJsonArray("args")
      .getJsonObject(0));
    // Heartbeat: 1 s ping interval, 1 s timeout; the client stays connected through several.
    Thread.sleep(3000);
    node.expectNone(e -> "ws".equals(e.getString("client")) && "disconnect".equals(e.getString("type")), 10);
    // user_login joined room7: an emit to the room and one to the user reach it.
    SocketIoEmitResult toRoom = endpoint().emit("/web", new Envelope.Target(Envelope.TargetKind.ROOM, "room7"),
      "order", new JsonArray().add(new JsonObject().put("orderSum", 3)).encode(), null)
      .await(5, TimeUnit.SECONDS);
    assertEquals(1, toRoom.reached());
    assertEquals(3, node.nextEvent("ws", "order").getJsonArray("args").getJsonObject(0).getInteger("orderSum"));
    node.emit("ws", "user_login", new JsonArray().add(new JsonObject()));
    assertEquals("user_login needs a userId", node.nextEvent("ws", "error_message").getJsonArray("args")
      .getJsonObject(0).getString("message"));
    node.disconnect("ws");
    assertEquals("io client disconnect", node.next("ws", "disconnect").getString("reason"));
  }

  @Test
  void pollingOnlyClientReceivesEmitsAndAnswersServerAcks() throws Exception {
    JsonObject connected = node.connect("poll", url + "/app", transports("polling"), new JsonArray().add("pong!"));
    assertEquals("polling", connected.getString("transport"));
    SocketIoEmitResult result = endpoint().emit("/app", Envelope.Target.connection(connected.getString("id")),
      "question", "[1,\"two\"]", new SocketIoAckOptions(2000, 0)).await(5, TimeUnit.SECONDS);
    assertEquals(1, result.reached());
    assertEquals(new JsonArray().add("pong!"), result.acks().get(0).getJsonArray("args"));
    assertEquals(new JsonArray().add(1).add("two"), node.nextEvent("poll", "question").getJsonArray("args"));
    assertEquals("polling", node.transport("poll"));
    node.disconnect("poll");
  }

  @Test
  void pollingClientUpgradesToWebSocketAndKeepsItsSocket() throws Exception {
    JsonObject connected = node.connect("up", url + "/", transports("polling", "websocket"));
    assertEquals("connect", connected.getString("type"));
    // The WebSocket may land on either gateway instance; on the owner it upgrades.
    SocketIoEmitResult result = endpoint().emit("/", Envelope.Target.connection(connected.getString("id")),
      "hello", "[\"after connect\"]", null).await(5, TimeUnit.SECONDS);
    assertEquals(1, result.reached());
    assertEquals("after connect", node.nextEvent("up", "hello").getJsonArray("args").getString(0));
    node.disconnect("up");
  }

  @Test
  void unknownNamespaceIsRefusedWithInvalidNamespace() throws Exception {
    JsonObject refused = node.connect("bad", url + "/nope", transports("websocket"));
    assertEquals("connect_error", refused.getString("type"));
    assertEquals("Invalid namespace", refused.getString("message"));
  }

  @Test
  void jwtFromAuthJoinsClaimRoomsAndABadTokenIsRefused() throws Exception {
    String good = token(new JsonObject().put("sub", "merchant-owner").put("merchant_id", 42));
    JsonObject connected = node.connect("jwt", url + "/web",
      transports("websocket").put("auth", new JsonObject().put("token", good)));
    assertEquals("connect", connected.getString("type"));
    SocketIoEmitResult toRoom = endpoint().emit("/web", new Envelope.Target(Envelope.TargetKind.ROOM, "merchant:42"),
      "order", "[{\"price\":36}]", null).await(5, TimeUnit.SECONDS);
    assertEquals(1, toRoom.reached());
    assertEquals(36, node.nextEvent("jwt", "order").getJsonArray("args").getJsonObject(0).getInteger("price"));
    SocketIoEmitResult toUser = endpoint().emit("/web", new Envelope.Target(Envelope.TargetKind.USER, "merchant-owner"),
      "hi", "[]", null).await(5, TimeUnit.SECONDS);
    assertEquals(1, toUser.reached());
    node.nextEvent("jwt", "hi");
    node.disconnect("jwt");

    JsonObject viaQuery = node.connect("jwtq", url + "/web",
      transports("polling").put("query", new JsonObject().put("token", good)));
    assertEquals("connect", viaQuery.getString("type"));
    node.disconnect("jwtq");

    JsonObject refused = node.connect("badjwt", url + "/web",
      transports("websocket").put("auth", new JsonObject().put("token", good + "x")));
    assertEquals("connect_error", refused.getString("type"));
    assertEquals("authentication error", refused.getString("message"));
  }

  @Test
  void binaryArgumentsTravelBothWays() throws Exception {
    JsonObject connected = node.connect("bin", url + "/", transports("websocket"), new JsonArray()
      .add(new JsonObject().put("$b64", Base64.getEncoder().encodeToString(new byte[] {9, 8, 7}))));
    byte[] data = {1, 2, 3, (byte) 255};
    SocketIoEmitResult result = endpoint().emit("/", Envelope.Target.connection(connected.getString("id")), "file",
      new JsonArray().add("name.bin").add(new JsonObject().put("$binary", Base64.getEncoder().encodeToString(data)))
        .encode(), new SocketIoAckOptions(2000, 0)).await(5, TimeUnit.SECONDS);
    JsonObject received = node.nextEvent("bin", "file");
    assertEquals(Base64.getEncoder().encodeToString(data), received.getJsonArray("args").getJsonObject(1)
      .getString("$b64"));
    // The client's binary ack comes back in the app's form.
    assertEquals(Base64.getEncoder().encodeToString(new byte[] {9, 8, 7}),
      result.acks().get(0).getJsonArray("args").getJsonObject(0).getString("$binary"));
    node.disconnect("bin");
  }

  @Test
  void pollingRulesOriginsAndPayloadLimit() throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    String base = url + "/socket.io/?EIO=4&transport=polling";
    HttpResponse<String> handshake = http.send(HttpRequest.newBuilder(URI.create(base)).build(),
      HttpResponse.BodyHandlers.ofString());
    assertEquals(200, handshake.statusCode());
    assertTrue(handshake.body().startsWith("0{\"sid\":\""), handshake.body());
    String sid = new JsonObject(handshake.body().substring(1)).getString("sid");
    HttpResponse<String> tooBig = http.send(HttpRequest.newBuilder(URI.create(base + "&sid=" + sid))
      .POST(HttpRequest.BodyPublishers.ofString("4" + "x".repeat(20000))).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(413, tooBig.statusCode());
    HttpResponse<String> forbidden = http.send(HttpRequest.newBuilder(URI.create(base))
      .header("Origin", "http://evil.example").build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(403, forbidden.statusCode());
    assertEquals(4, new JsonObject(forbidden.body()).getInteger("code"));
    HttpResponse<String> preflight = http.send(HttpRequest.newBuilder(URI.create(base))
      .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "http://allowed.example")
      .header("Access-Control-Request-Method", "POST").build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(204, preflight.statusCode());
    assertEquals("http://allowed.example", preflight.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
    HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(URI.create(base + "&sid=" + broker.nodeId()
      + ".0.999-zzz")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(400, unknown.statusCode());
    assertEquals("Session ID unknown", new JsonObject(unknown.body()).getString("message"));
  }
}
