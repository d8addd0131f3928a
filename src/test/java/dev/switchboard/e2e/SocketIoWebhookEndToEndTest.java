package dev.switchboard.e2e;

import dev.switchboard.bus.Envelope;
import dev.switchboard.dialect.socketio.SocketIoEndpoints;
import dev.switchboard.testing.SocketIoNodeClient;
import dev.switchboard.testing.TestBroker;
import dev.switchboard.testing.TestResources;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The socket.io half of the app webhook (SPEC §6), with a real HTTP server on 127.0.0.1 standing in for the app:
 * open/message/close in order with {@code dialect:"socketio"}; the reply's reject, rooms, emit (right after the
 * connect) and ack; an open the app fails refuses the connect.
 */
class SocketIoWebhookEndToEndTest {

  private static Vertx appVertx;
  private static HttpServer app;
  private static final BlockingQueue<JsonObject> calls = new LinkedBlockingQueue<>();
  private static TestBroker broker;
  private static SocketIoNodeClient node;
  private static String url;

  @BeforeAll
  static void start() throws Exception {
    appVertx = Vertx.vertx();
    app = appVertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      JsonObject call = body.toJsonObject();
      calls.add(call);
      JsonObject data = call.getJsonObject("data");
      JsonObject reply = new JsonObject();
      if ("open".equals(call.getString("action"))) {
        JsonObject auth = data.getJsonObject("auth");
        if (auth.getBoolean("fail", false)) {
          request.response().setStatusCode(500).end();
          return;
        }
        if (auth.getBoolean("refuse", false)) {
          reply.put("reject", new JsonObject().put("message", "not today").put("data", new JsonObject().put("retry", 60)));
        } else {
          reply.put("rooms", new JsonArray().add("vip"))
            .put("emit", new JsonArray().add(new JsonObject().put("event", "order")
              .put("args", new JsonArray().add(new JsonObject().put("count", 5)))));
        }
      } else if ("message".equals(call.getString("action")) && "ask".equals(data.getString("event"))) {
        reply.put("ack", new JsonArray().add("answer").add(data.getJsonArray("args").getValue(0)));
      } else if ("message".equals(call.getString("action")) && "askfile".equals(data.getString("event"))) {
        reply.put("ack", new JsonArray().add(new JsonObject().put("$binary", "AQID"))
          .add(new JsonObject().put("note", "$binary")));
      }
      request.response().putHeader("Content-Type", "application/json").end(reply.encode());
    })).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    broker = TestBroker.start(new JsonObject().put("socketio", new JsonObject()
      .put("app", new JsonObject().put("url", "http://127.0.0.1:" + app.actualPort() + "/socketio"))));
    node = SocketIoNodeClient.start();
    url = "http://127.0.0.1:" + broker.publicPort();
  }

  @AfterAll
  static void stop() throws Exception {
    TestResources.closeAll(node, broker, appVertx);
  }


  private static JsonObject nextCall(String conn) throws InterruptedException {
    while (true) {
      JsonObject call = calls.poll(10, TimeUnit.SECONDS);
      assertNotNull(call, "no webhook call");
      if (conn == null || conn.equals(call.getString("conn_id"))) {
        return call;
      }
    }
  }

  @Test
  void openMessageCloseReachTheAppInOrderAndItsRepliesAreCarriedOut() throws Exception {
    JsonObject connected = node.connect("hooked", url + "/app", new JsonObject()
      .put("transports", new JsonArray().add("websocket")).put("auth", new JsonObject().put("token", "opaque")));
    assertEquals("connect", connected.getString("type"));
    String id = connected.getString("id");
    // The open's emit comes right after the connect.
    assertEquals(5, node.nextEvent("hooked", "order").getJsonArray("args").getJsonObject(0).getInteger("count"));
    JsonObject open = nextCall(id);
    assertEquals("open", open.getString("action"));
    assertEquals("socketio", open.getString("dialect"));
    assertEquals("opaque", open.getString("token"));
    assertEquals("/app", open.getJsonObject("data").getString("namespace"));
    assertEquals("opaque", open.getJsonObject("data").getJsonObject("auth").getString("token"));
    assertEquals("4", open.getJsonObject("data").getJsonObject("query").getString("EIO"));
    // The app's ack answers the client's ack.
    JsonObject ack = node.emitWithAck("hooked", "ask", new JsonArray().add(41));
    assertEquals(new JsonArray().add("answer").add(41), ack.getJsonArray("args"));
    JsonObject message = nextCall(id);
    assertEquals("message", message.getString("action"));
    assertEquals("ask", message.getJsonObject("data").getString("event"));
    assertEquals(new JsonArray().add(41), message.getJsonObject("data").getJsonArray("args"));
    // An ack with a $binary reaches the client as a binary; a "$binary" string is just a string.
    JsonObject fileAck = node.emitWithAck("hooked", "askfile", new JsonArray());
    assertEquals("AQID", fileAck.getJsonArray("args").getJsonObject(0).getString("$b64"));
    assertEquals(new JsonObject().put("note", "$binary"), fileAck.getJsonArray("args").getJsonObject(1));
    assertEquals("askfile", nextCall(id).getJsonObject("data").getString("event"));
    // The open's rooms were joined.
    assertEquals(1, SocketIoEndpoints.any(broker.nodeId()).emit("/app",
      new Envelope.Target(Envelope.TargetKind.ROOM, "vip"), "vip-news", "[]", null).await(5, TimeUnit.SECONDS).reached());
    node.nextEvent("hooked", "vip-news");
    node.disconnect("hooked");
    JsonObject close = nextCall(id);
    assertEquals("close", close.getString("action"));
    assertEquals("client namespace disconnect", close.getJsonObject("data").getString("reason"));
  }

  @Test
  void theAppRejectsOrFailsTheOpenAndTheClientGetsConnectError() throws Exception {
    JsonObject rejected = node.connect("rejected", url + "/app", new JsonObject()
      .put("transports", new JsonArray().add("polling")).put("auth", new JsonObject().put("refuse", true)));
    assertEquals("connect_error", rejected.getString("type"));
    assertEquals("not today", rejected.getString("message"));
    assertEquals(60, rejected.getJsonObject("data").getInteger("retry"));
    JsonObject failed = node.connect("failed", url + "/app", new JsonObject()
      .put("transports", new JsonArray().add("websocket")).put("auth", new JsonObject().put("fail", true)));
    assertEquals("connect_error", failed.getString("type"));
    assertEquals("the app did not accept the connection", failed.getString("message"));
    assertTrue(List.of("open").contains(nextCall(null).getString("action")));
  }
}
