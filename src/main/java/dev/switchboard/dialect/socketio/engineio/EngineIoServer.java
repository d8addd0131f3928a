package dev.switchboard.dialect.socketio.engineio;

import dev.switchboard.bus.ConnectionId;
import dev.switchboard.gateway.FlushConsolidation;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.ServerWebSocketHandshake;
import io.vertx.core.json.JsonObject;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The Engine.IO server of one gateway instance: handshakes over polling and WebSocket, the session table, polling
 * GET/POST, the WebSocket upgrade, and for sessions owned elsewhere (another instance or node: the session id names
 * its owner, as a connection id does) the forwarding of polls and the relay of upgrades. The socket.io
 * endpoint owns one and hands it the requests and WebSockets of its path; everything runs on that instance's
 * event loop.
 */
public final class EngineIoServer {

  /** How long the rest of an oversized body is read (and dropped) before its 413 goes out regardless. */
  static final long DRAIN_MS = 2_000;

  private static final System.Logger LOG = System.getLogger(EngineIoServer.class.getName());
  private static final SecureRandom RANDOM = new SecureRandom();
  /** An upgrade decision: accept the socket, then close it. */
  static final int ACCEPT_AND_CLOSE = -1;
  private static final long CLOSED_GET_GRACE_MS = 1_000;

  private final Vertx vertx;
  private final EngineIoSettings settings;
  private final String node;
  private final int instance;
  private final Function<String, String> pollingAddress;
  private final WebSocketRelays relays;
  private final Consumer<EngineIoSession> opened;
  private final Map<String, EngineIoSession> sessions = new HashMap<>();
  private final WebSocketFrameMemo frames = new WebSocketFrameMemo();
  private final Map<String, Long> closedByClient = new HashMap<>();
  private MessageConsumer<JsonObject> forwardedPolls;
  private long nextSequence;

  /**
   * @param pollingAddress the event-bus address of an instance's forwarded polls, from its {@code node.instance}
   * @param relayAddress   the event-bus address of an instance's relayed WebSocket traffic, likewise
   * @param opened         told of each new session before the client hears of it (to set its listener)
   */
  public EngineIoServer(Vertx vertx, EngineIoSettings settings, String node, int instance,
                        Function<String, String> pollingAddress, Function<String, String> relayAddress,
                        Consumer<EngineIoSession> opened) {
    this.vertx = vertx;
    this.settings = settings;
    this.node = node;
    this.instance = instance;
    this.pollingAddress = pollingAddress;
    this.relays = new WebSocketRelays(vertx, node, instance, relayAddress);
    this.opened = opened;
  }

  public Future<Void> start() {
    forwardedPolls = vertx.eventBus().consumer(pollingAddress.apply(node + '.' + instance), this::forwardedPoll);
    return Future.all(forwardedPolls.completion(), relays.start(this::relayedUpgrade)).mapEmpty();
  }

  public Future<Void> stop() {
    for (EngineIoSession session : List.copyOf(sessions.values())) {
      session.abandon("server shutting down");
    }
    Future<Void> relaysStopped = relays.stop();
    return forwardedPolls == null ? relaysStopped : Future.all(relaysStopped, forwardedPolls.unregister()).mapEmpty();
  }

  Vertx vertx() {
    return vertx;
  }

  /** A packet as a WebSocket frame, encoded once for all the sessions a room emit queues it on. */
  EngineIoCodec.WebSocketFrame webSocketFrame(EngineIoPacket packet, EngineIoVersion version, boolean binarySupported) {
    return frames.encode(packet, version, binarySupported);
  }

  public EngineIoSettings settings() {
    return settings;
  }

  public EngineIoSession session(String sid) {
    return sessions.get(sid);
  }

  public int size() {
    return sessions.size();
  }

  /** Ends every session's transport without a CLOSE packet (drain: clients reconnect elsewhere). */
  public void abandonAll(String reason) {
    for (EngineIoSession session : List.copyOf(sessions.values())) {
      session.abandon(reason);
    }
  }

  // ---- polling ----

  /** A plain HTTP request on the Engine.IO path (origin already checked by the caller). */
  public void request(HttpServerRequest request) {
    if (request.method() == HttpMethod.OPTIONS) {
      EngineIoHttp.preflight(request);
      return;
    }
    EngineIoHandshakeRequest parsed;
    try {
      parsed = EngineIoHandshakeRequest.parse(request.method().name(), request.getParam("EIO"),
        request.getParam("transport"), request.getParam("sid"), request.getParam("b64"), false, settings.allowEio3());
    } catch (EngineIoRequestRefusedException refused) {
      EngineIoHttp.refuse(request, refused.httpStatus(), refused.responseBody());
      return;
    }
    if (parsed.isHandshake()) {
      handshakeOverPolling(request, parsed);
      return;
    }
    readBody(request).onSuccess(body -> {
      if (body == null) {
        return;
      }
      ConnectionId owner = ConnectionId.parse(parsed.sid());
      if (owner != null && !isThisInstance(owner)) {
        forward(request, body, owner);
        return;
      }
      try {
        runPoll(parsed, new HttpPollingExchange(request, body));
      } catch (EngineIoRequestRefusedException refused) {
        EngineIoHttp.refuse(request, refused.httpStatus(), refused.responseBody());
      }
    });
  }

  private void handshakeOverPolling(HttpServerRequest request, EngineIoHandshakeRequest parsed) {
    EngineIoSession session = newSession(parsed, EngineIoTransportType.POLLING,
      EngineIoClientInfo.of(request.params(), request.headers(), request.remoteAddress()));
    EngineIoCodec.PollingBody body = EngineIoCodec.encodePollingPayload(
      List.of(session.handshake().toPacket(parsed.version())), parsed.version(), parsed.binarySupported());
    EngineIoHttp.respond(request, request.response(), 200, body.contentType(), Buffer.buffer(body.bytes()));
  }

  private void runPoll(EngineIoHandshakeRequest parsed, PollingExchange exchange) {
    EngineIoSession session = parsed.isHandshake() ? null : sessions.get(parsed.sid());
    if (session == null && "GET".equals(exchange.method()) && closedByClient.remove(parsed.sid()) != null) {
      // The client's CLOSE came in a POST that overtook this GET (they may reach different instances, and a
      // forwarded one takes longer): the GET ends as the pending GET it was meant to be, with a NOOP.
      EngineIoCodec.PollingBody noop = EngineIoCodec.encodePollingPayload(
        List.of(EngineIoPacket.of(EngineIoPacket.Type.NOOP)), parsed.version(), parsed.binarySupported());
      exchange.respond(200, noop.contentType(), Buffer.buffer(noop.bytes()));
      return;
    }
    parsed.verifyAgainstSession(session == null ? null : session.transport(),
      session != null && session.isUpgrading());
    if ("GET".equals(exchange.method())) {
      session.poll(exchange);
    } else {
      session.post(exchange);
    }
  }

  /** The whole body, or {@code null} when the request was answered already (413 past {@code maxPayload}). */
  private Future<Buffer> readBody(HttpServerRequest request) {
    if (request.method() != HttpMethod.POST) {
      return Future.succeededFuture(Buffer.buffer());
    }
    String length = request.getHeader("Content-Length");
    if (length != null && parseLong(length) > settings.maxPayload()) {
      tooLarge(request);
      return Future.succeededFuture(null);
    }
    io.vertx.core.Promise<Buffer> whole = io.vertx.core.Promise.promise();
    Buffer body = Buffer.buffer();
    request.handler(chunk -> {
      if (body.length() + chunk.length() > settings.maxPayload()) {
        if (whole.tryComplete(null)) {
          tooLarge(request);
        }
        return;
      }
      body.appendBuffer(chunk);
    });
    request.endHandler(ignored -> whole.tryComplete(body));
    request.exceptionHandler(failure -> whole.tryComplete(null));
    return whole.future();
  }

  /**
   * Answers 413 and ends the connection, but only once the client's body is read (or after {@value #DRAIN_MS} ms):
   * closing a connection with unread bytes in it resets it, and the client then loses the 413 it was sent.
   */
  private void tooLarge(HttpServerRequest request) {
    request.handler(ignored -> { });
    long drained = vertx.setTimer(DRAIN_MS, id -> answerTooLarge(request));
    request.endHandler(ignored -> {
      vertx.cancelTimer(drained);
      answerTooLarge(request);
    });
    request.exceptionHandler(ignored -> vertx.cancelTimer(drained));
  }

  private static void answerTooLarge(HttpServerRequest request) {
    if (request.response().ended() || request.response().closed()) {
      return;
    }
    request.response().putHeader("Connection", "close");
    EngineIoHttp.refuse(request, 413, "{\"code\":3,\"message\":\"Payload Too Large\"}")
      .onComplete(written -> request.connection().close());
  }

  // ---- forwarding (no sticky sessions) ----

  private void forward(HttpServerRequest request, Buffer body, ConnectionId owner) {
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(settings.longestPollMs());
    vertx.eventBus().<JsonObject>request(pollingAddress.apply(owner.node() + '.' + owner.instance()),
        PollingForwarding.request(request, body), options)
      .onComplete(reply -> {
        if (reply.failed()) {
          // No such owner any more (node gone, instance stopped): the session is gone with it.
          EngineIoHttp.refuse(request, 400, EngineIoError.UNKNOWN_SID.responseBody());
          return;
        }
        JsonObject answer = reply.result().body();
        EngineIoHttp.respond(request, request.response(), answer.getInteger("status"),
          answer.getString("contentType"), Buffer.buffer(answer.getBinary("body")));
      });
  }

  private void forwardedPoll(Message<JsonObject> message) {
    JsonObject request = message.body();
    ForwardedPollingExchange exchange = new ForwardedPollingExchange(message,
      System.currentTimeMillis() + settings.longestPollMs() - 1_000);
    try {
      EngineIoHandshakeRequest parsed = EngineIoHandshakeRequest.parse(request.getString("method"),
        request.getString("eio"), request.getString("transport"), request.getString("sid"),
        request.getString("b64"), false, settings.allowEio3());
      runPoll(parsed, exchange);
    } catch (EngineIoRequestRefusedException refused) {
      exchange.respond(refused.httpStatus(), "application/json", Buffer.buffer(refused.responseBody()));
    }
  }

  // ---- WebSocket ----

  /**
   * Decides on a WebSocket upgrade: 0 accepts, else the status. An upgrade of a session another instance (of
   * this node or another) owns is relayed: that owner is asked whether the session may be probed, and on consent
   * the socket is accepted here and its frames go both ways over the event bus.
   */
  public Future<Integer> decideUpgrade(ServerWebSocketHandshake handshake) {
    MultiParams query = MultiParams.of(handshake.query());
    try {
      EngineIoHandshakeRequest parsed = EngineIoHandshakeRequest.parse("GET", query.get("EIO"),
        query.get("transport"), query.get("sid"), query.get("b64"), true, settings.allowEio3());
      if (parsed.isHandshake()) {
        return Future.succeededFuture(0);
      }
      ConnectionId owner = ConnectionId.parse(parsed.sid());
      if (owner != null && !isThisInstance(owner)) {
        return relays.attach(parsed.sid(), handshake.remoteAddress(), owner, new JsonObject().put("eio", query.get("EIO"))
          .put("transport", query.get("transport")).put("sid", parsed.sid()).put("b64", query.get("b64")));
      }
      return Future.succeededFuture(Math.max(0, mayProbe(parsed)));
    } catch (EngineIoRequestRefusedException refused) {
      return Future.succeededFuture(refused.error().upgradeHttpStatus());
    }
  }

  /**
   * 0 when the session {@code parsed} names is here and may take a WebSocket probe; {@link #ACCEPT_AND_CLOSE} when
   * it is upgraded or upgrading already (the reference accepts such a second socket and closes it at once:
   * engine.io {@code onWebSocket}, the protocol test suite's "ignores WebSocket connection with same sid after
   * upgrade"); else the status.
   */
  private int mayProbe(EngineIoHandshakeRequest parsed) throws EngineIoRequestRefusedException {
    EngineIoSession session = sessions.get(parsed.sid());
    if (session == null || session.isClosed()) {
      return EngineIoError.UNKNOWN_SID.upgradeHttpStatus();
    }
    if (session.transport() == EngineIoTransportType.WEBSOCKET || session.isUpgrading()) {
      return ACCEPT_AND_CLOSE;
    }
    parsed.verifyAgainstSession(session.transport(), false);
    return 0;
  }

  /** The owner's side of {@link #decideUpgrade}: another instance asks to relay a socket for one of our sessions. */
  private int relayedUpgrade(Message<Buffer> message) {
    JsonObject query;
    try {
      query = new JsonObject(message.body());
      EngineIoHandshakeRequest parsed = EngineIoHandshakeRequest.parse("GET", query.getString("eio"),
        query.getString("transport"), query.getString("sid"), query.getString("b64"), true, settings.allowEio3());
      int status = parsed.isHandshake() ? EngineIoError.BAD_REQUEST.upgradeHttpStatus() : mayProbe(parsed);
      if (status == 0) {
        EngineIoSession session = sessions.get(parsed.sid());
        session.probeWith(relays.newChannel(WebSocketRelay.relayId(message), session));
      }
      return status;
    } catch (EngineIoRequestRefusedException refused) {
      return refused.error().upgradeHttpStatus();
    } catch (RuntimeException malformed) {
      return 400;
    }
  }

  /** An accepted WebSocket: a new session, the upgrade probe of an existing one, or a socket to relay. */
  public void webSocket(ServerWebSocket socket) {
    MultiParams query = MultiParams.of(socket.query());
    EngineIoHandshakeRequest parsed;
    try {
      parsed = EngineIoHandshakeRequest.parse("GET", query.get("EIO"), query.get("transport"), query.get("sid"),
        query.get("b64"), true, settings.allowEio3());
    } catch (EngineIoRequestRefusedException refused) {
      socket.close();
      return;
    }
    // What the emits of one event-loop turn write to this socket goes out in one write call, not one per frame.
    FlushConsolidation.install(socket);
    if (!parsed.isHandshake()) {
      ConnectionId owner = ConnectionId.parse(parsed.sid());
      if (owner != null && !isThisInstance(owner)) {
        if (!relays.opened(parsed.sid(), socket)) {
          socket.close();
        }
        return;
      }
    }
    ServerWebSocketChannel channel = new ServerWebSocketChannel(socket);
    EngineIoSession session;
    if (parsed.isHandshake()) {
      session = newSession(parsed, EngineIoTransportType.WEBSOCKET,
        EngineIoClientInfo.of(query.all(), socket.headers(), socket.remoteAddress()));
      session.openedOn(channel);
    } else {
      session = sessions.get(parsed.sid());
      if (session == null || session.isClosed() || session.isUpgrading()
        || session.transport() == EngineIoTransportType.WEBSOCKET) {
        socket.close();
        return;
      }
      session.probeWith(channel);
    }
    EngineIoSession owner = session;
    socket.textMessageHandler(text -> owner.webSocketFrame(channel, text, null));
    socket.binaryMessageHandler(data -> owner.webSocketFrame(channel, null, data.getBytes()));
    socket.closeHandler(ignored -> owner.webSocketClosed(channel));
    socket.exceptionHandler(failure -> LOG.log(System.Logger.Level.DEBUG, "socket.io WebSocket: " + failure));
    if (parsed.isHandshake()) {
      session.send(List.of(session.handshake().toPacket(parsed.version())));
    }
  }

  private boolean isThisInstance(ConnectionId owner) {
    return owner.node().equals(node) && owner.instance() == instance;
  }

  // ---- sessions ----

  private EngineIoSession newSession(EngineIoHandshakeRequest parsed, EngineIoTransportType transport,
                                     EngineIoClientInfo client) {
    EngineIoSession session = new EngineIoSession(newSid(), parsed.version(), parsed.binarySupported(), transport,
      settings, client, this);
    sessions.put(session.sid(), session);
    opened.accept(session);
    return session;
  }

  /**
   * {@code <node>.<instance>.<sequence>-<random>}: it routes like a connection id, and the 72 random bits make it
   * impossible to guess a live session's id from another one's.
   */
  private String newSid() {
    byte[] random = new byte[9];
    RANDOM.nextBytes(random);
    return ConnectionId.format(node, instance, ++nextSequence) + '-'
      + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
  }

  /**
   * A polling client sent CLOSE with no GET pending: for a moment, one GET still in transit for the session ends
   * with a NOOP instead of "Session ID unknown" (see {@link #runPoll}).
   */
  void closedByClient(EngineIoSession session) {
    closedByClient.put(session.sid(), vertx.setTimer(CLOSED_GET_GRACE_MS, id -> closedByClient.remove(session.sid())));
  }

  void removed(EngineIoSession session) {
    sessions.remove(session.sid(), session);
  }

  private static long parseLong(String text) {
    try {
      return Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }
}
