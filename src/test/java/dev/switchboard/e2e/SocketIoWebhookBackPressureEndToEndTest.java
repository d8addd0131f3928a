package dev.switchboard.e2e;

import dev.switchboard.NodeStats;
import dev.switchboard.testing.SocketIoNodeClient;
import dev.switchboard.testing.TestBroker;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Back-pressure of the socket.io webhook (SPEC §6): an app that stops answering makes the broker stop taking the
 * client's input once the socket's webhook queue passes its bound (here {@code public.maxQueuedBytes} 4096, about
 * ten calls), over a WebSocket, over long-polling and over a WebSocket after the upgrade from polling (which
 * lands on either of the node's two gateway instances, so some runs go through the relay), with the official
 * client emitting 200 events at once.
 * The heartbeat (400 ms + 1200 ms) goes on meanwhile: the session outlives a hold longer than the client's
 * ping deadline. Once the app answers again, all 200 arrive in order and the connection works. The same with the
 * v2 client (socket.io-client 2.x, Engine.IO 3), whose heartbeat runs the other way — it pings, the paused
 * server reads no PING — over a WebSocket and after the upgrade from polling (not over polling alone: the v2
 * client sends everything it buffered in one POST, which {@code maxPayload} refuses).
 */
class SocketIoWebhookBackPressureEndToEndTest {

  private static final int EVENTS = 200;
  private static final long HOLD_MS = 2_000;
  /**
   * The most calls a paused socket may have queued: the bound (about ten) plus what was read before the pause
   * took hold — a frame, or over polling one POST (at most maxPayload 4000 bytes, about ten events) each time
   * a held POST is answered at pingInterval + pingTimeout. Without back-pressure all 200 would be queued.
   */
  private static final long MOST_QUEUED = 45;

  private static Vertx appVertx;
  private static HttpServer app;
  private static final Object holdLock = new Object();
  private static boolean holding;
  private static final List<Promise<Void>> held = new ArrayList<>();
  private static final BlockingQueue<JsonObject> messages = new LinkedBlockingQueue<>();
  private static TestBroker broker;
  private static SocketIoNodeClient node;
  private static String url;

  @BeforeAll
  static void start() throws Exception {
    appVertx = Vertx.vertx();
    app = appVertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      JsonObject call = body.toJsonObject();
      JsonObject reply = new JsonObject();
      Promise<Void> answer = Promise.promise();
      if ("message".equals(call.getString("action"))) {
        JsonObject data = call.getJsonObject("data");
        messages.add(call);
        if ("ask".equals(data.getString("event"))) {
          reply.put("ack", new JsonArray().add("answer"));
        }
        synchronized (holdLock) {
          if (holding) {
            held.add(answer);
          } else {
            answer.complete();
          }
        }
      } else {
        answer.complete();
      }
      answer.future().onComplete(done ->
        request.response().putHeader("Content-Type", "application/json").end(reply.encode()));
    })).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    broker = TestBroker.start(new JsonObject()
      .put("public", new JsonObject().put("maxQueuedBytes", 4096))
      .put("webhook", new JsonObject().put("timeoutMs", 10_000))
      .put("socketio", new JsonObject().put("pingIntervalMs", 400).put("pingTimeoutMs", 1200)
        .put("maxPayload", 4000)
        .put("app", new JsonObject().put("url", "http://127.0.0.1:" + app.actualPort() + "/socketio"))));
    node = SocketIoNodeClient.start();
    url = "http://127.0.0.1:" + broker.publicPort();
  }

  @AfterAll
  static void stop() throws Exception {
    release();
    if (node != null) {
      node.close();
    }
    if (broker != null) {
      broker.close();
    }
    appVertx.close().await(10, TimeUnit.SECONDS);
  }

  private static void hold() {
    synchronized (holdLock) {
      holding = true;
    }
  }

  private static void release() {
    List<Promise<Void>> answers;
    synchronized (holdLock) {
      holding = false;
      answers = List.copyOf(held);
      held.clear();
    }
    answers.forEach(Promise::complete);
  }

  @ParameterizedTest
  @ValueSource(strings = {"websocket", "polling", "polling,websocket", "v2:websocket", "v2:polling,websocket"})
  void aSlowAppPausesTheClientAndEverythingArrivesInOrderAfterwards(String client) throws Exception {
    String name = "flood-" + client;
    boolean v2 = client.startsWith("v2:");
    String transports = v2 ? client.substring(3) : client;
    JsonObject options = SocketIoNodeClient.transports(transports.split(","));
    JsonObject connected = v2 ? node.connectV2(name, url + "/app", options, new JsonArray().add("answer"))
      : node.connect(name, url + "/app", options);
    assertEquals("connect", connected.getString("type"), connected.encode());
    if (transports.contains(",")) {
      // The flood goes over the WebSocket the session upgraded to (paused once it has taken over).
      assertEquals("websocket", node.next(name, "upgrade").getString("transport"));
    }
    // v2 names its socket "<namespace>#<engine.io id>", not by our id: the first call tells the id then.
    floodWhileTheAppHolds(name, v2 ? null : connected.getString("id"),
      transports.endsWith("websocket") ? "websocket" : "polling");
  }

  private static void floodWhileTheAppHolds(String name, String knownId, String transport) throws Exception {
    String id = knownId;
    NodeStats stats = broker.main().stats();
    NodeStats.DialectCounters counters = stats.dialect("socketio");
    waitFor(() -> counters.webhookCallsPending.sum() == 0, "the calls before the flood delivered");
    long fullBefore = stats.webhookBacklogsFull.sum();

    hold();
    String padding = "x".repeat(300);
    for (int i = 0; i < EVENTS; i++) {
      node.emit(name, "n", new JsonArray().add(i).add(padding));
    }
    long mostQueued = 0;
    long until = System.currentTimeMillis() + HOLD_MS;
    while (System.currentTimeMillis() < until) {
      mostQueued = Math.max(mostQueued, counters.webhookCallsPending.sum());
      Thread.sleep(10);
    }
    assertTrue(stats.webhookBacklogsFull.sum() > fullBefore, "the socket's webhook queue reached its bound");
    assertTrue(mostQueued >= 5 && mostQueued <= MOST_QUEUED,
      "queued calls while the app held them: " + mostQueued + " (bound about 10, at most " + MOST_QUEUED + ")");

    release();
    for (int i = 0; i < EVENTS; i++) {
      JsonObject call = nextMessage();
      if (id == null) {
        id = call.getString("conn_id");
      }
      assertEquals(id, call.getString("conn_id"));
      assertEquals("n", call.getJsonObject("data").getString("event"));
      assertEquals(i, call.getJsonObject("data").getJsonArray("args").getInteger(0), "in order, none lost");
    }
    // The hold outlasted the client's ping deadline (1.6 s) and the session lives: the heartbeat went on.
    node.expectNone(event -> name.equals(event.getString("client")) && "disconnect".equals(event.getString("type")),
      200);
    JsonObject ack = node.emitWithAck(name, "ask", new JsonArray());
    assertNull(ack.getString("error"), ack.encode());
    assertEquals(new JsonArray().add("answer"), ack.getJsonArray("args"));
    assertEquals("ask", nextMessage().getJsonObject("data").getString("event"));
    assertEquals(transport, node.transport(name));
    node.disconnect(name);
  }

  private static JsonObject nextMessage() throws InterruptedException {
    JsonObject call = messages.poll(10, TimeUnit.SECONDS);
    assertNotNull(call, "no message call reached the app");
    return call;
  }

  private static void waitFor(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 10_000;
    while (!condition.getAsBoolean()) {
      assertTrue(System.currentTimeMillis() < deadline, "timed out waiting for " + what);
      Thread.sleep(10);
    }
  }
}
