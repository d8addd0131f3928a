package dev.switchboard.e2e;

import dev.switchboard.testing.FreePorts;
import dev.switchboard.testing.TaprClient;
import dev.switchboard.testing.TaprFixture;
import dev.switchboard.testing.TaprFixture.Opened;
import dev.switchboard.testing.TaprSidecar;
import dev.switchboard.testing.TestBroker;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The tapr sidecar on a real two-node cluster (two Vert.x instances joined over Hazelcast on loopback, a
 * cluster name of their own): node 1's sidecar lists, sends to and closes connections held by node 2, and the
 * app hears node 2's closes.
 */
class TaprClusterEndToEndTest {

  private static TaprFixture fixture;
  private static TestBroker node1;
  private static TestBroker node2;
  private static TaprSidecar sidecar1;

  @BeforeAll
  static void startCluster() {
    fixture = new TaprFixture();
    String name = "sb-tapr-cluster-" + UUID.randomUUID();
    int base = FreePorts.consecutive(2);
    node1 = fixture.track(TestBroker.start(fixture.configWithApp(new JsonObject()), TestBroker.clusterMember(name, base, 2, 0)));
    node2 = fixture.track(TestBroker.start(fixture.configWithApp(new JsonObject()), TestBroker.clusterMember(name, base, 2, 1)));
    sidecar1 = fixture.sidecar(node1);
  }

  @AfterAll
  static void stopCluster() {
    fixture.close();
  }

  /** The list as node 1's sidecar answers it, as user name → connection ids. */
  private static Map<String, JsonArray> listedByNode1() {
    JsonObject list = sidecar1.list().json();
    assertEquals(0, list.getInteger("code"));
    return list.getJsonArray("data").stream().map(JsonObject.class::cast)
      .collect(Collectors.toMap(user -> user.getString("name"), user -> user.getJsonArray("conns")));
  }

  @Test
  void node1ListsTheConnectionsOfBothNodes() {
    Opened onNode1 = fixture.open(node1, "lister-1");
    Opened onNode2 = fixture.open(node2, "lister-2",
      TaprClient.headers("lister-2", "t").add("User-Agent", "agent-on-node-2"));
    assertTrue(onNode2.id().startsWith(node2.nodeId() + "."), onNode2.id());
    Map<String, JsonArray> listed = listedByNode1();
    assertEquals(onNode1.id(), listed.get("lister-1").getJsonObject(0).getString("id"));
    JsonObject remote = listed.get("lister-2").getJsonObject(0);
    assertEquals(onNode2.id(), remote.getString("id"));
    assertEquals("agent-on-node-2", remote.getString("userAgent"));
    assertEquals(32, remote.getString("userAgentTag").length());
    // Node 2's sidecar sees the same cluster.
    JsonObject fromNode2 = fixture.sidecar(node2).list().json();
    assertTrue(fromNode2.encode().contains(onNode1.id()), fromNode2::encode);
  }

  @Test
  void node1SendsToAConnectionOfNode2ByIdByUserAndByTheirIntersection() {
    Opened remote = fixture.open(node2, "receiver-2");
    assertEquals(0, sidecar1.send(new JsonObject().put("conn_id", remote.id()).put("payload", new JsonObject()
      .put("event", "direct"))).json().getInteger("code"));
    assertEquals(new JsonObject().put("event", "direct"), remote.client().nextObject());
    sidecar1.send(new JsonObject().put("users", new JsonArray().add("receiver-2")).put("payload", "by user"));
    assertEquals("\"by user\"", remote.client().nextText());
    sidecar1.send(new JsonObject().put("conn_id", remote.id()).put("users", new JsonArray().add("other")).put("payload", 0));
    sidecar1.send(new JsonObject().put("conn_id", remote.id()).put("users", new JsonArray().add("receiver-2")).put("payload", 1));
    assertEquals("1", remote.client().nextText());
    remote.client().expectSilence(200);
  }

  @Test
  void aSendToAUserReachesItsConnectionsOnEveryNode() {
    Opened a = fixture.open(node1, "everywhere");
    Opened b = fixture.open(node2, "everywhere");
    fixture.sidecar(node2).send(new JsonObject().put("users", new JsonArray().add("everywhere")).put("payload", "hi"));
    assertEquals("\"hi\"", a.client().nextText());
    assertEquals("\"hi\"", b.client().nextText());
  }

  @Test
  void node1ClosesAConnectionOfNode2AndTheAppHearsTheClose() {
    Opened remote = fixture.open(node2, "closed-remotely");
    Opened sameUserOnNode1 = fixture.open(node1, "closed-by-user");
    Opened sameUserOnNode2 = fixture.open(node2, "closed-by-user");
    assertEquals(0, sidecar1.close(new JsonObject().put("conns", new JsonArray().add(remote.id()))).json().getInteger("code"));
    assertEquals(1000, remote.client().awaitClose());
    assertEquals("close", fixture.app().nextOf(remote.id()).action());
    assertFalse(listedByNode1().containsKey("closed-remotely"));
    sidecar1.close(new JsonObject().put("users", new JsonArray().add("closed-by-user")));
    assertEquals(1000, sameUserOnNode1.client().awaitClose());
    assertEquals(1000, sameUserOnNode2.client().awaitClose());
    assertEquals("close", fixture.app().nextOf(sameUserOnNode2.id()).action());
  }

  @Test
  void closeAllClosesEveryConnectionOfTheCluster() {
    Opened a = fixture.open(node1, "all-1");
    Opened b = fixture.open(node2, "all-2");
    assertEquals(0, sidecar1.close(new JsonObject().put("all", true)).json().getInteger("code"));
    assertEquals(1000, a.client().awaitClose());
    assertEquals(1000, b.client().awaitClose());
    assertEquals("close", fixture.app().nextOf(b.id()).action());
    assertTrue(listedByNode1().isEmpty(), () -> sidecar1.list().text());
  }
}
