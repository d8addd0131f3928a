package dev.switchboard.e2e;

import dev.switchboard.bus.Envelope;
import dev.switchboard.dialect.socketio.SocketIoAckOptions;
import dev.switchboard.dialect.socketio.SocketIoAddresses;
import dev.switchboard.dialect.socketio.SocketIoEmitResult;
import dev.switchboard.dialect.socketio.SocketIoEndpoints;
import dev.switchboard.testing.SocketIoNodeClient;
import dev.switchboard.testing.TestBroker;
import dev.switchboard.testing.TestResources;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The official socket.io v2 client (socket.io-client 2.5.0, Engine.IO 3) against {@code socketio.allowEIO3}:
 * over WebSocket only, polling only, and polling upgraded to WebSocket, it connects (to {@code /} without asking,
 * and to another namespace by CONNECT), emits both ways with acks both ways and binary attachments both ways, and
 * is refused an unknown namespace. With {@code allowEIO3} false the handshake is refused with Engine.IO error 5.
 */
class SocketIoV2ClientEndToEndTest {

  private static TestBroker broker;
  private static TestBroker withoutEio3;
  private static SocketIoNodeClient node;
  private static int clients;

  @BeforeAll
  static void start() {
    broker = TestBroker.start(new JsonObject().put("socketio", new JsonObject().put("pingIntervalMs", 1000)
      .put("pingTimeoutMs", 2000).put("allowEIO3", true)));
    withoutEio3 = TestBroker.start(new JsonObject().put("socketio", new JsonObject().put("allowEIO3", false)));
    node = SocketIoNodeClient.start();
  }

  @AfterAll
  static void stop() throws Exception {
    TestResources.closeAll(node, withoutEio3, broker);
  }

  @Test
  void overWebSocketOnly() throws Exception {
    exchange("/web", new JsonArray().add("websocket"), false);
  }

  @Test
  void overPollingOnly() throws Exception {
    // "/": the v2 client sends no CONNECT for it; the server connects it on its own.
    exchange("/", new JsonArray().add("polling"), false);
  }

  @Test
  void overPollingUpgradedToWebSocket() throws Exception {
    exchange("/", new JsonArray().add("polling").add("websocket"), true);
  }

  @Test
  void anUnknownNamespaceIsRefused() {
    JsonObject refused = node.connectV2("v2-nope", "http://127.0.0.1:" + broker.publicPort() + "/nope",
      new JsonObject().put("transports", new JsonArray().add("websocket")), null);
    assertEquals("connect_error", refused.getString("type"), refused.encode());
    // The v2 (revision 4) refusal is a bare string, not {message}.
    assertEquals("Invalid namespace", refused.getString("message"));
    node.disconnect("v2-nope");
  }

  @Test
  void withoutAllowEio3TheV2ClientIsRefused() throws Exception {
    String base = "http://127.0.0.1:" + withoutEio3.publicPort();
    JsonObject refused = node.connectV2("v2-off", base + "/", new JsonObject()
      .put("transports", new JsonArray().add("polling")), null);
    assertEquals("connect_error", refused.getString("type"), refused.encode());
    node.disconnect("v2-off");
    HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
      URI.create(base + "/socket.io/?EIO=3&transport=polling")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(400, answer.statusCode());
    assertEquals(new JsonObject().put("code", 5).put("message", "Unsupported protocol version"),
      new JsonObject(answer.body()));
  }

  private static void exchange(String namespace, JsonArray transports, boolean upgrade) throws Exception {
    String name = "v2-" + (++clients);
    JsonObject options = new JsonObject().put("transports", transports);
    JsonObject connected = node.connectV2(name, "http://127.0.0.1:" + broker.publicPort() + namespace, options,
      new JsonArray().add("v2-ok"));
    assertEquals("connect", connected.getString("type"), connected.encode());
    if (upgrade) {
      assertEquals("websocket", node.next(name, "upgrade").getString("transport"));
    }
    String socketId = connected.getString("id");
    // v2 names a namespace socket "<namespace>#<engine.io id>"; ours is our own id, and the server knows it.
    assertFalse(socketId == null || socketId.isEmpty());

    BlockingQueue<JsonObject> published = new LinkedBlockingQueue<>();
    MessageConsumer<Envelope> events = broker.vertx().eventBus().<Envelope>consumer(SocketIoAddresses.EVENTS,
      message -> published.add(new JsonObject().put("name", message.body().name())
        .put("from", message.body().source()).put("args", new JsonArray(message.body().payload()))));
    events.completion().await(5, TimeUnit.SECONDS);
    try {
      // Client → server with an ack answered by the server (user_login), and the server's event back.
      JsonObject ack = node.emitWithAck(name, "user_login", new JsonArray().add(new JsonObject().put("userId", 7)));
      assertNull(ack.getValue("error"), ack.encode());
      assertTrue(ack.getJsonArray("args").getJsonObject(0).getBoolean("succeeded"));
      assertTrue(node.nextEvent(name, "login_info").getJsonArray("args").getJsonObject(0).getBoolean("succeeded"));
      // Client → server binary attachment.
      node.emit(name, "bytes", new JsonArray().add("tag").add(new JsonObject().put("$b64", "AQID")));
      JsonObject event = published.poll(10, TimeUnit.SECONDS);
      assertNotNull(event, "the v2 client's binary event was not published");
      assertEquals("bytes", event.getString("name"));
      assertEquals(new JsonArray().add("tag").add(new JsonObject().put("$binary", "AQID")), event.getJsonArray("args"));
      // Server → client: an event with a binary attachment to the user's room, with an ack the client answers.
      SocketIoEmitResult result = SocketIoEndpoints.any(broker.nodeId()).emit(namespace,
        new Envelope.Target(Envelope.TargetKind.ROOM, "room7"), "blob", "[\"b\",{\"$binary\":\"BAUG\"}]",
        new SocketIoAckOptions(10_000, 0)).await(20, TimeUnit.SECONDS);
      JsonArray received = node.nextEvent(name, "blob").getJsonArray("args");
      assertEquals("b", received.getString(0));
      assertEquals("BAUG", received.getJsonObject(1).getString("$b64"));
      assertEquals(1, result.reached());
      assertEquals(new JsonArray().add("v2-ok"), result.acks().get(0).getJsonArray("args"));
      if (upgrade) {
        assertEquals("websocket", node.transport(name));
      }
    } finally {
      events.unregister();
    }
    node.disconnect(name);
  }
}
