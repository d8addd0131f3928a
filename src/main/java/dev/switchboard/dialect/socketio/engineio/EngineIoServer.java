package dev.switchboard.dialect.socketio.engineio;

import dev.switchboard.bus.ConnectionId;
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
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The Engine.IO server of one gateway instance: handshakes over polling and WebSocket, the session table, polling
 * GET/POST, the WebSocket upgrade, one periodic heartbeat sweep, and the forwarding of polls for sessions owned
 * elsewhere (another instance or node: the session id names its owner, as a connection id does). The socket.io
 * endpoint owns one and hands it the requests and WebSockets of its path; everything runs on that instance's
 * event loop.
 */
public final class EngineIoServer {

  private static final System.Logger LOG = System.getLogger(EngineIoServer.class.getName());
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Vertx vertx;
  private final EngineIoSettings settings;
  private final String node;
  private final int instance;
  private final Function<String, String> pollingAddress;
  private final Consumer<EngineIoSession> opened;
  private final Map<String, EngineIoSession> sessions = new HashMap<>();
  private MessageConsumer<JsonObject> forwardedPolls;
  private long sweepTimer = -1;
  private long nextSequence;

  /**
   * @param pollingAddress the event-bus address of an instance's forwarded polls, from its {@code node.instance}
   * @param opened         told of each new session before the client hears of it (to set its listener)
   */
  public EngineIoServer(Vertx vertx, EngineIoSettings settings, String node, int instance,
                        Function<String, String> pollingAddress, Consumer<EngineIoSession> opened) {
    this.vertx = vertx;
    this.settings = settings;
    this.node = node;
    this.instance = instance;
    this.pollingAddress = pollingAddress;
    this.opened = opened;
  }

  public Future<Void> start() {
    forwardedPolls = vertx.eventBus().consumer(pollingAddress.apply(node + '.' + instance), this::forwardedPoll);
    // One sweep for all sessions: a quarter of the shorter period keeps pings and timeouts within 25 % of it.
    long every = Math.max(10, Math.min(1000, Math.min(settings.pingIntervalMs(), settings.pingTimeoutMs()) / 4));
    sweepTimer = vertx.setPeriodic(every, id -> sweep());
    return forwardedPolls.completion();
  }

  public Future<Void> stop() {
    vertx.cancelTimer(sweepTimer);
    for (EngineIoSession session : List.copyOf(sessions.values())) {
      session.abandon("server shutting down");
    }
    return forwardedPolls == null ? Future.succeededFuture() : forwardedPolls.unregister();
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
      if (owner != null && !(owner.node().equals(node) && owner.instance() == instance)) {
        forward(request, body, owner);
        return;
      }
      try {
        EngineIoSession session = sessions.get(parsed.sid());
        parsed.verifyAgainstSession(session == null ? null : session.transport(),
          session != null && session.isUpgrading());
        runPoll(session, new HttpPollingExchange(request, body));
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

  private void runPoll(EngineIoSession session, PollingExchange exchange) {
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

  private static void tooLarge(HttpServerRequest request) {
    EngineIoHttp.refuse(request, 413, "{\"code\":3,\"message\":\"Payload Too Large\"}");
    request.connection().close();
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
      EngineIoSession session = parsed.isHandshake() ? null : sessions.get(parsed.sid());
      parsed.verifyAgainstSession(session == null ? null : session.transport(),
        session != null && session.isUpgrading());
      runPoll(session, exchange);
    } catch (EngineIoRequestRefusedException refused) {
      exchange.respond(refused.httpStatus(), "application/json", Buffer.buffer(refused.responseBody()));
    }
  }

  // ---- WebSocket ----

  /**
   * Decides on a WebSocket upgrade: 0 accepts, else the status. An upgrade of a session another instance owns is
   * refused with 400 (its frames are not relayed yet): the official client then stays on polling.
   */
  public int refuseUpgrade(ServerWebSocketHandshake handshake) {
    try {
      MultiParams query = MultiParams.of(handshake.query());
      EngineIoHandshakeRequest parsed = EngineIoHandshakeRequest.parse("GET", query.get("EIO"),
        query.get("transport"), query.get("sid"), query.get("b64"), true, settings.allowEio3());
      if (!parsed.isHandshake()) {
        EngineIoSession session = sessions.get(parsed.sid());
        parsed.verifyAgainstSession(session == null ? null : session.transport(),
          session != null && session.isUpgrading());
      }
      return 0;
    } catch (EngineIoRequestRefusedException refused) {
      return refused.error().upgradeHttpStatus();
    }
  }

  /** An accepted WebSocket: a new session, or the upgrade probe of an existing one. */
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
    ServerWebSocketChannel channel = new ServerWebSocketChannel(socket);
    EngineIoSession session;
    if (parsed.isHandshake()) {
      session = newSession(parsed, EngineIoTransportType.WEBSOCKET,
        EngineIoClientInfo.of(query.all(), socket.headers(), socket.remoteAddress()));
      session.openedOn(channel);
    } else {
      session = sessions.get(parsed.sid());
      if (session == null || session.isClosed() || session.isUpgrading()) {
        socket.close();
        return;
      }
      session.probeWith(channel, System.currentTimeMillis());
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

  // ---- sessions ----

  private EngineIoSession newSession(EngineIoHandshakeRequest parsed, EngineIoTransportType transport,
                                     EngineIoClientInfo client) {
    EngineIoSession session = new EngineIoSession(newSid(), parsed.version(), parsed.binarySupported(), transport,
      settings, client, this, System.currentTimeMillis());
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

  void removed(EngineIoSession session) {
    sessions.remove(session.sid(), session);
  }

  private void sweep() {
    long now = System.currentTimeMillis();
    for (EngineIoSession session : new ArrayList<>(sessions.values())) {
      session.checkHeartbeat(now);
    }
  }

  private static long parseLong(String text) {
    try {
      return Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }
}
