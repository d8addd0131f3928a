package dev.switchboard.e2e;

import dev.switchboard.testing.FreePorts;
import dev.switchboard.testing.SyncPeers;
import dev.switchboard.testing.TestBroker;
import dev.switchboard.testing.TestResources;
import dev.switchboard.testing.TestSocket;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static dev.switchboard.testing.SyncPeers.request;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The sync dialect across a real two-node cluster (two Vert.x instances joined over Hazelcast on loopback,
 * a cluster name of their own): requests, notices, counts and the service registry span the nodes.
 */
class SyncClusterEndToEndTest {

  private static Vertx peers;
  private static TestBroker nodeA;
  private static TestBroker nodeB;
  private final List<TestSocket> opened = new ArrayList<>();

  @BeforeAll
  static void startCluster() {
    peers = Vertx.vertx();
    String name = "sb-sync-cluster-" + UUID.randomUUID();
    int base = FreePorts.consecutive(2);
    nodeA = TestBroker.start(new JsonObject(), TestBroker.clusterMember(name, base, 2, 0));
    nodeB = TestBroker.start(new JsonObject(), TestBroker.clusterMember(name, base, 2, 1));
  }

  @AfterAll
  static void stopCluster() throws Exception {
    TestResources.closeAll(nodeB, nodeA, peers);
  }

  @AfterEach
  void closeSockets() {
    opened.forEach(TestSocket::close);
    // Leave the registry empty for the next test: every node must see no service.
    awaitServiceCount(nodeA, 0);
    awaitServiceCount(nodeB, 0);
  }

  private TestSocket client(TestBroker node) {
    TestSocket socket = SyncPeers.client(peers, node.publicPort());
    opened.add(socket);
    return socket;
  }

  private TestSocket service(TestBroker node, String id) {
    TestSocket socket = SyncPeers.service(peers, node.publicPort(), id);
    opened.add(socket);
    return socket;
  }

  private void awaitServiceCount(TestBroker node, int expected) {
    try (TestSocket probe = SyncPeers.client(peers, node.publicPort())) {
      SyncPeers.awaitLinkCount(probe, expected);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aClientOnOneNodeReachesTheServiceOnTheOther() {
    TestSocket service = service(nodeB, "svc");
    TestSocket client = client(nodeA);
    client.send(request("x1", "echo", new JsonObject().put("n", 1)));
    JsonObject forwarded = service.nextMessage();
    assertEquals("echo", forwarded.getString("method"));
    assertTrue(forwarded.getString("client").startsWith(nodeA.nodeId() + "."), forwarded::encode);
    service.send(new JsonObject().put("id", forwarded.getString("id")).put("type", "response").put("method", "echo")
      .put("data", new JsonObject().put("n", 2)));
    JsonObject answer = client.nextMessage();
    assertEquals(new JsonObject().put("id", "x1").put("service", "svc").put("type", "response").put("method", "echo")
      .put("data", new JsonObject().put("n", 2)), answer);
  }

  @Test
  void noticesReachClientsOnEveryNode() {
    TestSocket service = service(nodeA, "svc");
    TestSocket onA = client(nodeA);
    TestSocket onB = client(nodeB);
    service.send(new JsonObject().put("type", "notice").put("method", "tick").put("data", new JsonArray().add(1)));
    JsonObject expected = new JsonObject().put("service", "svc").put("type", "notice").put("method", "tick")
      .put("data", new JsonArray().add(1));
    assertEquals(expected, onA.nextMessage());
    assertEquals(expected, onB.nextMessage());
  }

  @Test
  void countsAreClusterWide() {
    TestSocket clientA = client(nodeA);
    TestSocket service = service(nodeB, "svc");
    assertEquals(1, clientA.next(f -> "communicationLinkCount".equals(f.getString("method"))
      && Integer.valueOf(1).equals(f.getValue("data"))).getInteger("data"));
    client(nodeA);
    client(nodeB);
    // The service, on B, is told of the clients of both nodes.
    service.next(f -> "communicationLinkCount".equals(f.getString("method"))
      && Integer.valueOf(3).equals(f.getValue("data")));
    service.send(request("s", "communicationLinkCount", null));
    assertEquals(3, service.next(f -> "s".equals(f.getValue("id"))).getInteger("data"));
    clientA.send(request("l", "serviceList", null));
    assertEquals(new JsonArray().add(new JsonObject().put("id", "svc").put("name", "svc-name")),
      clientA.next(f -> "l".equals(f.getValue("id"))).getJsonArray("data"));
  }

  @Test
  void aDuplicateServiceIdOnAnotherNodeReplacesTheOlderConnection() {
    TestSocket older = service(nodeA, "dup");
    TestSocket newer = service(nodeB, "dup");
    JsonObject replaced = older.nextMessage();
    assertEquals("SERVICE_REPLACED", replaced.getString("errorCode"));
    assertEquals(4003, older.awaitClose());
    TestSocket client = client(nodeA);
    client.send(request("r", "work", 1));
    assertEquals("work", newer.nextMessage().getString("method"));
  }

  @Test
  void singleModeRefusesASecondServiceOnAnotherNode() {
    service(nodeA, "one");
    TestSocket second = TestSocket.connect(peers, nodeB.publicPort(), SyncPeers.PATH, SyncPeers.serviceHeaders("two", "Two"));
    opened.add(second);
    assertEquals("EQUIPMENT_OUT_OF_LIMIT", second.nextMessage().getString("errorCode"));
    assertEquals(4002, second.awaitClose());
  }

  @Test
  void pendingRequestsFailAtOnceWhenTheServiceOnAnotherNodeDisconnects() {
    TestSocket service = service(nodeB, "svc");
    TestSocket client = client(nodeA);
    client.send(request("p", "work", null));
    service.nextMessage();
    service.close();
    JsonObject answer = client.nextMessage();
    assertEquals("SERVICE_UNAVAILABLE", answer.getString("errorCode"));
    assertEquals("p", answer.getString("id"));
  }
}
