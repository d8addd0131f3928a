package dev.switchboard.e2e;

import dev.switchboard.testing.ApiClient;
import dev.switchboard.testing.ApiClient.Answer;
import dev.switchboard.testing.FreePorts;
import dev.switchboard.testing.SocketIoNodeClient;
import dev.switchboard.testing.TestBroker;
import dev.switchboard.testing.TestResources;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The server API for the socket.io dialect on a real cluster of two nodes, driven with the official npm client:
 * {@code POST /api/send} to a socket, a user, a room, a namespace and every socket — on the node the API call lands
 * on and on the other one — with acks collected, a TIMEOUT after retries, binary arguments both ways; room joins and
 * leaves by socket and by user; sockets listed, described and disconnected through {@code /api/connections}; and the
 * 400 answers naming the field; fan-outs answered exactly as soon as every socket.io instance reported (a third
 * member runs without socket.io: nobody waits for it). Each test uses a namespace of its own ({@code /t*} is
 * configured as a pattern), and waits until its sockets are gone from the listing before the next starts.
 */
class ApiSocketIoEndToEndTest {

  private static final String TOKEN = "socketio-api-test-token";

  private static TestBroker node1;
  private static TestBroker node2;
  /** A third member with socket.io disabled: no endpoint, so no emitter may wait for it. */
  private static TestBroker node3;
  private static ApiClient api1;
  private static ApiClient api2;
  private static SocketIoNodeClient clients;
  private final List<String> connected = new ArrayList<>();

  @BeforeAll
  static void startCluster() {
    String name = "sb-api-sio-" + UUID.randomUUID();
    int base = FreePorts.consecutive(3);
    JsonObject config = new JsonObject()
      .put("api", new JsonObject().put("token", TOKEN))
      .put("socketio", new JsonObject().put("namespaces", new JsonArray().add("/").add("/web").add("/app").add("/t*")));
    node1 = TestBroker.start(config, TestBroker.clusterMember(name, base, 2, 0));
    node2 = TestBroker.start(config, TestBroker.clusterMember(name, base, 2, 1));
    JsonObject withoutSocketIo = config.copy().put("socketio", new JsonObject().put("enabled", false));
    node3 = TestBroker.start(withoutSocketIo, TestBroker.clusterMember(name, base, 3, 2));
    api1 = new ApiClient(node1, TOKEN);
    api2 = new ApiClient(node2, TOKEN);
    clients = SocketIoNodeClient.start();
  }

  @AfterAll
  static void stopCluster() throws Exception {
    TestResources.closeAll(clients, node3, node2, node1);
  }

  @AfterEach
  void disconnectClients() throws InterruptedException {
    connected.forEach(clients::disconnect);
    long deadline = System.currentTimeMillis() + 10_000;
    while (System.currentTimeMillis() < deadline) {
      if (api1.get("/api/connections?dialect=socketio").json().getJsonArray("items").isEmpty()) {
        return;
      }
      Thread.sleep(50);
    }
    fail("socket.io sockets were still listed 10 s after their clients disconnected");
  }

  /** Connects client {@code name} over WebSocket to a namespace of a node, logs it in as {@code user}; its socket id. */
  private String connect(String name, TestBroker node, String namespace, String user) {
    return connect(name, node, namespace, user, false, null);
  }

  private String connect(String name, TestBroker node, String namespace, String user, boolean silentOnAcks,
                         JsonArray ackWith) {
    String url = "http://127.0.0.1:" + node.publicPort() + namespace;
    JsonObject options = new JsonObject().put("transports", new JsonArray().add("websocket"));
    JsonObject answer = silentOnAcks ? clients.connectWithoutAcking(name, url, options)
      : ackWith != null ? clients.connect(name, url, options, ackWith) : clients.connect(name, url, options);
    assertEquals("connect", answer.getString("type"), answer.encode());
    connected.add(name);
    if (user != null) {
      clients.emit(name, "user_login", new JsonArray().add(new JsonObject().put("userId", user)));
      clients.nextEvent(name, "login_info");
    }
    return answer.getString("id");
  }

  private static JsonObject event(String namespace, JsonObject to, String event, JsonArray args) {
    JsonObject body = new JsonObject().put("dialect", "socketio").put("to", to).put("event", event).put("args", args);
    return namespace == null ? body : body.put("namespace", namespace);
  }

  private static JsonArray args(int n) {
    return new JsonArray().add(new JsonObject().put("n", n));
  }

  private static int n(JsonObject received) {
    return received.getJsonArray("args").getJsonObject(0).getInteger("n");
  }

  private static void expectNo(String client, String event) {
    clients.expectNone(e -> client.equals(e.getString("client")) && "event".equals(e.getString("type"))
      && event.equals(e.getString("name")), 300);
  }

  @Test
  void sendsToASocketAUserARoomANamespaceAndEverySocketOnEitherNode() {
    String ns = "/t-send";
    String a = connect("send-a", node1, ns, "alice");
    String b = connect("send-b", node2, ns, "alice");
    connect("send-c", node2, ns, "carol");
    connect("send-other", node2, "/t-send-other", "alice");

    // A socket on the node the call lands on, then one on the other node; the namespace is the socket's own.
    assertEquals(1, api1.send(event(null, new JsonObject().put("conn", a), "to-conn", args(1))).getInteger("reached"));
    assertEquals(1, n(clients.nextEvent("send-a", "to-conn")));
    assertEquals(1, api1.send(event(ns, new JsonObject().put("conn", b), "to-conn", args(2))).getInteger("reached"));
    assertEquals(2, n(clients.nextEvent("send-b", "to-conn")));
    expectNo("send-a", "to-conn");
    // A socket id in another namespace than the one named reaches nothing; so does an unknown id.
    assertEquals(0, api1.send(event("/t-send-other", new JsonObject().put("conn", b), "to-conn", args(3)))
      .getInteger("reached"));
    assertEquals(0, api1.send(event(ns, new JsonObject().put("conn", node2.nodeId() + ".0.zz-00000000"), "to-conn",
      args(3))).getInteger("reached"));

    // A user's sockets of the namespace on both nodes (not its socket in another namespace).
    assertEquals(2, api2.send(event(ns, new JsonObject().put("user", "alice"), "to-user", args(4))).getInteger("reached"));
    assertEquals(4, n(clients.nextEvent("send-a", "to-user")));
    assertEquals(4, n(clients.nextEvent("send-b", "to-user")));
    expectNo("send-other", "to-user");

    // user_login's room, on both nodes.
    assertEquals(2, api1.send(event(ns, new JsonObject().put("room", "roomalice"), "to-room", args(5)))
      .getInteger("reached"));
    assertEquals(5, n(clients.nextEvent("send-a", "to-room")));
    assertEquals(5, n(clients.nextEvent("send-b", "to-room")));
    expectNo("send-c", "to-room");

    // The whole namespace; then, without a namespace, every socket of the dialect.
    assertEquals(3, api1.send(event(ns, new JsonObject().put("all", true), "to-ns", args(6))).getInteger("reached"));
    for (String client : List.of("send-a", "send-b", "send-c")) {
      assertEquals(6, n(clients.nextEvent(client, "to-ns")));
    }
    expectNo("send-other", "to-ns");
    assertEquals(4, api2.send(event(null, new JsonObject().put("all", true), "to-all", args(7))).getInteger("reached"));
    for (String client : List.of("send-a", "send-b", "send-c", "send-other")) {
      assertEquals(7, n(clients.nextEvent(client, "to-all")));
    }
  }

  @Test
  void aFanOutAnswersOnceEveryInstanceReportedExactAndWithoutASettleWait() {
    String ns = "/t-exact";
    connect("exact-a", node1, ns, "exq");
    connect("exact-b", node2, ns, "exq");
    connect("exact-c", node2, ns, "exq");

    // user_login's room holds sockets on both nodes: every send counts all of them, from either node.
    for (int i = 0; i < 20; i++) {
      ApiClient api = i % 2 == 0 ? api1 : api2;
      assertEquals(3, api.send(event(ns, new JsonObject().put("room", "roomexq"), "exact", args(i)))
        .getInteger("reached"), "send " + i);
    }
    for (String client : List.of("exact-a", "exact-b", "exact-c")) {
      for (int i = 0; i < 20; i++) {
        assertEquals(i, n(clients.nextEvent(client, "exact")));
      }
    }

    // Nobody in the room: every socket.io instance of both nodes reports 0 at once (the third node, without
    // socket.io, is not waited for), so the answer needs no settle wait (it waited 150 ms before); the median is a
    // loose bound to stay clear of a loaded machine's outliers.
    List<Long> millis = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      long started = System.nanoTime();
      assertEquals(0, api1.send(event(ns, new JsonObject().put("room", "nobody"), "exact", args(i)))
        .getInteger("reached"));
      millis.add((System.nanoTime() - started) / 1_000_000);
    }
    millis.sort(null);
    assertTrue(millis.get(10) < 100, "median " + millis.get(10) + " ms of empty room sends " + millis);
  }

  @Test
  void acksAreCollectedAndASilentSocketTimesOutAfterItsRetries() {
    String ns = "/t-ack";
    String answering = connect("ack-yes", node1, ns, null, false, new JsonArray().add(new JsonObject().put("fine", true)));
    String silent = connect("ack-no", node2, ns, null, true, null);

    long started = System.currentTimeMillis();
    JsonObject reply = api1.send(event(ns, new JsonObject().put("all", true), "ask", args(1))
      .put("ack", new JsonObject().put("timeoutMs", 400).put("retries", 2)));
    long took = System.currentTimeMillis() - started;

    assertEquals(2, reply.getInteger("reached"), reply.encode());
    Map<String, JsonObject> acks = reply.getJsonArray("acks").stream().map(JsonObject.class::cast)
      .collect(Collectors.toMap(ack -> ack.getString("conn"), Function.identity()));
    assertEquals(Set.of(answering, silent), acks.keySet(), reply.encode());
    assertEquals(new JsonArray().add(new JsonObject().put("fine", true)), acks.get(answering).getJsonArray("args"));
    assertEquals("TIMEOUT", acks.get(silent).getString("error"));
    assertFalse(acks.get(silent).containsKey("args"));
    // Three attempts of 400 ms each before the TIMEOUT.
    assertTrue(took >= 1200, "answered after " + took + " ms");

    // The silent client got the event retries + 1 = 3 times, and no more; the answering one once.
    for (int attempt = 0; attempt < 3; attempt++) {
      JsonObject received = clients.nextEvent("ack-no", "ask");
      assertFalse(received.getBoolean("acked"));
    }
    expectNo("ack-no", "ask");
    assertTrue(clients.nextEvent("ack-yes", "ask").getBoolean("acked"));
    expectNo("ack-yes", "ask");

    // One socket, acked on the other node.
    JsonObject one = api2.send(event(ns, new JsonObject().put("conn", answering), "ask", args(2))
      .put("ack", new JsonObject().put("timeoutMs", 2000)));
    assertEquals(new JsonObject().put("reached", 1).put("acks", new JsonArray().add(new JsonObject()
      .put("conn", answering).put("args", new JsonArray().add(new JsonObject().put("fine", true))))), one);
  }

  @Test
  void binaryArgumentsTravelAsRealAttachmentsAndComeBackAsBase64() {
    String ns = "/t-binary";
    byte[] answer = {0, 1, 2, (byte) 0xff};
    String b64Answer = Base64.getEncoder().encodeToString(answer);
    String socket = connect("bin", node2, ns, null, false,
      new JsonArray().add(new JsonObject().put("$b64", b64Answer)).add("text"));
    String hello = Base64.getEncoder().encodeToString("hello".getBytes(StandardCharsets.UTF_8));

    JsonObject reply = api1.send(event(ns, new JsonObject().put("conn", socket), "file",
      new JsonArray().add(new JsonObject().put("$binary", hello))
        .add(new JsonObject().put("name", "x").put("data", new JsonObject().put("$binary", hello))))
      .put("ack", new JsonObject().put("timeoutMs", 3000)));

    JsonObject received = clients.nextEvent("bin", "file");
    // The driver reports a Buffer argument as {$b64}: the client got real binaries, not the JSON form.
    assertEquals(new JsonArray().add(new JsonObject().put("$b64", hello))
      .add(new JsonObject().put("name", "x").put("data", new JsonObject().put("$b64", hello))),
      received.getJsonArray("args"));
    assertEquals(new JsonArray().add(new JsonObject().put("$binary", b64Answer)).add("text"),
      reply.getJsonArray("acks").getJsonObject(0).getJsonArray("args"), reply.encode());
  }

  @Test
  void roomsAreJoinedAndLeftBySocketAndByUserOnAnyNode() {
    String ns = "/t-rooms";
    String x = connect("room-x", node1, ns, "rx");
    connect("room-y", node1, ns, "ru");
    connect("room-z", node2, ns, "ru");
    JsonObject toRoom1 = new JsonObject().put("room", "r1");
    JsonObject toRoom2 = new JsonObject().put("room", "r2");

    // By socket, through the node that does not hold it.
    assertEquals(1, rooms(api2, "join", ns, "conn", x, "r1"));
    assertEquals(1, api1.send(event(ns, toRoom1, "in-r1", args(1))).getInteger("reached"));
    assertEquals(1, n(clients.nextEvent("room-x", "in-r1")));
    assertEquals(1, rooms(api1, "leave", ns, "conn", x, "r1"));
    assertEquals(0, api1.send(event(ns, toRoom1, "in-r1", args(2))).getInteger("reached"));
    expectNo("room-x", "in-r1");
    assertEquals(0, rooms(api1, "join", ns, "conn", node2.nodeId() + ".0.zz-00000000", "r1"));

    // By user: both of its sockets, one per node.
    assertEquals(2, rooms(api1, "join", ns, "user", "ru", "r2"));
    assertEquals(2, api2.send(event(ns, toRoom2, "in-r2", args(3))).getInteger("reached"));
    assertEquals(3, n(clients.nextEvent("room-y", "in-r2")));
    assertEquals(3, n(clients.nextEvent("room-z", "in-r2")));
    expectNo("room-x", "in-r2");
    assertEquals(2, rooms(api2, "leave", ns, "user", "ru", "r2"));
    assertEquals(0, api1.send(event(ns, toRoom2, "in-r2", args(4))).getInteger("reached"));
    expectNo("room-y", "in-r2");
    expectNo("room-z", "in-r2");
    // A user's sockets in another namespace are not touched.
    assertEquals(0, rooms(api1, "join", "/t-rooms-other", "user", "ru", "r2"));
  }

  private static int rooms(ApiClient api, String change, String namespace, String field, String who, String room) {
    Answer answer = api.post("/api/rooms/" + change, new JsonObject().put("dialect", "socketio")
      .put("namespace", namespace).put(field, who).put("room", room));
    assertEquals(200, answer.status(), answer.text());
    return answer.json().getInteger("reached");
  }

  @Test
  void socketsAreListedDescribedCountedAndDisconnected() {
    String ns = "/t-conns";
    String socket = connect("conn-s", node2, ns, "listed-user");

    JsonArray items = api1.get("/api/connections?dialect=socketio&user=listed-user").json().getJsonArray("items");
    assertEquals(1, items.size(), items.encode());
    JsonObject item = items.getJsonObject(0);
    assertEquals(socket, item.getString("id"));
    assertEquals("socketio", item.getString("dialect"));
    assertEquals(node2.nodeId(), item.getString("node"));
    assertEquals("listed-user", item.getString("user"));
    assertEquals(ns, item.getString("namespace"));
    String session = item.getString("session");
    assertNotNull(session);
    assertNotEquals(socket, session);
    assertTrue(session.startsWith(node2.nodeId() + "."), session);
    assertTrue(item.getString("remoteAddress").startsWith("127.0.0.1:"), item.encode());
    assertNotNull(item.getString("connectedAt"));
    assertTrue(item.containsKey("service") && item.getValue("service") == null);
    assertEquals(0, api1.get("/api/connections?dialect=socketio&node=" + node1.nodeId()).json()
      .getJsonArray("items").size());
    assertEquals(1, api2.get("/api/connections?node=" + node2.nodeId()).json().getJsonArray("items").size());

    assertEquals(item, api1.get("/api/connections/" + socket).json());
    Map<String, JsonObject> counts = api1.get("/api/nodes").json().getJsonArray("items").stream().map(JsonObject.class::cast)
      .collect(Collectors.toMap(node -> node.getString("id"), node -> node.getJsonObject("connections")));
    assertEquals(1, counts.get(node2.nodeId()).getInteger("socketio"));
    assertEquals(0, counts.get(node1.nodeId()).getInteger("socketio"));

    Answer closed = api1.delete("/api/connections/" + socket);
    assertEquals(200, closed.status(), closed.text());
    assertEquals("io server disconnect", clients.next("conn-s", "disconnect").getString("reason"));
    assertEquals(404, api1.get("/api/connections/" + socket).status());
    assertEquals(404, api2.delete("/api/connections/" + socket).status());
    assertTrue(api2.get("/api/connections?dialect=socketio").json().getJsonArray("items").isEmpty());
  }

  @Test
  void badSocketIoBodiesAreRefusedNamingTheField() {
    JsonObject ok = event("/web", new JsonObject().put("all", true), "news", new JsonArray());
    Object[][] sends = {
      {ok.copy().put("namespace", "/nope"), "namespace"},
      {ok.copy().put("namespace", 7), "namespace"},
      {ok.copy().put("namespace", "web"), "namespace"},
      {withoutField(ok, "event"), "event"},
      {ok.copy().put("event", ""), "event"},
      {ok.copy().put("event", "connect"), "connect"},
      {ok.copy().put("event", "disconnect"), "disconnect"},
      {ok.copy().put("to", new JsonObject().put("group", "g")), "to.group"},
      {ok.copy().put("to", new JsonObject().put("service", "s")), "to.service"},
      {ok.copy().put("args", new JsonObject()), "args"},
      {ok.copy().put("args", new JsonArray().add(new JsonObject().put("$binary", "!!not base64!!"))), "args"},
      {ok.copy().put("ack", 5), "ack"},
      {ok.copy().put("ack", new JsonObject()), "ack.timeoutMs"},
      {ok.copy().put("ack", new JsonObject().put("timeoutMs", 0)), "ack.timeoutMs"},
      {ok.copy().put("ack", new JsonObject().put("timeoutMs", "500")), "ack.timeoutMs"},
      {ok.copy().put("ack", new JsonObject().put("timeoutMs", 1.5)), "ack.timeoutMs"},
      {ok.copy().put("ack", new JsonObject().put("timeoutMs", 500).put("retries", -1)), "ack.retries"},
      {ok.copy().put("ack", new JsonObject().put("timeoutMs", 500).put("retries", 11)), "ack.retries"},
    };
    for (Object[] send : sends) {
      refused(api1.post("/api/send", (JsonObject) send[0]), (String) send[1]);
    }
    JsonObject join = new JsonObject().put("dialect", "socketio").put("namespace", "/web").put("conn", "x")
      .put("room", "r");
    Object[][] roomChanges = {
      {withoutField(join, "room"), "room"},
      {join.copy().put("room", 3), "room"},
      {join.copy().put("user", "u"), "conn"},
      {withoutField(join, "conn"), "conn"},
      {join.copy().put("conn", ""), "conn"},
      {join.copy().put("namespace", "/nope"), "namespace"},
      {join.copy().put("dialect", "sync"), "dialect"},
    };
    for (Object[] change : roomChanges) {
      refused(api2.post("/api/rooms/join", (JsonObject) change[0]), (String) change[1]);
      refused(api2.post("/api/rooms/leave", (JsonObject) change[0]), (String) change[1]);
    }
  }

  private static JsonObject withoutField(JsonObject body, String field) {
    JsonObject copy = body.copy();
    copy.remove(field);
    return copy;
  }

  private static void refused(Answer answer, String field) {
    assertEquals(400, answer.status(), answer.text());
    assertEquals("INVALID_BODY", answer.code(), answer.text());
    assertTrue(answer.json().getString("message").contains(field), field + ": " + answer.text());
  }
}
