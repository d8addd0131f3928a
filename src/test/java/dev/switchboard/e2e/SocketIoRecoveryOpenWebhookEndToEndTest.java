package dev.switchboard.e2e;

import dev.switchboard.bus.Envelope;
import dev.switchboard.dialect.socketio.SocketIoEndpoints;
import dev.switchboard.testing.ApiClient;
import dev.switchboard.testing.SocketIoNodeClient;
import dev.switchboard.testing.TestBroker;
import dev.switchboard.testing.TestResources;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Connection state recovery with an app webhook (SPEC §3 [beyond], §6): a recovering socket is claimed before its
 * {@code open} webhook runs, and the app may take its time to answer. Events emitted to the socket meanwhile — by
 * the server API to its id and to its user, and to one of its rooms — reach it (counted in {@code reached}) and
 * arrive after the CONNECT, in the order they were emitted, before the events the app's {@code open} reply emits.
 */
class SocketIoRecoveryOpenWebhookEndToEndTest {

  private static final String TOKEN = "recovery-open-token";
  private static Vertx vertx;
  private static HttpServer app;
  /** The open calls of recovering sockets, held until the test completes the promise beside them. */
  private static final BlockingQueue<HeldOpen> heldOpens = new LinkedBlockingQueue<>();
  private static TestBroker broker;
  private static ApiClient api;
  private static SocketIoNodeClient node;

  /** When the app answered each socket's last close, by socket id (System.nanoTime). */
  private static final Map<String, Long> closesAnswered = new ConcurrentHashMap<>();
  private static final long CLOSE_ANSWER_MS = 600;

  private record HeldOpen(JsonObject call, Promise<Void> release, long arrivedAt) {
  }

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    // The app: answers at once, except a close (after CLOSE_ANSWER_MS) and the open of a recovering socket
    // (auth.pid), held until released; every open reply emits "welcome".
    app = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      JsonObject call = body.toJsonObject();
      if ("close".equals(call.getString("action"))) {
        vertx.setTimer(CLOSE_ANSWER_MS, late -> {
          closesAnswered.put(call.getString("conn_id"), System.nanoTime());
          request.response().putHeader("Content-Type", "application/json").end("{}");
        });
        return;
      }
      JsonObject reply = new JsonObject();
      if ("open".equals(call.getString("action"))) {
        reply.put("emit", new JsonArray().add(new JsonObject().put("event", "welcome")
          .put("args", new JsonArray().add("hello"))));
      }
      boolean recovering = "open".equals(call.getString("action"))
        && call.getJsonObject("data").getJsonObject("auth").containsKey("pid");
      if (!recovering) {
        request.response().putHeader("Content-Type", "application/json").end(reply.encode());
        return;
      }
      Promise<Void> release = Promise.promise();
      release.future().onComplete(done ->
        request.response().putHeader("Content-Type", "application/json").end(reply.encode()));
      heldOpens.add(new HeldOpen(call, release, System.nanoTime()));
    })).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    broker = TestBroker.start(new JsonObject().put("api", new JsonObject().put("token", TOKEN))
      // The held open must stay within one webhook timeout.
      .put("webhook", new JsonObject().put("timeoutMs", 10_000))
      .put("socketio", new JsonObject().put("app", new JsonObject().put("url", "http://127.0.0.1:" + app.actualPort() + "/"))
        .put("recovery", new JsonObject().put("enabled", true).put("maxDisconnectionMs", 5000))));
    api = new ApiClient(broker, TOKEN);
    node = SocketIoNodeClient.start();
  }

  @AfterAll
  static void stop() throws Exception {
    TestResources.closeAll(node, broker, vertx);
  }


  @Test
  void eventsEmittedWhileTheOpenWebhookOfARecoveringSocketRunsArriveAfterTheConnectInOrder() throws Exception {
    List<String> transports = List.of("websocket", "polling");
    for (String transport : transports) {
      String client = "held-" + transport;
      String user = "user-" + transport;
      String room = "room-" + transport;
      JsonObject connected = node.connect(client, "http://127.0.0.1:" + broker.publicPort() + "/web",
        SocketIoNodeClient.transports(transport).put("reconnection", true).put("reconnectionDelay", 300)
          .put("reconnectionDelayMax", 300).put("randomizationFactor", 0));
      assertEquals("connect", connected.getString("type"), connected.encode());
      String socketId = connected.getString("id");
      assertEquals("hello", node.nextEvent(client, "welcome").getJsonArray("args").getString(0));
      node.emit(client, "user_login", new JsonArray().add(new JsonObject().put("userId", user)));
      node.nextEvent(client, "login_info");
      assertEquals(1, SocketIoEndpoints.any(broker.nodeId()).join("/web", Envelope.Target.connection(socketId), room)
        .await(5, TimeUnit.SECONDS));

      node.dropTransport(client);
      node.next(client, "disconnect");
      HeldOpen open = heldOpens.poll(20, TimeUnit.SECONDS);
      assertNotNull(open, "the recovering socket's open webhook came");
      assertEquals(socketId, open.call().getString("conn_id"));

      // The socket is claimed, its open not answered yet: each of these must reach it.
      assertEquals(1, apiSend(new JsonObject().put("conn", socketId), 1));
      assertEquals(1, apiSend(new JsonObject().put("user", user), 2));
      assertEquals(1, apiSend(new JsonObject().put("room", room), 3));
      assertEquals(1, SocketIoEndpoints.any(broker.nodeId()).emit("/web",
        new Envelope.Target(Envelope.TargetKind.ROOM, room), "during", new JsonArray().add(4).encode(), null)
        .await(5, TimeUnit.SECONDS).reached());
      node.expectNone(e -> client.equals(e.getString("client")) && "connect".equals(e.getString("type")), 300);
      open.release().complete();

      JsonObject back = node.next(client, "connect");
      assertTrue(back.getBoolean("recovered"), back.encode());
      assertEquals(socketId, back.getString("id"));
      for (int n = 1; n <= 4; n++) {
        JsonObject event = node.next(e -> client.equals(e.getString("client")) && "event".equals(e.getString("type")));
        assertEquals("during", event.getString("name"), event.encode());
        assertEquals(n, event.getJsonArray("args").getInteger(0), event.encode());
      }
      JsonObject welcome = node.next(e -> client.equals(e.getString("client")) && "event".equals(e.getString("type")));
      assertEquals("welcome", welcome.getString("name"), welcome.encode());
      node.disconnect(client);
      node.next(client, "disconnect");
    }
  }

  /**
   * The close of the drop and the open of the recovery go through two webhook queues (the socket may be recovered
   * on another instance or node), yet the app hears them in order: here the app takes its time over the close.
   */
  @Test
  void theAppHearsTheCloseOfTheDropBeforeTheOpenOfTheRecovery() throws Exception {
    JsonObject connected = node.connect("slow-close", "http://127.0.0.1:" + broker.publicPort() + "/web",
      SocketIoNodeClient.transports("websocket").put("reconnection", true).put("reconnectionDelay", 100)
        .put("reconnectionDelayMax", 100).put("randomizationFactor", 0));
    String socketId = connected.getString("id");
    node.nextEvent("slow-close", "welcome");
    node.dropTransport("slow-close");
    node.next("slow-close", "disconnect");
    HeldOpen open = heldOpens.poll(20, TimeUnit.SECONDS);
    assertNotNull(open, "the recovering socket's open webhook came");
    assertEquals(socketId, open.call().getString("conn_id"));
    Long closeAnswered = closesAnswered.get(socketId);
    assertNotNull(closeAnswered, "the open came before the close of the drop was answered");
    assertTrue(closeAnswered <= open.arrivedAt());
    open.release().complete();
    assertTrue(node.next("slow-close", "connect").getBoolean("recovered"));
    node.disconnect("slow-close");
    node.next("slow-close", "disconnect");
  }

  private static int apiSend(JsonObject to, int n) {
    ApiClient.Answer answer = api.post("/api/send", new JsonObject().put("dialect", "socketio").put("namespace", "/web")
      .put("to", to).put("event", "during").put("args", new JsonArray().add(n)));
    assertEquals(200, answer.status(), answer.text());
    return answer.json().getInteger("reached");
  }
}
