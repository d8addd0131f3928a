package dev.switchboard.e2e;

import dev.switchboard.testing.ApiClient;
import dev.switchboard.testing.ApiClient.Answer;
import dev.switchboard.testing.PushPeers;
import dev.switchboard.testing.SyncPeers;
import dev.switchboard.testing.TaprClient;
import dev.switchboard.testing.TaprFixture;
import dev.switchboard.testing.TaprFixture.Opened;
import dev.switchboard.testing.TestBroker;
import dev.switchboard.testing.TestSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The server API of SPEC §5 on one real node, over real HTTP, with real sync, push and tapr clients: the bearer
 * token, nodes, connections (shape, filters, paging, one, close), send on every dialect, rooms, stats, and the
 * refusals (400 naming the field, 401, 404, 413). The socket.io parts are in {@code ApiSocketIoEndToEndTest}.
 */
class ApiSingleNodeEndToEndTest {

  private static final String API_TOKEN = "api-token-for-tests";
  private static final String PUSH_TOKEN = "push-token-for-tests";

  private static TaprFixture fixture;
  private static TestBroker broker;
  private static ApiClient api;
  private final List<AutoCloseable> opened = new ArrayList<>();

  @BeforeAll
  static void start() {
    fixture = new TaprFixture();
    broker = fixture.broker(new JsonObject()
      .put("api", new JsonObject().put("token", API_TOKEN).put("maxBodyBytes", 4096))
      .put("push", new JsonObject().put("token", PUSH_TOKEN)));
    api = new ApiClient(broker, API_TOKEN);
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @AfterEach
  void closeClients() throws Exception {
    for (AutoCloseable client : opened) {
      client.close();
    }
  }

  private TestSocket syncClient() {
    TestSocket socket = SyncPeers.client(fixture.peers(), broker.publicPort());
    opened.add(socket);
    return socket;
  }

  private TestSocket syncService(String id) {
    TestSocket socket = SyncPeers.service(fixture.peers(), broker.publicPort(), id);
    opened.add(socket);
    return socket;
  }

  private TestSocket push(String name) {
    TestSocket socket = PushPeers.authenticated(fixture.peers(), broker.publicPort(), PUSH_TOKEN, name, null);
    opened.add(socket);
    return socket;
  }

  private Opened tapr(String user) {
    Opened tapr = fixture.open(broker, user,
      TaprClient.headers(user, "t-" + user).add("User-Agent", "agent-of-" + user));
    opened.add(tapr.client());
    return tapr;
  }

  /** Every listed item of {@code query}, following the cursors. */
  private static List<JsonObject> listAll(String query) {
    List<JsonObject> all = new ArrayList<>();
    String cursor = null;
    do {
      Answer page = api.get("/api/connections?" + query + (cursor == null ? "" : "&cursor=" + cursor));
      assertEquals(200, page.status(), page.text());
      page.json().getJsonArray("items").forEach(item -> all.add((JsonObject) item));
      cursor = page.json().getString("next");
    } while (cursor != null);
    return all;
  }

  // ---- token ----

  @Test
  void everyApiCallNeedsTheBearerTokenButHealthAndMetricsDoNot() {
    for (String path : List.of("/api/nodes", "/api/connections", "/api/stats", "/api/openapi.yaml", "/api/nothing")) {
      Answer none = api.request("GET", path, null, null);
      assertEquals(401, none.status(), path);
      assertEquals("UNAUTHORIZED", none.code());
      assertTrue(none.json().getString("message").contains("Bearer"), none.text());
      assertEquals(401, api.request("GET", path, null, "Bearer wrong-" + API_TOKEN).status(), path);
      assertEquals(401, api.request("GET", path, null, API_TOKEN).status(), "the scheme is required: " + path);
    }
    Answer send = api.request("POST", "/api/send", "{}", null);
    assertEquals(401, send.status());
    assertEquals(200, api.get("/api/nodes").status());
    assertEquals(200, api.request("GET", "/api/nodes", null, "bearer " + API_TOKEN).status(), "the scheme is case-insensitive");
    assertEquals(200, api.request("GET", "/health/live", null, null).status());
    assertEquals(200, api.request("GET", "/health/ready", null, null).status());
    assertEquals(200, api.request("GET", "/metrics", null, null).status());
  }

  @Test
  void unknownPathsAndWrongMethodsAreJsonErrors() {
    Answer missing = api.get("/api/nothing");
    assertEquals(404, missing.status());
    assertEquals("NOT_FOUND", missing.code());
    assertTrue(missing.contentType().startsWith("application/json"));
    Answer wrongMethod = api.request("PUT", "/api/nodes", "{}");
    assertEquals(405, wrongMethod.status());
    assertEquals("METHOD_NOT_ALLOWED", wrongMethod.code());
  }

  // ---- nodes ----

  @Test
  void nodesShowsThisNodeWithItsConnectionsPerDialect() {
    JsonObject before = onlyNode();
    syncClient();
    push("nodes-counted");
    tapr("nodes-counted");
    JsonObject after = onlyNode();
    assertEquals(broker.nodeId(), after.getString("id"));
    assertEquals("127.0.0.1:" + broker.publicPort(), after.getString("address"));
    assertTrue(after.getLong("uptimeMs") > 0);
    assertTrue(after.getBoolean("ready"));
    JsonObject counts = after.getJsonObject("connections");
    assertEquals(Set.of("sync", "push", "socketio", "tapr"), counts.fieldNames());
    for (String dialect : List.of("sync", "push", "tapr")) {
      assertEquals(before.getJsonObject("connections").getLong(dialect) + 1, counts.getLong(dialect), dialect);
    }
    assertEquals(0, counts.getLong("socketio"));
  }

  private static JsonObject onlyNode() {
    JsonArray items = api.get("/api/nodes").json().getJsonArray("items");
    assertEquals(1, items.size(), items::encode);
    return items.getJsonObject(0);
  }

  // ---- connections ----

  @Test
  void eachDialectDescribesItsConnectionsInTheSpecShape() {
    long start = System.currentTimeMillis();
    syncClient();
    syncService("described-service");
    push("described-name");
    Opened tapr = tapr("described-user");
    List<JsonObject> all = listAll("limit=1000");
    JsonObject service = all.stream().filter(item -> "described-service".equals(item.getString("service")))
      .findFirst().orElseThrow();
    assertEquals(Set.of("id", "dialect", "node", "user", "namespace", "session", "service", "remoteAddress",
      "userAgent", "connectedAt"), service.fieldNames(), "every key, absent ones as null");
    assertEquals("sync", service.getString("dialect"));
    assertEquals(broker.nodeId(), service.getString("node"));
    assertNull(service.getValue("user"));
    assertNull(service.getValue("namespace"));
    assertNull(service.getValue("session"));
    assertTrue(service.getString("remoteAddress").startsWith("127.0.0.1:"), service::encode);
    assertTrue(Instant.parse(service.getString("connectedAt")).toEpochMilli() >= start - 1000);
    assertTrue(service.getString("connectedAt").endsWith("Z"), "UTC");

    JsonObject name = all.stream().filter(item -> "described-name".equals(item.getString("user"))).findFirst().orElseThrow();
    assertEquals("push", name.getString("dialect"));
    assertNull(name.getValue("service"));

    JsonObject taprItem = all.stream().filter(item -> tapr.id().equals(item.getString("id"))).findFirst().orElseThrow();
    assertEquals("tapr", taprItem.getString("dialect"));
    assertEquals("described-user", taprItem.getString("user"));
    assertEquals("agent-of-described-user", taprItem.getString("userAgent"));

    Answer one = api.get("/api/connections/" + tapr.id());
    assertEquals(200, one.status());
    assertEquals(taprItem, one.json());
  }

  @Test
  void theListIsFilteredAndPagedWithACursor() {
    syncClient();
    push("paged-a");
    push("paged-b");
    push("paged-c");
    List<JsonObject> pushes = listAll("dialect=push&limit=2");
    assertTrue(pushes.stream().allMatch(item -> "push".equals(item.getString("dialect"))));
    List<String> names = pushes.stream().map(item -> item.getString("user")).filter(user -> user != null && user.startsWith("paged-")).toList();
    assertEquals(List.of("paged-a", "paged-b", "paged-c"), names, "oldest first, each once across pages");
    Set<String> ids = new HashSet<>();
    pushes.forEach(item -> assertTrue(ids.add(item.getString("id")), "no connection twice"));

    Answer firstPage = api.get("/api/connections?dialect=push&limit=2");
    assertEquals(2, firstPage.json().getJsonArray("items").size());
    assertNotNull(firstPage.json().getString("next"));
    Answer byUser = api.get("/api/connections?user=paged-b");
    assertEquals(1, byUser.json().getJsonArray("items").size());
    assertEquals("paged-b", byUser.json().getJsonArray("items").getJsonObject(0).getString("user"));
    assertNull(byUser.json().getValue("next"));
    assertTrue(byUser.json().containsKey("next"), "next is there, null on the last page");
    assertEquals(0, api.get("/api/connections?node=no-such-node").json().getJsonArray("items").size());
    assertFalse(listAll("node=" + broker.nodeId() + "&dialect=sync").isEmpty());
    assertEquals(listAll("dialect=&user=&limit=1000").size(), listAll("limit=1000").size(), "empty filters mean any");
  }

  @Test
  void badQueryParametersAreRefusedNamingTheParameter() {
    for (String[] bad : new String[][]{{"dialect=smoke", "dialect"}, {"limit=0", "limit"}, {"limit=1001", "limit"},
      {"limit=ten", "limit"}, {"cursor=!!!", "cursor"}, {"cursor=bm90LWEtY3Vyc29y", "cursor"}}) {
      Answer answer = api.get("/api/connections?" + bad[0]);
      assertEquals(400, answer.status(), bad[0]);
      assertEquals("INVALID_PARAMETER", answer.code());
      assertTrue(answer.json().getString("message").contains(bad[1]), answer.text());
    }
  }

  @Test
  void deleteClosesTheConnectionWithAReasonAndThenItIs404() throws Exception {
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(broker.publicPort())
      .setURI(SyncPeers.PATH).addHeader("websocket-accept-sign", "client").setAllowOriginHeader(false);
    var client = fixture.peers().createWebSocketClient();
    CompletableFuture<String> closed = new CompletableFuture<>();
    WebSocket socket = client.connect(options).await(10, TimeUnit.SECONDS);
    socket.closeHandler(ignored -> closed.complete(socket.closeStatusCode() + " " + socket.closeReason()));
    String id = listAll("dialect=sync&limit=1000").stream().map(item -> item.getString("id"))
      .reduce((first, second) -> second).orElseThrow();

    Answer deleted = api.delete("/api/connections/" + id);
    assertEquals(200, deleted.status(), deleted.text());
    assertEquals(new JsonObject().put("id", id).put("closed", true), deleted.json());
    assertEquals(404, api.get("/api/connections/" + id).status(), "at once, even before the socket finished closing");
    assertEquals("1000 closed", closed.get(10, TimeUnit.SECONDS), "a close code and a non-empty reason");
    Answer gone = api.get("/api/connections/" + id);
    assertEquals(404, gone.status());
    assertEquals("CONNECTION_NOT_FOUND", gone.code());
    assertEquals(404, api.delete("/api/connections/" + id).status());
    assertTrue(listAll("limit=1000").stream().noneMatch(item -> id.equals(item.getString("id"))));
    client.close();
  }

  @Test
  void unknownConnectionIdsAre404() {
    for (String id : List.of("not-an-id", broker.nodeId() + ".0.zzzz", "othernode.0.1", broker.nodeId() + ".99.1")) {
      Answer answer = api.get("/api/connections/" + id);
      assertEquals(404, answer.status(), id);
      assertEquals("CONNECTION_NOT_FOUND", answer.code());
      assertEquals(404, api.delete("/api/connections/" + id).status(), id);
    }
  }

  // ---- send ----

  @Test
  void syncSendsANoticeToAllClientsToAServiceAndToOneConnection() {
    TestSocket first = syncClient();
    TestSocket second = syncClient();
    TestSocket service = syncService("notice-target");
    long clients = listAll("dialect=sync&limit=1000").stream().filter(item -> item.getValue("service") == null).count();
    JsonObject toAll = api.send(new JsonObject().put("dialect", "sync").put("to", new JsonObject().put("all", true))
      .put("method", "maintenance").put("data", new JsonObject().put("at", "22:00")));
    assertEquals(clients, (long) toAll.getInteger("reached"));
    JsonObject expected = new JsonObject().put("service", "api").put("type", "notice").put("method", "maintenance")
      .put("data", new JsonObject().put("at", "22:00"));
    assertEquals(expected, first.nextMessage());
    assertEquals(expected, second.nextMessage());
    service.expectSilence(200);

    assertEquals(1, api.send(new JsonObject().put("dialect", "sync").put("to", new JsonObject().put("service", "notice-target"))
      .put("method", "reload").put("data", 0)).getInteger("reached"));
    assertEquals(new JsonObject().put("service", "api").put("type", "notice").put("method", "reload").put("data", 0),
      service.nextMessage());

    String firstId = listAll("dialect=sync&limit=1000").stream().filter(item -> item.getValue("service") == null)
      .findFirst().orElseThrow().getString("id");
    assertEquals(1, api.send(new JsonObject().put("dialect", "sync").put("to", new JsonObject().put("conn", firstId))
      .put("method", "direct").put("data", false)).getInteger("reached"));
    assertEquals(0, api.send(new JsonObject().put("dialect", "sync").put("to", new JsonObject().put("conn", "nobody.0.1"))
      .put("method", "direct").put("data", false)).getInteger("reached"));
    assertEquals(0, api.send(new JsonObject().put("dialect", "sync").put("to", new JsonObject().put("service", "absent"))
      .put("method", "direct").put("data", "x")).getInteger("reached"));
  }

  @Test
  void taprSendsThePayloadToAUserAndToOneConnection() {
    Opened a = tapr("send-user");
    Opened b = tapr("send-user");
    Opened other = tapr("send-other");
    JsonObject payload = new JsonObject().put("event", "news").put("data", new JsonObject().put("n", 1));
    assertEquals(2, api.send(new JsonObject().put("dialect", "tapr").put("to", new JsonObject().put("user", "send-user"))
      .put("payload", payload)).getInteger("reached"));
    assertEquals(payload, a.client().nextObject());
    assertEquals(payload, b.client().nextObject());
    other.client().expectSilence(200);
    assertEquals(1, api.send(new JsonObject().put("dialect", "tapr").put("to", new JsonObject().put("conn", other.id()))
      .put("payload", "just you")).getInteger("reached"));
    assertEquals("\"just you\"", other.client().nextText());
  }

  @Test
  void pushQueuesTheMessageWithTheUsualStatuses() {
    TestSocket bob = push("api-bob");
    JsonObject reply = api.send(new JsonObject().put("dialect", "push").put("to", new JsonObject().put("user", "api-bob"))
      .put("message", new JsonObject().put("text", "hi").put("desp", "").put("extra", new JsonObject())));
    assertEquals(1, reply.getInteger("reached"));
    assertEquals(new JsonObject().put("api-bob", "ready"), reply.getJsonObject("status"));
    JsonObject message = PushPeers.nextMessage(bob);
    assertEquals(new JsonObject().put("method", "http").put("name", "api"), message.getJsonObject("from"));
    assertEquals("hi", message.getJsonObject("message").getString("text"));
    bob.send(PushPeers.callback(message.getString("mid")));

    // Known but offline: queued (reached 0), delivered when the name comes back.
    bob.close();
    awaitGone("api-bob");
    JsonObject offline = api.send(new JsonObject().put("dialect", "push").put("to", new JsonObject().put("user", "api-bob"))
      .put("message", new JsonObject().put("text", "later")).put("from", "ops"));
    assertEquals(0, offline.getInteger("reached"));
    assertEquals(new JsonObject().put("api-bob", "ready"), offline.getJsonObject("status"));
    TestSocket back = push("api-bob");
    JsonObject queued = PushPeers.nextMessage(back);
    assertEquals("later", queued.getJsonObject("message").getString("text"));
    assertEquals("ops", queued.getJsonObject("from").getString("name"));

    JsonObject unknown = api.send(new JsonObject().put("dialect", "push").put("to", new JsonObject().put("user", "never-seen"))
      .put("message", new JsonObject().put("text", "x")));
    assertEquals(new JsonObject().put("reached", 0).put("status", new JsonObject().put("never-seen", "no")), unknown);

    String backId = listAll("user=api-bob").get(0).getString("id");
    JsonObject byConnection = api.send(new JsonObject().put("dialect", "push").put("to", new JsonObject().put("conn", backId))
      .put("message", new JsonObject().put("text", "by connection")));
    assertEquals(1, byConnection.getInteger("reached"));
    assertEquals("by connection", PushPeers.nextMessage(back).getJsonObject("message").getString("text"));
  }

  private static void awaitGone(String user) {
    long deadline = System.currentTimeMillis() + 5000;
    while (!listAll("user=" + user).isEmpty()) {
      assertTrue(System.currentTimeMillis() < deadline, user + " is still listed");
      sleep(20);
    }
    sleep(100);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void roomsAreRefusedForDialectsOtherThanSocketIo() {
    for (String path : List.of("/api/rooms/join", "/api/rooms/leave")) {
      Answer sync = api.post(path, new JsonObject().put("dialect", "sync").put("conn", "x").put("room", "r"));
      assertEquals(400, sync.status(), path);
      assertTrue(sync.json().getString("message").contains("dialect"), sync.text());
    }
  }

  @Test
  void badBodiesAreRefusedNamingTheField() {
    JsonObject syncAll = new JsonObject().put("dialect", "sync").put("to", new JsonObject().put("all", true));
    Object[][] cases = {
      {"not json", "JSON"},
      {"[1,2]", "object"},
      {"", "empty"},
      {new JsonObject().put("to", new JsonObject().put("all", true)).encode(), "dialect"},
      {new JsonObject().put("dialect", "smoke").put("to", new JsonObject().put("all", true)).encode(), "dialect"},
      {new JsonObject().put("dialect", "sync").put("method", "m").put("data", 1).encode(), "to"},
      {new JsonObject().put("dialect", "sync").put("to", new JsonObject().put("all", false)).put("method", "m").put("data", 1).encode(), "to.all"},
      {new JsonObject().put("dialect", "sync").put("to", new JsonObject().put("conn", "a").put("all", true)).put("method", "m").put("data", 1).encode(), "to"},
      {new JsonObject().put("dialect", "sync").put("to", new JsonObject().put("conn", 5)).put("method", "m").put("data", 1).encode(), "to.conn"},
      {syncAll.copy().put("data", 1).encode(), "method"},
      {syncAll.copy().put("method", "m").encode(), "data"},
      {syncAll.copy().put("method", "m").putNull("data").encode(), "data"},
      {new JsonObject().put("dialect", "sync").put("to", new JsonObject().put("user", "u")).put("method", "m").put("data", 1).encode(), "to.user"},
      {new JsonObject().put("dialect", "tapr").put("to", new JsonObject().put("all", true)).encode(), "payload"},
      {new JsonObject().put("dialect", "tapr").put("to", new JsonObject().put("group", "g")).put("payload", 1).encode(), "to.group"},
      {new JsonObject().put("dialect", "push").put("to", new JsonObject().put("user", "u")).encode(), "message"},
      {new JsonObject().put("dialect", "push").put("to", new JsonObject().put("user", "u")).put("message", "text").encode(), "message"},
      {new JsonObject().put("dialect", "push").put("to", new JsonObject().put("all", true)).put("message", new JsonObject()).encode(), "to.all"},
      {new JsonObject().put("dialect", "push").put("to", new JsonObject().put("user", "u")).put("message", new JsonObject()).put("from", 3).encode(), "from"},
      {syncAll.copy().put("method", "m").put("data", 1).put("ack", new JsonObject()).encode(), "ack"},
    };
    for (Object[] bad : cases) {
      Answer answer = api.request("POST", "/api/send", (String) bad[0]);
      assertEquals(400, answer.status(), bad[0] + " → " + answer.text());
      assertEquals("INVALID_BODY", answer.code(), (String) bad[0]);
      assertTrue(answer.json().getString("message").contains((String) bad[1]), bad[0] + " → " + answer.text());
    }
  }

  @Test
  void bodiesOverTheLimitAre413() {
    String big = new JsonObject().put("dialect", "tapr").put("to", new JsonObject().put("all", true))
      .put("payload", "x".repeat(5000)).encode();
    Answer answer = api.request("POST", "/api/send", big);
    assertEquals(413, answer.status());
    assertEquals("PAYLOAD_TOO_LARGE", answer.code());
  }

  // ---- stats ----

  @Test
  void statsCountMessagesPerDialectAndSumTheNodes() {
    JsonObject before = api.get("/api/stats").json();
    TestSocket client = syncClient();
    client.send(SyncPeers.request("1", "communicationLinkCount", null));
    client.nextMessage();
    JsonObject after = api.get("/api/stats").json();
    assertNotNull(Instant.parse(after.getString("at")));
    assertEquals(1, after.getJsonArray("nodes").size());
    JsonObject node = after.getJsonArray("nodes").getJsonObject(0);
    assertEquals(broker.nodeId(), node.getString("id"));
    JsonObject syncBefore = before.getJsonObject("totals").getJsonObject("messages").getJsonObject("sync");
    JsonObject syncAfter = after.getJsonObject("totals").getJsonObject("messages").getJsonObject("sync");
    assertEquals(syncBefore.getLong("in") + 1, syncAfter.getLong("in"));
    assertTrue(syncAfter.getLong("out") >= syncBefore.getLong("out") + 2, "connected + the answer");
    assertEquals(node.getJsonObject("connections"), after.getJsonObject("totals").getJsonObject("connections"));
    assertTrue(node.getJsonObject("webhookCalls").getJsonObject("tapr").getLong("delivered") >= 0);
    assertNotNull(node.getJsonObject("deliveries").getJsonObject("pending").getLong("push"));
  }
}
