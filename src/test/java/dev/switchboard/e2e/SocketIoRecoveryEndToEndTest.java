package dev.switchboard.e2e;

import dev.switchboard.bus.Envelope;
import dev.switchboard.dialect.socketio.SocketIoEmitResult;
import dev.switchboard.dialect.socketio.SocketIoEndpoint;
import dev.switchboard.dialect.socketio.SocketIoEndpoints;
import dev.switchboard.testing.ApiClient;
import dev.switchboard.testing.SocketIoNodeClient;
import dev.switchboard.testing.TestBroker;
import dev.switchboard.testing.TestResources;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Socket.IO connection state recovery (SPEC §3 [beyond], {@code socketio.recovery.*}) with the official client 4.8:
 * after a transport drop the client reconnects with its {@code pid} and last {@code offset}; within
 * {@code maxDisconnectionMs} it gets the same socket id, its rooms and the events emitted meanwhile, in order, and
 * {@code socket.recovered} is true; later it is a new socket. The reconnect lands on whichever gateway instance
 * accepts it, so the socket often moves between instances (claimed over the event bus from its home).
 */
class SocketIoRecoveryEndToEndTest {

  private static final long MAX_DISCONNECTION_MS = 2000;
  private static final String TOKEN = "recovery-api-token";
  private static TestBroker broker;
  private static ApiClient api;
  private static SocketIoNodeClient node;
  private static String url;

  @BeforeAll
  static void start() {
    broker = TestBroker.start(new JsonObject().put("api", new JsonObject().put("token", TOKEN))
      .put("socketio", new JsonObject()
        .put("recovery", new JsonObject().put("enabled", true).put("maxDisconnectionMs", MAX_DISCONNECTION_MS)
          // Room for what the emitter of the hand-over test sends while its client is away.
          .put("maxPackets", 10_000))));
    api = new ApiClient(broker, TOKEN);
    node = SocketIoNodeClient.start();
    url = "http://127.0.0.1:" + broker.publicPort();
  }

  @AfterAll
  static void stop() throws Exception {
    TestResources.closeAll(node, broker);
  }

  private static SocketIoEndpoint endpoint() {
    return SocketIoEndpoints.any(broker.nodeId());
  }

  /** Reconnects by itself once, after exactly {@code delayMs}: long enough for the test to emit meanwhile. */
  private static JsonObject reconnectingAfter(long delayMs, String transport) {
    return SocketIoNodeClient.transports(transport).put("reconnection", true)
      .put("reconnectionDelay", delayMs).put("reconnectionDelayMax", delayMs).put("randomizationFactor", 0);
  }

  private static SocketIoEmitResult emitToRoom(String room, String event, JsonArray args) throws Exception {
    return endpoint().emit("/web", new Envelope.Target(Envelope.TargetKind.ROOM, room), event, args.encode(), null)
      .await(5, TimeUnit.SECONDS);
  }

  private static SocketIoEmitResult emitTo(String socketId, String event, JsonArray args) throws Exception {
    return endpoint().emit("/web", Envelope.Target.connection(socketId), event, args.encode(), null)
      .await(5, TimeUnit.SECONDS);
  }

  /** Joins a room and proves it with an event, which also gives the client its first offset. */
  private static String joinAndReceive(String client, String socketId, String room) throws Exception {
    endpoint().join("/web", Envelope.Target.connection(socketId), room).await(5, TimeUnit.SECONDS);
    for (int attempt = 0; attempt < 50 && emitToRoom(room, "joined", new JsonArray()).reached() == 0; attempt++) {
      Thread.sleep(20);
    }
    JsonArray args = node.nextEvent(client, "joined").getJsonArray("args");
    assertEquals(1, args.size(), "the offset is the only argument: " + args.encode());
    return args.getString(0);
  }

  @Test
  void aShortDropIsRecoveredWithTheSameIdRoomsAndTheMissedEventsInOrder() throws Exception {
    List<String> clients = List.of("ws-1", "ws-2", "poll-1");
    for (String client : clients) {
      String transport = client.startsWith("ws") ? "websocket" : "polling";
      JsonObject connected = node.connect(client, url + "/web", reconnectingAfter(800, transport));
      assertEquals("connect", connected.getString("type"), connected.encode());
      assertFalse(connected.getBoolean("recovered"));
      String socketId = connected.getString("id");
      String room = "news-" + client;
      long offset = Long.parseLong(joinAndReceive(client, socketId, room));
      // Twice: a socket that moved to another instance on its first recovery is claimed through its home.
      offset = dropAndRecover(client, socketId, room, offset);
      dropAndRecover(client, socketId, room, offset);
    }
    for (String client : clients) {
      node.disconnect(client);
    }
  }

  private static long dropAndRecover(String client, String socketId, String room, long lastOffset) throws Exception {
    node.dropTransport(client);
    node.next(client, "disconnect");
    // The client waits 0.8 s before reconnecting: these are emitted while it is away.
    for (int i = 1; i <= 3; i++) {
      assertEquals(1, emitToRoom(room, "missed", new JsonArray().add(i)).reached());
    }
    assertEquals(1, emitTo(socketId, "direct", new JsonArray().add("to the id")).reached());

    JsonObject back = node.next(client, "connect");
    assertTrue(back.getBoolean("recovered"), back.encode());
    assertEquals(socketId, back.getString("id"));
    long previous = lastOffset;
    for (int i = 1; i <= 3; i++) {
      JsonArray args = node.nextEvent(client, "missed").getJsonArray("args");
      assertEquals(i, args.getInteger(0), args.encode());
      long offset = Long.parseLong(args.getString(1));
      assertTrue(offset > previous, "offsets grow: " + args.encode());
      previous = offset;
    }
    assertEquals("to the id", node.nextEvent(client, "direct").getJsonArray("args").getString(0));
    // Its room and its id still reach it, wherever the socket lives now.
    assertEquals(1, emitToRoom(room, "after", new JsonArray().add("room")).reached());
    assertEquals("room", node.nextEvent(client, "after").getJsonArray("args").getString(0));
    assertEquals(1, emitTo(socketId, "after", new JsonArray().add("id")).reached());
    JsonArray last = node.nextEvent(client, "after").getJsonArray("args");
    assertEquals("id", last.getString(0));
    return Long.parseLong(last.getString(1));
  }

  /**
   * Room events and events to every socket, emitted without a pause across several drops and recoveries: the ones
   * that come while the socket is being handed from one instance to another (taken from where it was suspended,
   * not yet set up where its client came back) reach it too, each once.
   */
  @Test
  void eventsEmittedWhileTheSocketIsHandedOverAreNeitherLostNorDoubled() throws Exception {
    JsonObject connected = node.connect("stream", url + "/web", reconnectingAfter(150, "websocket"));
    String socketId = connected.getString("id");
    joinAndReceive("stream", socketId, "stream-room");
    // One instance emits them all, so every instance gets them in the order they were emitted.
    SocketIoEndpoint emitting = endpoint();
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger emitted = new AtomicInteger();
    Thread emitter = new Thread(() -> {
      // Bounded: the drops below take a few seconds; the emitter stops then, or after 20 000 events.
      while (running.get() && emitted.get() < 20_000) {
        int sequence = emitted.incrementAndGet();
        // Every other one to every socket of every namespace, named by the default namespace "/".
        emitting.emit(sequence % 2 == 0 ? "/web" : "/", sequence % 2 == 0
            ? new Envelope.Target(Envelope.TargetKind.ROOM, "stream-room") : Envelope.Target.all(), "seq",
          new JsonArray().add(sequence).encode(), null);
        LockSupport.parkNanos(500_000);
      }
    }, "room-emitter");
    emitter.start();
    try {
      for (int drop = 0; drop < 6; drop++) {
        Thread.sleep(100);
        node.dropTransport("stream");
        node.next("stream", "disconnect");
        JsonObject back = node.next("stream", "connect");
        assertTrue(back.getBoolean("recovered"), back.encode());
        assertEquals(socketId, back.getString("id"));
      }
      Thread.sleep(100);
    } finally {
      running.set(false);
      emitter.join(5_000);
    }
    int last = emitted.get();
    assertEquals(1, emitting.emit("/web", new Envelope.Target(Envelope.TargetKind.ROOM, "stream-room"), "end",
      "[]", null).await(5, TimeUnit.SECONDS).reached());
    Set<Integer> received = new TreeSet<>();
    List<Integer> doubled = new ArrayList<>();
    for (JsonObject event = nextSeqOrEnd(); !"end".equals(event.getString("name")); event = nextSeqOrEnd()) {
      int sequence = event.getJsonArray("args").getInteger(0);
      if (!received.add(sequence)) {
        doubled.add(sequence);
      }
    }
    assertEquals(0, doubled.size(), "events received twice, the first: "
      + doubled.subList(0, Math.min(20, doubled.size())));
    assertEquals(last, received.size(), "of " + last + " events, missing: " + missing(received, last));
    node.disconnect("stream");
  }

  private static JsonObject nextSeqOrEnd() {
    return node.next(e -> "stream".equals(e.getString("client")) && "event".equals(e.getString("type"))
      && ("seq".equals(e.getString("name")) || "end".equals(e.getString("name"))));
  }

  private static List<Integer> missing(Set<Integer> received, int last) {
    List<Integer> missing = new ArrayList<>();
    for (int i = 1; i <= last; i++) {
      if (!received.contains(i)) {
        missing.add(i);
      }
    }
    return missing;
  }

  @Test
  void theServerApiReachesASocketByIdWhileItIsSuspendedAndAfterItRecovered() throws Exception {
    JsonObject connected = node.connect("api", url + "/web", reconnectingAfter(800, "websocket"));
    String socketId = connected.getString("id");
    joinAndReceive("api", socketId, "api-room");
    node.dropTransport("api");
    node.next("api", "disconnect");
    // Suspended: no longer listed as a connection, yet a send to its id is kept for the replay.
    for (int attempt = 0; attempt < 100 && api.get("/api/connections/" + socketId).status() != 404; attempt++) {
      Thread.sleep(20);
    }
    assertEquals(404, api.get("/api/connections/" + socketId).status());
    assertEquals(1, apiSendTo(socketId, "while away"));

    JsonObject back = node.next("api", "connect");
    assertTrue(back.getBoolean("recovered"), back.encode());
    assertEquals("while away", node.nextEvent("api", "note").getJsonArray("args").getString(0));
    // Recovered, perhaps on another instance than its id names: the id still reaches it through the API.
    assertEquals(1, apiSendTo(socketId, "back"));
    assertEquals("back", node.nextEvent("api", "note").getJsonArray("args").getString(0));
    node.disconnect("api");
  }

  private static int apiSendTo(String socketId, String text) {
    ApiClient.Answer answer = api.post("/api/send", new JsonObject().put("dialect", "socketio")
      .put("to", new JsonObject().put("conn", socketId)).put("event", "note").put("args", new JsonArray().add(text)));
    assertEquals(200, answer.status(), answer.text());
    return answer.json().getInteger("reached");
  }

  @Test
  void aDropLongerThanMaxDisconnectionIsANewSocket() throws Exception {
    JsonObject connected = node.connect("late", url + "/web",
      reconnectingAfter(MAX_DISCONNECTION_MS + 1500, "websocket"));
    String socketId = connected.getString("id");
    joinAndReceive("late", socketId, "late-room");
    node.dropTransport("late");
    node.next("late", "disconnect");
    assertEquals(1, emitToRoom("late-room", "missed", new JsonArray().add(1)).reached());

    JsonObject back = node.next("late", "connect");
    assertFalse(back.getBoolean("recovered"), back.encode());
    assertNotEquals(socketId, back.getString("id"));
    assertEquals(0, emitToRoom("late-room", "gone", new JsonArray()).reached());
    assertEquals(0, emitTo(socketId, "gone", new JsonArray()).reached());
    node.expectNone(e -> "late".equals(e.getString("client")) && "event".equals(e.getString("type"))
      && "missed".equals(e.getString("name")), 300);
    node.disconnect("late");
  }

  @Test
  void anExplicitDisconnectIsNotRecoverable() throws Exception {
    JsonObject connected = node.connect("leaver", url + "/web",
      SocketIoNodeClient.transports("websocket"));
    String socketId = connected.getString("id");
    joinAndReceive("leaver", socketId, "leaver-room");
    node.disconnect("leaver");
    node.next("leaver", "disconnect");
    for (int attempt = 0; attempt < 50 && emitToRoom("leaver-room", "probe", new JsonArray()).reached() > 0;
         attempt++) {
      Thread.sleep(20);
    }
    assertEquals(0, emitToRoom("leaver-room", "gone", new JsonArray()).reached());
  }
}
