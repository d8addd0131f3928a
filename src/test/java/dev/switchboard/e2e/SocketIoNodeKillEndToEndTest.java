package dev.switchboard.e2e;

import dev.switchboard.testing.ApiClient;
import dev.switchboard.testing.BrokerProcess;
import dev.switchboard.testing.FreePorts;
import dev.switchboard.testing.RoundRobinProxy;
import dev.switchboard.testing.SocketIoNodeClient;
import dev.switchboard.testing.TestResources;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Two broker JVMs in one cluster behind a load balancer that sends WebSockets to node A while it lives and to node
 * B once it has noticed A is gone. The official client (reconnection on) is connected to A; A is killed with
 * SIGKILL; the client reconnects by itself, to B, and events flow again both ways: the app hears the new
 * socket's {@code open} and its events from B, and its replies reach the client. An API emit through B that waits
 * for the ack of a socket on A answers (TIMEOUT) once A has left the cluster, not at its deadline.
 */
class SocketIoNodeKillEndToEndTest {

  private static final String TOKEN = "sio-kill-token";

  private Vertx vertx;
  private HttpServer app;
  private final BlockingQueue<JsonObject> appCalls = new LinkedBlockingQueue<>();
  private BrokerProcess nodeA;
  private BrokerProcess nodeB;
  private RoundRobinProxy proxy;
  private SocketIoNodeClient node;
  private volatile boolean nodeADown;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    // The app: records every webhook call; answers an event "ping" with an emit of "pong" carrying the node.
    app = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      JsonObject call = body.toJsonObject();
      appCalls.add(call);
      JsonObject reply = new JsonObject();
      if ("message".equals(call.getString("action")) && "ping".equals(call.getJsonObject("data").getString("event"))) {
        reply.put("emit", new JsonArray().add(new JsonObject().put("event", "pong")
          .put("args", new JsonArray().add(call.getString("conn_id")))));
      }
      request.response().putHeader("Content-Type", "application/json").end(reply.encode());
    })).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    String cluster = "sio-kill-" + UUID.randomUUID();
    int base = FreePorts.consecutive(2);
    JsonObject config = new JsonObject().put("api", new JsonObject().put("token", TOKEN))
      .put("socketio", new JsonObject().put("pingIntervalMs", 1000)
      .put("pingTimeoutMs", 2000).put("app", new JsonObject().put("url", "http://127.0.0.1:" + app.actualPort() + "/")));
    nodeA = BrokerProcess.start("sio-kill-a", config.copy().put("node", new JsonObject().put("id", "nodea")),
      BrokerProcess.clusterEnvironment(cluster, base, 2, 0), "-cluster");
    nodeB = BrokerProcess.start("sio-kill-b", config.copy().put("node", new JsonObject().put("id", "nodeb")),
      BrokerProcess.clusterEnvironment(cluster, base, 2, 1), "-cluster");
    nodeA.awaitReady(Duration.ofSeconds(120));
    nodeB.awaitReady(Duration.ofSeconds(120));
    proxy = RoundRobinProxy.start(vertx, new int[] {nodeA.publicPort()},
      uri -> nodeADown ? nodeB.publicPort() : nodeA.publicPort());
    node = SocketIoNodeClient.start();
  }

  @AfterEach
  void stop() throws Exception {
    TestResources.closeAll(node, proxy, nodeB, nodeA, vertx);
  }


  @Test
  void aClientOfAKilledNodeReconnectsToTheOtherAndCarriesOn() throws Exception {
    JsonObject options = new JsonObject().put("transports", new JsonArray().add("websocket"))
      .put("reconnection", true).put("reconnectionDelay", 200).put("reconnectionDelayMax", 500);
    JsonObject connected = node.connect("k", "http://127.0.0.1:" + proxy.port() + "/web", options);
    assertEquals("connect", connected.getString("type"), connected.encode());
    String before = connected.getString("id");
    assertTrue(before.startsWith("nodea."), before);
    node.emit("k", "ping", new JsonArray());
    assertEquals(before, node.nextEvent("k", "pong").getJsonArray("args").getString(0));

    nodeADown = true;
    nodeA.kill();

    // The node's sockets die with it: an abnormal end of the WebSocket, whichever way the client words it.
    String reason = node.next("k", "disconnect").getString("reason");
    assertTrue(reason.equals("transport close") || reason.equals("transport error"), reason);
    JsonObject reconnected = node.next("k", "connect");
    String after = reconnected.getString("id");
    assertTrue(after.startsWith("nodeb."), "reconnected as " + after);
    // Both ways through node B: the client's event reaches the app, the app's answer reaches the client.
    node.emit("k", "ping", new JsonArray());
    assertEquals(after, node.nextEvent("k", "pong").getJsonArray("args").getString(0));
    JsonObject open = awaitCall("open", after);
    assertEquals("/web", open.getJsonObject("data").getString("namespace"));
    assertEquals("ping", awaitCall("message", after).getJsonObject("data").getString("event"));
    node.disconnect("k");
    assertEquals("client namespace disconnect", awaitCall("close", after).getJsonObject("data").getString("reason"));
  }

  @Test
  void anEmitWaitingForTheAckOfASocketOnAKilledNodeAnswersWhenTheNodeLeaves() throws Exception {
    JsonObject options = new JsonObject().put("transports", new JsonArray().add("websocket"))
      .put("reconnection", false);
    JsonObject connected = node.connectWithoutAcking("silent", "http://127.0.0.1:" + nodeA.publicPort() + "/web",
      options);
    assertEquals("connect", connected.getString("type"), connected.encode());
    String socket = connected.getString("id");

    // A fan-out through node B with a 30 s ack timeout: node A reports the socket reached, which never answers.
    ApiClient apiB = new ApiClient(nodeB.apiPort(), TOKEN, Duration.ofSeconds(40));
    // First a send without ack, answered only once node A's report reached node B: the report path is open.
    assertEquals(1, apiB.send(new JsonObject().put("dialect", "socketio").put("namespace", "/web")
      .put("to", new JsonObject().put("all", true)).put("event", "hello").put("args", new JsonArray()))
      .getInteger("reached"));
    node.nextEvent("silent", "hello");
    CompletableFuture<JsonObject> reply = CompletableFuture.supplyAsync(() -> apiB.send(new JsonObject()
      .put("dialect", "socketio").put("namespace", "/web").put("to", new JsonObject().put("all", true))
      .put("event", "ask").put("args", new JsonArray()).put("ack", new JsonObject().put("timeoutMs", 30_000)
        .put("retries", 0))));
    assertFalse(node.nextEvent("silent", "ask").getBoolean("acked"));
    // Node A reports before it writes to the socket, but the report travels another connection than the event:
    // give it a moment to land on node B, which otherwise rightly answers reached 0.
    Thread.sleep(500);
    long killed = System.currentTimeMillis();
    nodeA.kill();

    // Node A's leaving (heartbeats stop: at most 5 s in cluster.xml) ends the wait, not the 31 s deadline.
    JsonObject answer = reply.get(25, TimeUnit.SECONDS);
    long took = System.currentTimeMillis() - killed;
    assertEquals(1, answer.getInteger("reached"), answer.encode());
    assertEquals(new JsonArray().add(new JsonObject().put("conn", socket).put("error", "TIMEOUT")),
      answer.getJsonArray("acks"));
    assertTrue(took < 25_000, "answered " + took + " ms after the kill");
  }

  /** The app's next call of {@code action} for connection {@code connId} (earlier ones are skipped). */
  private JsonObject awaitCall(String action, String connId) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 10_000;
    while (System.currentTimeMillis() < deadline) {
      JsonObject call = appCalls.poll(deadline - System.currentTimeMillis(), TimeUnit.MILLISECONDS);
      if (call != null && action.equals(call.getString("action")) && connId.equals(call.getString("conn_id"))) {
        return call;
      }
    }
    return fail("the app got no " + action + " for " + connId);
  }
}
