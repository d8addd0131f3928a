package dev.switchboard.e2e;

import dev.switchboard.bus.Envelope;
import dev.switchboard.dialect.socketio.SocketIoEmitResult;
import dev.switchboard.dialect.socketio.SocketIoEndpoints;
import dev.switchboard.testing.FreePorts;
import dev.switchboard.testing.RoundRobinProxy;
import dev.switchboard.testing.SocketIoNodeClient;
import dev.switchboard.testing.TestBroker;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The socket.io dialect on a 2-node cluster (real Hazelcast on loopback): a room emit is one broadcast that
 * reaches the room's sockets on both nodes, and a polling client works for several seconds through a round-robin
 * proxy that sends every request to the other node (no sticky sessions).
 */
class SocketIoClusterEndToEndTest {

  private static TestBroker first;
  private static TestBroker second;
  private static SocketIoNodeClient node;
  private static Vertx proxyVertx;

  @BeforeAll
  static void start() {
    String cluster = "sio-" + UUID.randomUUID();
    int base = FreePorts.consecutive(2);
    JsonObject config = new JsonObject().put("socketio", new JsonObject().put("pingIntervalMs", 1000)
      .put("pingTimeoutMs", 2000));
    first = TestBroker.start(config, TestBroker.clusterMember(cluster, base, 2, 0));
    second = TestBroker.start(config, TestBroker.clusterMember(cluster, base, 2, 1));
    node = SocketIoNodeClient.start();
    proxyVertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) {
      node.close();
    }
    if (proxyVertx != null) {
      proxyVertx.close().await(10, TimeUnit.SECONDS);
    }
    if (second != null) {
      second.close();
    }
    if (first != null) {
      first.close();
    }
  }

  @Test
  void aRoomEmitReachesSocketsOnBothNodes() throws Exception {
    for (String client : new String[] {"a", "b"}) {
      TestBroker broker = "a".equals(client) ? first : second;
      JsonObject connected = node.connect(client, "http://127.0.0.1:" + broker.publicPort() + "/web",
        new JsonObject().put("transports", new JsonArray().add("websocket")));
      assertEquals("connect", connected.getString("type"));
      node.emit(client, "user_login", new JsonArray().add(new JsonObject().put("userId", 5)));
      node.nextEvent(client, "login_info");
    }
    SocketIoEmitResult result = SocketIoEndpoints.any(first.nodeId()).emit("/web",
      new Envelope.Target(Envelope.TargetKind.ROOM, "room5"), "order", "[{\"n\":1}]", null).await(5, TimeUnit.SECONDS);
    assertEquals(2, result.reached());
    assertEquals(1, node.nextEvent("a", "order").getJsonArray("args").getJsonObject(0).getInteger("n"));
    assertEquals(1, node.nextEvent("b", "order").getJsonArray("args").getJsonObject(0).getInteger("n"));
    node.disconnect("a");
    node.disconnect("b");
  }

  @Test
  void pollingWithoutStickySessionsThroughARoundRobinProxy() throws Exception {
    RoundRobinProxy proxy = RoundRobinProxy.start(proxyVertx, new int[] {first.publicPort(), second.publicPort()},
      uri -> first.publicPort());
    JsonObject connected = node.connect("rr", "http://127.0.0.1:" + proxy.port() + "/app",
      new JsonObject().put("transports", new JsonArray().add("polling")), new JsonArray().add("ok"));
    assertEquals("connect", connected.getString("type"), connected.encode());
    long until = System.currentTimeMillis() + 4000;
    int round = 0;
    while (System.currentTimeMillis() < until) {
      round++;
      node.emit("rr", "user_login", new JsonArray().add(new JsonObject().put("userId", "rr" + round)));
      assertEquals(true, node.nextEvent("rr", "login_info").getJsonArray("args").getJsonObject(0)
        .getBoolean("succeeded"));
      Thread.sleep(300);
    }
    // Server → client through the other node as well, with an ack coming back.
    SocketIoEmitResult result = SocketIoEndpoints.any(second.nodeId()).emit("/app",
      Envelope.Target.connection(connected.getString("id")), "ping-me", "[]",
      new dev.switchboard.dialect.socketio.SocketIoAckOptions(10_000, 0)).await(20, TimeUnit.SECONDS);
    assertEquals(1, result.reached());
    assertEquals(new JsonArray().add("ok"), result.acks().get(0).getJsonArray("args"));
    node.expectNone(e -> "rr".equals(e.getString("client"))
      && ("disconnect".equals(e.getString("type")) || "connect_error".equals(e.getString("type"))), 10);
    assertTrue(proxy.requests() > 10, "only " + proxy.requests() + " requests went through the proxy");
    node.disconnect("rr");
    proxy.close();
  }
}
