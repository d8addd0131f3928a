package dev.switchboard.e2e;

import dev.switchboard.bus.Envelope;
import dev.switchboard.dialect.socketio.SocketIoAckOptions;
import dev.switchboard.dialect.socketio.SocketIoAddresses;
import dev.switchboard.dialect.socketio.SocketIoEmitResult;
import dev.switchboard.dialect.socketio.SocketIoEndpoint;
import dev.switchboard.dialect.socketio.SocketIoEndpoints;
import dev.switchboard.testing.FreePorts;
import dev.switchboard.testing.RoundRobinProxy;
import dev.switchboard.testing.SocketIoNodeClient;
import dev.switchboard.testing.TestBroker;
import dev.switchboard.testing.TestResources;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The socket.io dialect on a 2-node cluster (real Hazelcast on loopback): a room emit is one broadcast that
 * reaches the room's sockets on both nodes; a polling client works for several seconds through a round-robin
 * proxy that sends every request to the next node (no sticky sessions); and a WebSocket upgrade that lands where
 * the session is not — the other node (the proxy sends every upgrade to the node the session id does not name),
 * or the other gateway instance of one node — is relayed to the owner: the official client upgrades, events go
 * both ways (text and binary, acks) for a few seconds, and a close on either side ends the other.
 */
class SocketIoClusterEndToEndTest {

  private static TestBroker first;
  private static TestBroker second;
  private static SocketIoNodeClient node;
  private static Vertx proxyVertx;
  private static RoundRobinProxy proxy;

  @BeforeAll
  static void start() {
    String cluster = "sio-" + UUID.randomUUID();
    int base = FreePorts.consecutive(2);
    // A generous ping timeout: on a loaded machine a polled ping through proxy and forwarding can take seconds.
    JsonObject config = new JsonObject().put("socketio", new JsonObject().put("pingIntervalMs", 1000)
      .put("pingTimeoutMs", 5000));
    first = TestBroker.start(config, TestBroker.clusterMember(cluster, base, 2, 0));
    second = TestBroker.start(config, TestBroker.clusterMember(cluster, base, 2, 1));
    awaitRoutesBetween(first, second);
    awaitRoutesBetween(second, first);
    node = SocketIoNodeClient.start();
    proxyVertx = Vertx.vertx();
    // HTTP requests go round robin; every upgrade goes to the node the session id does NOT name.
    proxy = RoundRobinProxy.start(proxyVertx, new int[] {first.publicPort(), second.publicPort()},
      uri -> uri.contains("sid=" + first.nodeId() + ".") ? second.publicPort() : first.publicPort());
  }

  @AfterAll
  static void stop() throws Exception {
    TestResources.closeAll(node, proxy, proxyVertx, second, first);
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
    int requestsBefore = proxy.requests();
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
      new SocketIoAckOptions(10_000, 0)).await(20, TimeUnit.SECONDS);
    assertEquals(1, result.reached());
    assertEquals(new JsonArray().add("ok"), result.acks().get(0).getJsonArray("args"));
    node.expectNone(e -> "rr".equals(e.getString("client"))
      && ("disconnect".equals(e.getString("type")) || "connect_error".equals(e.getString("type"))), 10);
    int requests = proxy.requests() - requestsBefore;
    assertTrue(requests > 10, "only " + requests + " requests went through the proxy");
    node.disconnect("rr");
  }

  @Test
  void anUpgradeOnTheOtherNodeIsRelayedBothWaysUntilTheClientDisconnects() throws Exception {
    int upgradesBefore = proxy.webSockets();
    JsonObject connected = node.connect("up", "http://127.0.0.1:" + proxy.port() + "/app",
      upgrading(), new JsonArray().add("ok"));
    assertEquals("connect", connected.getString("type"), connected.encode());
    assertEquals("websocket", node.next("up", "upgrade").getString("transport"));
    assertEquals(upgradesBefore + 1, proxy.webSockets());
    String socketId = connected.getString("id");
    TestBroker owner = socketId.startsWith(first.nodeId() + ".") ? first : second;
    TestBroker relaying = owner == first ? second : first;

    BlockingQueue<JsonObject> published = new LinkedBlockingQueue<>();
    MessageConsumer<Envelope> events = owner.vertx().eventBus().<Envelope>consumer(SocketIoAddresses.EVENTS,
      message -> published.add(new JsonObject().put("name", message.body().name())
        .put("args", new JsonArray(message.body().payload()))));
    events.completion().await(5, TimeUnit.SECONDS);
    try {
      long until = System.currentTimeMillis() + 3000;
      int round = 0;
      while (System.currentTimeMillis() < until) {
        round++;
        // Client → owner (through the relay) and owner → client (back through it).
        node.emit("up", "user_login", new JsonArray().add(new JsonObject().put("userId", "u" + round)));
        assertTrue(node.nextEvent("up", "login_info").getJsonArray("args").getJsonObject(0).getBoolean("succeeded"));
        Thread.sleep(200);
      }
      // Binary both ways: an attachment from the client reaches the owner, one from the server reaches the client.
      node.emit("up", "bytes", new JsonArray().add(new JsonObject().put("$b64", "AQID")));
      JsonObject event = published.poll(10, TimeUnit.SECONDS);
      assertNotNull(event, "the client's binary event did not reach the owner");
      assertEquals("bytes", event.getString("name"));
      assertEquals("AQID", event.getJsonArray("args").getJsonObject(0).getString("$binary"));
      // A server emit with an ack, started on the relaying node: to the owner, through the relay, and back.
      SocketIoEmitResult result = SocketIoEndpoints.any(relaying.nodeId()).emit("/app",
        Envelope.Target.connection(socketId), "blob", "[{\"$binary\":\"BAUG\"}]", new SocketIoAckOptions(10_000, 0))
        .await(20, TimeUnit.SECONDS);
      assertEquals("BAUG", node.nextEvent("up", "blob").getJsonArray("args").getJsonObject(0).getString("$b64"));
      assertEquals(1, result.reached());
      assertEquals(new JsonArray().add("ok"), result.acks().get(0).getJsonArray("args"));
      assertEquals("websocket", node.transport("up"));
    } finally {
      events.unregister();
    }

    // The client closes: the owner sees its socket go.
    node.disconnect("up");
    assertEventually(() -> socketCount(owner) == 0, "the owner still holds the socket after the client left");
  }

  @Test
  void aServerSideCloseReachesTheClientThroughTheRelay() throws Exception {
    JsonObject connected = node.connect("down", "http://127.0.0.1:" + proxy.port() + "/web", upgrading());
    assertEquals("connect", connected.getString("type"), connected.encode());
    assertEquals("websocket", node.next("down", "upgrade").getString("transport"));
    TestBroker owner = connected.getString("id").startsWith(first.nodeId() + ".") ? first : second;
    // Drain ends the owner's sessions with 1012; the relaying node must pass the close on to the client.
    SocketIoEndpoints.of(owner.nodeId()).forEach(SocketIoEndpoint::drain);
    assertEquals("transport close", node.next("down", "disconnect").getString("reason"));
    assertEventually(() -> socketCount(owner) == 0, "the owner still holds the socket after closing it");
  }

  @Test
  void upgradesLandingOnAnotherGatewayInstanceOfOneNodeAreRelayed() throws Exception {
    // A node runs one gateway instance per event loop (2 here) and spreads connections over them, so some of
    // these upgrades reach the instance that does not own the session.
    List<String> clients = List.of("i0", "i1", "i2", "i3", "i4", "i5");
    for (String client : clients) {
      JsonObject connected = node.connect(client, "http://127.0.0.1:" + first.publicPort() + "/", upgrading());
      assertEquals("connect", connected.getString("type"), connected.encode());
    }
    for (String client : clients) {
      assertEquals("websocket", node.next(client, "upgrade").getString("transport"), client);
      node.emit(client, "user_login", new JsonArray().add(new JsonObject().put("userId", client)));
      assertTrue(node.nextEvent(client, "login_info").getJsonArray("args").getJsonObject(0).getBoolean("succeeded"));
      node.disconnect(client);
    }
    assertEventually(() -> socketCount(first) == 0, "sockets left after every client disconnected");
  }

  /**
   * Waits until {@code from} knows the relay consumers of every gateway instance of {@code to}: right after a join,
   * cluster subscriptions take a moment to spread, and a send meanwhile finds no handler.
   */
  private static void awaitRoutesBetween(TestBroker from, TestBroker to) {
    long deadline = System.currentTimeMillis() + 20_000;
    for (int instance = 0; instance < 2; instance++) {
      String address = SocketIoAddresses.webSocketRelay(to.nodeId() + '.' + instance);
      while (true) {
        try {
          // An attach with no session in it: the owner's consumer answers it with a refusal.
          from.vertx().eventBus().request(address, io.vertx.core.buffer.Buffer.buffer("{}"),
            new io.vertx.core.eventbus.DeliveryOptions().addHeader("op", "ATTACH").addHeader("relay", "probe.0.0")
              .setSendTimeout(2000)).await(5, TimeUnit.SECONDS);
          break;
        } catch (Exception notYet) {
          if (System.currentTimeMillis() > deadline) {
            throw new IllegalStateException("no route to " + address, notYet);
          }
          try {
            Thread.sleep(100);
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
        }
      }
    }
  }

  private static JsonObject upgrading() {
    return new JsonObject().put("transports", new JsonArray().add("polling").add("websocket"));
  }

  private static int socketCount(TestBroker broker) {
    return SocketIoEndpoints.of(broker.nodeId()).stream().mapToInt(SocketIoEndpoint::socketCount).sum();
  }

  private static void assertEventually(java.util.function.BooleanSupplier condition, String message)
    throws InterruptedException {
    long deadline = System.currentTimeMillis() + 10_000;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        fail(message);
      }
      Thread.sleep(50);
    }
  }
}
