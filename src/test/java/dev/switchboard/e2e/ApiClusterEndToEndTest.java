package dev.switchboard.e2e;

import dev.switchboard.testing.ApiClient;
import dev.switchboard.testing.ApiClient.Answer;
import dev.switchboard.testing.FreePorts;
import dev.switchboard.testing.PushPeers;
import dev.switchboard.testing.SyncPeers;
import dev.switchboard.testing.TaprFixture;
import dev.switchboard.testing.TaprFixture.Opened;
import dev.switchboard.testing.TestBroker;
import dev.switchboard.testing.TestSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The server API on a real two-node cluster (two Vert.x instances joined over Hazelcast on loopback, a cluster
 * name of their own), neither with {@code api.token} set: one generated token serves both; either node lists
 * both nodes and all connections, describes and closes a connection the other node holds, and sends to
 * connections on both.
 */
class ApiClusterEndToEndTest {

  private static final String PUSH_TOKEN = "push-token-for-api-cluster";

  private static TaprFixture fixture;
  private static TestBroker node1;
  private static TestBroker node2;
  private static String token;
  private static ApiClient api1;
  private static ApiClient api2;
  private final List<AutoCloseable> opened = new ArrayList<>();

  @BeforeAll
  static void startCluster() throws Exception {
    fixture = new TaprFixture();
    String name = "sb-api-cluster-" + UUID.randomUUID();
    int base = FreePorts.consecutive(2);
    JsonObject config = fixture.configWithApp(new JsonObject().put("push", new JsonObject().put("token", PUSH_TOKEN)));
    node1 = fixture.track(TestBroker.start(config, TestBroker.clusterMember(name, base, 2, 0)));
    node2 = fixture.track(TestBroker.start(config, TestBroker.clusterMember(name, base, 2, 1)));
    // api.token is not set: the first node generated one for the cluster and put it in cluster state.
    String generated = node2.vertx().sharedData().<String, String>getAsyncMap("sb.api")
      .compose(map -> map.get("generatedToken")).await(10, TimeUnit.SECONDS);
    token = new JsonObject(generated).getString("token");
    api1 = new ApiClient(node1, token);
    api2 = new ApiClient(node2, token);
  }

  @AfterAll
  static void stopCluster() {
    fixture.close();
  }

  @AfterEach
  void closeClients() throws Exception {
    for (AutoCloseable client : opened) {
      client.close();
    }
  }

  private TestSocket syncClient(TestBroker node) {
    TestSocket socket = SyncPeers.client(fixture.peers(), node.publicPort());
    opened.add(socket);
    return socket;
  }

  private Opened tapr(TestBroker node, String user) {
    Opened tapr = fixture.open(node, user);
    opened.add(tapr.client());
    return tapr;
  }

  private static List<JsonObject> items(Answer answer) {
    assertEquals(200, answer.status(), answer.text());
    return answer.json().getJsonArray("items").stream().map(JsonObject.class::cast).toList();
  }

  @Test
  void oneGeneratedTokenServesEveryNode() {
    assertNotNull(token);
    assertEquals(200, api1.get("/api/nodes").status());
    assertEquals(200, api2.get("/api/nodes").status());
    for (TestBroker node : List.of(node1, node2)) {
      assertEquals(401, new ApiClient(node, "not-" + token).get("/api/nodes").status());
    }
  }

  @Test
  void eitherNodeListsBothNodesWithTheirConnections() {
    syncClient(node2);
    syncClient(node2);
    tapr(node1, "nodes-user");
    for (ApiClient api : List.of(api1, api2)) {
      List<JsonObject> nodes = items(api.get("/api/nodes"));
      assertEquals(Set.of(node1.nodeId(), node2.nodeId()), nodes.stream().map(n -> n.getString("id")).collect(Collectors.toSet()));
      JsonObject second = nodes.stream().filter(n -> node2.nodeId().equals(n.getString("id"))).findFirst().orElseThrow();
      assertEquals("127.0.0.1:" + node2.publicPort(), second.getString("address"));
      assertTrue(second.getLong("uptimeMs") > 0);
      assertEquals(2, second.getJsonObject("connections").getInteger("sync"));
      JsonObject first = nodes.stream().filter(n -> node1.nodeId().equals(n.getString("id"))).findFirst().orElseThrow();
      assertEquals(1, first.getJsonObject("connections").getInteger("tapr"));
      assertNotEquals(first.getString("member"), second.getString("member"));
    }
  }

  @Test
  void connectionsOfBothNodesAreListedFilteredAndDescribedFromEither() {
    Opened onNode1 = tapr(node1, "listed-1");
    Opened onNode2 = tapr(node2, "listed-2");
    List<String> ids = items(api1.get("/api/connections?dialect=tapr&limit=1000")).stream()
      .map(item -> item.getString("id")).toList();
    assertTrue(ids.containsAll(List.of(onNode1.id(), onNode2.id())), ids::toString);
    List<JsonObject> ofNode2 = items(api1.get("/api/connections?node=" + node2.nodeId() + "&limit=1000"));
    assertTrue(ofNode2.stream().allMatch(item -> node2.nodeId().equals(item.getString("node"))));
    assertTrue(ofNode2.stream().anyMatch(item -> onNode2.id().equals(item.getString("id"))));

    // Paging across both nodes: one item a page, every connection exactly once.
    List<String> paged = new ArrayList<>();
    String cursor = null;
    do {
      Answer page = api2.get("/api/connections?dialect=tapr&limit=1" + (cursor == null ? "" : "&cursor=" + cursor));
      items(page).forEach(item -> paged.add(item.getString("id")));
      cursor = page.json().getString("next");
    } while (cursor != null);
    assertEquals(Set.copyOf(ids), Set.copyOf(paged));
    assertEquals(ids.size(), paged.size());

    Answer remote = api1.get("/api/connections/" + onNode2.id());
    assertEquals(200, remote.status(), remote.text());
    assertEquals(node2.nodeId(), remote.json().getString("node"));
    assertEquals("listed-2", remote.json().getString("user"));
  }

  @Test
  void node1ClosesAConnectionHeldByNode2() {
    Opened remote = tapr(node2, "deleted-remotely");
    Answer deleted = api1.delete("/api/connections/" + remote.id());
    assertEquals(200, deleted.status(), deleted.text());
    assertEquals(1000, remote.client().awaitClose());
    assertEquals("close", fixture.app().nextOf(remote.id()).action(), "the dialect cleaned up as for any close");
    assertEquals(404, api1.get("/api/connections/" + remote.id()).status());
    assertEquals(404, api2.get("/api/connections/" + remote.id()).status());
    assertEquals(404, api1.delete("/api/connections/" + remote.id()).status());
  }

  @Test
  void sendsReachConnectionsOnBothNodes() {
    Opened a = tapr(node1, "everywhere");
    Opened b = tapr(node2, "everywhere");
    assertEquals(2, api2.send(new JsonObject().put("dialect", "tapr").put("to", new JsonObject().put("user", "everywhere"))
      .put("payload", new JsonArray().add(1))).getInteger("reached"));
    assertEquals("[1]", a.client().nextText());
    assertEquals("[1]", b.client().nextText());
    assertEquals(1, api1.send(new JsonObject().put("dialect", "tapr").put("to", new JsonObject().put("conn", b.id()))
      .put("payload", "only b")).getInteger("reached"));
    assertEquals("\"only b\"", b.client().nextText());
    a.client().expectSilence(200);

    TestSocket client1 = syncClient(node1);
    TestSocket client2 = syncClient(node2);
    long clients = items(api1.get("/api/connections?dialect=sync&limit=1000")).size();
    assertEquals(clients, (long) api1.send(new JsonObject().put("dialect", "sync").put("to", new JsonObject().put("all", true))
      .put("method", "hello").put("data", "all")).getInteger("reached"));
    assertEquals("hello", client1.nextMessage().getString("method"));
    assertEquals("hello", client2.nextMessage().getString("method"));

    TestSocket name = PushPeers.authenticated(fixture.peers(), node2.publicPort(), PUSH_TOKEN, "cluster-name", null);
    opened.add(name);
    JsonObject pushed = api1.send(new JsonObject().put("dialect", "push").put("to", new JsonObject().put("user", "cluster-name"))
      .put("message", new JsonObject().put("text", "across")));
    assertEquals(1, pushed.getInteger("reached"));
    assertEquals("across", PushPeers.nextMessage(name).getJsonObject("message").getString("text"));
  }

  @Test
  void statsCoverBothNodes() {
    JsonObject stats = api1.get("/api/stats").json();
    List<JsonObject> nodes = stats.getJsonArray("nodes").stream().map(JsonObject.class::cast).toList();
    assertEquals(2, nodes.size());
    long syncTotal = nodes.stream().mapToLong(node -> node.getJsonObject("connections").getLong("sync")).sum();
    assertEquals(syncTotal, stats.getJsonObject("totals").getJsonObject("connections").getLong("sync"));
  }
}
