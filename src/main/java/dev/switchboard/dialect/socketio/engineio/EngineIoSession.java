package dev.switchboard.dialect.socketio.engineio;

import io.vertx.core.buffer.Buffer;

import java.util.ArrayList;
import java.util.List;

/**
 * One Engine.IO session (engine.io-protocol v4): its transport (long-polling, or a WebSocket after the upgrade
 * or from the start), the packets waiting for the next poll, the upgrade probe, and the heartbeat. Whole MESSAGE
 * packets go up to its {@link Listener} (the socket.io layer); nothing here knows of namespaces. Created and used
 * only on the event loop of the gateway instance that owns it; {@link EngineIoServer} drives it.
 */
public final class EngineIoSession {

  /** The layer above: told of every MESSAGE and, once, of the close. */
  public interface Listener {
    void onMessage(EngineIoPacket message);

    void onClose(String reason);
  }

  private static final Buffer OK = Buffer.buffer("ok");

  private final String sid;
  private final EngineIoVersion version;
  private final boolean binarySupported;
  private final EngineIoSettings settings;
  private final EngineIoClientInfo client;
  private final EngineIoServer server;
  private final List<EngineIoPacket> outbox = new ArrayList<>();
  private Listener listener;
  private EngineIoTransportType transport;
  private PollingExchange heldPoll;
  private boolean postUnderWay;
  /** A POST whose packets were taken but whose answer waits until the session takes input again. */
  private PollingExchange heldPost;
  private long heldPostTimer = -1;
  private boolean inputPaused;
  /** When input last resumed: the client's heartbeat answer may still be behind what it sent meanwhile. */
  private long resumedAt;
  private WebSocketChannel webSocket;
  private WebSocketChannel probe;
  private long probeTimer = -1;
  private long heartbeatTimer = -1;
  private long heartbeatDueAt;
  private long lastPingAt;
  private boolean awaitingPong;
  private boolean closed;

  EngineIoSession(String sid, EngineIoVersion version, boolean binarySupported, EngineIoTransportType transport,
                  EngineIoSettings settings, EngineIoClientInfo client, EngineIoServer server) {
    this.sid = sid;
    this.version = version;
    this.binarySupported = binarySupported;
    this.transport = transport;
    this.settings = settings;
    this.client = client;
    this.server = server;
    // v4: the server pings after pingInterval; v3: the client pings, and silence for interval + timeout ends it.
    armHeartbeat(version == EngineIoVersion.V4 ? settings.pingIntervalMs()
      : settings.pingIntervalMs() + settings.pingTimeoutMs());
  }

  public String sid() {
    return sid;
  }

  public EngineIoVersion version() {
    return version;
  }

  public EngineIoTransportType transport() {
    return transport;
  }

  public EngineIoClientInfo client() {
    return client;
  }

  public boolean isClosed() {
    return closed;
  }

  public void listener(Listener listener) {
    this.listener = listener;
  }

  boolean isUpgrading() {
    return probe != null;
  }

  EngineIoHandshake handshake() {
    return EngineIoHandshake.forTransport(sid, transport, settings.pingIntervalMs(), settings.pingTimeoutMs(),
      settings.maxPayload());
  }

  /** Queues packets for the client, in order; they go out at once on a WebSocket or with the next poll. */
  public void send(List<EngineIoPacket> packets) {
    if (closed) {
      return;
    }
    if (outbox.isEmpty() && transport == EngineIoTransportType.WEBSOCKET && webSocket != null) {
      // Nothing waits before them: straight to the socket (a room emit passes here once per socket).
      writeToWebSocket(packets);
      return;
    }
    outbox.addAll(packets);
    flush();
  }

  /** Closes the session from the server side: the client is told (CLOSE packet) and the listener hears why. */
  public void close(String reason) {
    if (closed) {
      return;
    }
    if (webSocket != null) {
      webSocket.send(EngineIoCodec.encodeWebSocketFrame(EngineIoPacket.of(EngineIoPacket.Type.CLOSE), version,
        binarySupported));
    } else {
      respondToPoll(List.of(EngineIoPacket.of(EngineIoPacket.Type.CLOSE)));
    }
    terminate(reason);
  }

  /**
   * Ends the transport without a CLOSE packet (graceful drain, SPEC §5): official clients then reconnect by
   * themselves, elsewhere.
   */
  public void abandon(String reason) {
    if (!closed) {
      // Drain (SPEC §5): the transport ends without a DISCONNECT packet, a WebSocket with 1012.
      WebSocketChannel socket = webSocket;
      webSocket = null;
      if (socket != null) {
        socket.closeForRestart();
      }
      terminate(reason);
    }
  }

  /**
   * Stops taking packets from the client (back-pressure: the layer above cannot keep up) until
   * {@link #resumeInput()}. Nothing is dropped: a WebSocket is no longer read, so TCP slows the client down; a
   * POST's packets are all taken but its answer is held, and the official client sends no POST before the last
   * is answered. The heartbeat goes on: the server keeps pinging, and a PONG (v4) or PING (v3) that waits unread
   * behind the client's messages does not time the session out.
   */
  public void pauseInput() {
    if (inputPaused || closed) {
      return;
    }
    inputPaused = true;
    long keepAliveMs = Math.max(1, settings.pingTimeoutMs() / 2);
    if (version == EngineIoVersion.V3 && heartbeatDueAt - System.currentTimeMillis() > keepAliveMs) {
      // A v3 client's PING may be about to go unread: it hears from the server within its pingTimeout regardless.
      armHeartbeat(keepAliveMs);
    }
    if (webSocket != null) {
      webSocket.pause();
    }
  }

  /** Takes the client's packets again: the held frames first, then a held POST is answered. */
  public void resumeInput() {
    if (!inputPaused || closed) {
      return;
    }
    inputPaused = false;
    // The heartbeat timer is left alone (re-arming it here, at each of many pauses, could hold the next PING
    // back past the client's deadline); heartbeatDue gives the answer a grace period from now instead.
    resumedAt = System.currentTimeMillis();
    if (webSocket != null) {
      webSocket.resume();
    }
    answerHeldPost();
  }

  // ---- polling ----

  void poll(PollingExchange exchange) {
    if (heldPoll != null && heldPoll.isOpen()) {
      // engine.io-protocol: a second concurrent GET is an error that ends the session.
      exchange.respond(400, "application/json", Buffer.buffer(EngineIoError.BAD_REQUEST.responseBody()));
      close("transport error");
      return;
    }
    if (probe != null) {
      // Upgrading: the client must stop polling; a NOOP ends this GET at once.
      respond(exchange, List.of(EngineIoPacket.of(EngineIoPacket.Type.NOOP)));
      return;
    }
    heldPoll = exchange;
    flush();
  }

  void post(PollingExchange exchange) {
    if (postUnderWay || heldPost != null) {
      exchange.respond(400, "application/json", Buffer.buffer(EngineIoError.BAD_REQUEST.responseBody()));
      close("transport error");
      return;
    }
    List<EngineIoPacket> packets;
    try {
      boolean binaryBody = isOctetStream(exchange.contentType());
      packets = EngineIoCodec.decodePollingPayload(exchange.body().getBytes(), binaryBody, version);
    } catch (InvalidEngineIoPacketException e) {
      exchange.respond(400, "application/json", Buffer.buffer(EngineIoError.BAD_REQUEST.responseBody()));
      close("parse error");
      return;
    }
    postUnderWay = true;
    for (EngineIoPacket packet : packets) {
      if (closed) {
        break;
      }
      receive(packet);
    }
    postUnderWay = false;
    if (inputPaused && !closed) {
      holdPost(exchange);
    } else {
      exchange.respond(200, "text/html", OK);
    }
  }

  /**
   * Holds a POST's answer while input is paused, but no longer than pingInterval + pingTimeout: the longest a
   * client already waits on a GET with a PONG due, so neither it nor a proxy between gives up on the request (a
   * forwarded POST expires later still). After that the next POST is taken, and its answer held again.
   */
  private void holdPost(PollingExchange exchange) {
    heldPost = exchange;
    heldPostTimer = server.vertx().setTimer(settings.pingIntervalMs() + settings.pingTimeoutMs(), id -> {
      heldPostTimer = -1;
      answerHeldPost();
    });
  }

  private void answerHeldPost() {
    PollingExchange exchange = heldPost;
    heldPost = null;
    if (heldPostTimer != -1) {
      server.vertx().cancelTimer(heldPostTimer);
      heldPostTimer = -1;
    }
    if (exchange != null) {
      exchange.respond(200, "text/html", OK);
    }
  }

  // ---- WebSocket ----

  /** The session was opened on this WebSocket (no polling before). */
  void openedOn(WebSocketChannel channel) {
    webSocket = channel;
  }

  /** A WebSocket naming this session arrived: it is a probe until the client sends UPGRADE on it. */
  void probeWith(WebSocketChannel channel) {
    probe = channel;
    probeTimer = server.vertx().setTimer(settings.upgradeTimeoutMs(), id -> {
      probeTimer = -1;
      if (probe == channel) {
        dropProbe();
      }
    });
  }

  /** A whole frame from a WebSocket of this session (the transport or the probe). */
  void webSocketFrame(WebSocketChannel channel, String text, byte[] binary) {
    if (closed) {
      return;
    }
    EngineIoPacket packet;
    try {
      packet = text != null ? EngineIoCodec.decodeWebSocketText(text, version)
        : EngineIoCodec.decodeWebSocketBinary(binary, version);
    } catch (InvalidEngineIoPacketException e) {
      close("parse error");
      return;
    }
    if (channel == probe) {
      probeFrame(packet);
    } else if (channel == webSocket) {
      receive(packet);
    }
  }

  /** A WebSocket of this session closed. */
  void webSocketClosed(WebSocketChannel channel) {
    if (channel == probe) {
      probe = null;
      cancelProbeTimer();
    } else if (channel == webSocket && !closed) {
      terminate("transport close");
    }
  }

  private void probeFrame(EngineIoPacket packet) {
    if (packet.isProbePing()) {
      probe.send(EngineIoCodec.encodeWebSocketFrame(EngineIoPacket.probePong(), version, binarySupported));
      // The pending GET ends with a NOOP so the client can pause polling and send UPGRADE; it waits for its POST
      // too, so a held one is answered (input stays paused: the WebSocket is paused once it takes over).
      respondToPoll(List.of(EngineIoPacket.of(EngineIoPacket.Type.NOOP)));
      answerHeldPost();
    } else if (packet.type() == EngineIoPacket.Type.UPGRADE) {
      webSocket = probe;
      probe = null;
      cancelProbeTimer();
      transport = EngineIoTransportType.WEBSOCKET;
      if (inputPaused) {
        webSocket.pause();
      }
      respondToPoll(List.of(EngineIoPacket.of(EngineIoPacket.Type.NOOP)));
      flush();
    } else if (packet.type() != EngineIoPacket.Type.NOOP) {
      dropProbe();
    }
  }

  // ---- packets from the client ----

  private void receive(EngineIoPacket packet) {
    switch (packet.type()) {
      case MESSAGE -> listener.onMessage(packet);
      case PONG -> {
        if (version == EngineIoVersion.V4) {
          awaitingPong = false;
          // The next PING a pingInterval after this PONG, but never so late after the last PING that the client
          // (which allows pingInterval + pingTimeout between two) gives up: a PONG read late, after a pause, must
          // not hold the next PING back.
          armHeartbeat(Math.min(settings.pingIntervalMs(),
            lastPingAt + settings.pingIntervalMs() + settings.pingTimeoutMs() / 2 - System.currentTimeMillis()));
        } else {
          close("invalid heartbeat direction");
        }
      }
      case PING -> {
        if (version == EngineIoVersion.V3) {
          // v3: the client pings, the server answers and counts it as a sign of life.
          armHeartbeat(settings.pingIntervalMs() + settings.pingTimeoutMs());
          send(List.of(EngineIoPacket.text(EngineIoPacket.Type.PONG, packet.text())));
        } else {
          close("invalid heartbeat direction");
        }
      }
      case CLOSE -> {
        // "forcefully closes the session": a pending GET ends with a NOOP.
        if (transport == EngineIoTransportType.POLLING && (heldPoll == null || !heldPoll.isOpen())) {
          server.closedByClient(this);
        }
        respondToPoll(List.of(EngineIoPacket.of(EngineIoPacket.Type.NOOP)));
        terminate("transport close");
      }
      case NOOP -> { }
      default -> close("parse error");
    }
  }

  // ---- heartbeat ----

  /**
   * One timer per session, re-armed at each step, so pings and timeouts fall when the protocol says (the protocol
   * test suite's 300/200 ms heartbeat leaves no room for a coarse sweep).
   */
  private void armHeartbeat(long delayMs) {
    if (heartbeatTimer != -1) {
      server.vertx().cancelTimer(heartbeatTimer);
    }
    heartbeatDueAt = System.currentTimeMillis() + Math.max(1, delayMs);
    heartbeatTimer = server.vertx().setTimer(Math.max(1, delayMs), id -> {
      heartbeatTimer = -1;
      heartbeatDue();
    });
  }

  private void heartbeatDue() {
    if (closed) {
      return;
    }
    if (inputPaused || answerMayStillBeUnread()) {
      heartbeatWhilePaused();
      return;
    }
    if (version == EngineIoVersion.V3 || awaitingPong) {
      close("ping timeout");
      return;
    }
    awaitingPong = true;
    armHeartbeat(settings.pingTimeoutMs());
    ping();
  }

  /**
   * Input is paused, so the client's heartbeat packets wait unread behind its messages: no timeout now, but the
   * client must keep hearing from the server or it gives up. v4: a PING every pingInterval (the client's limit is
   * pingInterval + pingTimeout without one). v3: the client pings and then wants any packet within pingTimeout,
   * so a NOOP every half of that.
   */
  private void heartbeatWhilePaused() {
    if (version == EngineIoVersion.V4) {
      awaitingPong = true;
      armHeartbeat(settings.pingIntervalMs());
      ping();
    } else {
      armHeartbeat(Math.max(1, settings.pingTimeoutMs() / 2));
      send(List.of(EngineIoPacket.of(EngineIoPacket.Type.NOOP)));
    }
  }

  /**
   * Input resumed lately, and the client's heartbeat answer may still wait behind what it sent while paused: v4
   * gets pingTimeout from the resume for its PONG, v3 pingInterval + pingTimeout for its PING, as if just sent.
   */
  private boolean answerMayStillBeUnread() {
    long sinceResume = System.currentTimeMillis() - resumedAt;
    return version == EngineIoVersion.V4 ? awaitingPong && sinceResume < settings.pingTimeoutMs()
      : sinceResume < settings.pingIntervalMs() + settings.pingTimeoutMs();
  }

  private void ping() {
    lastPingAt = System.currentTimeMillis();
    send(List.of(EngineIoPacket.of(EngineIoPacket.Type.PING)));
  }

  private void dropProbe() {
    WebSocketChannel dropped = probe;
    probe = null;
    cancelProbeTimer();
    if (dropped != null) {
      dropped.close();
    }
  }

  private void cancelProbeTimer() {
    if (probeTimer != -1) {
      server.vertx().cancelTimer(probeTimer);
      probeTimer = -1;
    }
  }

  // ---- internals ----

  private void flush() {
    if (outbox.isEmpty() || closed) {
      return;
    }
    if (transport == EngineIoTransportType.WEBSOCKET && webSocket != null) {
      writeToWebSocket(outbox);
      outbox.clear();
    } else if (heldPoll != null && heldPoll.isOpen() && probe == null) {
      List<EngineIoPacket> batch = List.copyOf(outbox);
      outbox.clear();
      respondToPoll(batch);
    }
  }

  private void writeToWebSocket(List<EngineIoPacket> packets) {
    for (EngineIoPacket packet : packets) {
      webSocket.send(server.webSocketFrame(packet, version, binarySupported));
    }
  }

  private void respondToPoll(List<EngineIoPacket> packets) {
    PollingExchange exchange = heldPoll;
    heldPoll = null;
    if (exchange != null && exchange.isOpen()) {
      respond(exchange, packets);
    }
  }

  private void respond(PollingExchange exchange, List<EngineIoPacket> packets) {
    EngineIoCodec.PollingBody body = EngineIoCodec.encodePollingPayload(packets, version, binarySupported);
    exchange.respond(200, body.contentType(), Buffer.buffer(body.bytes()));
  }

  private void terminate(String reason) {
    closed = true;
    outbox.clear();
    answerHeldPost();
    PollingExchange exchange = heldPoll;
    heldPoll = null;
    if (exchange != null && exchange.isOpen()) {
      respond(exchange, List.of(EngineIoPacket.of(EngineIoPacket.Type.NOOP)));
    }
    if (webSocket != null) {
      webSocket.close();
    }
    dropProbe();
    if (heartbeatTimer != -1) {
      server.vertx().cancelTimer(heartbeatTimer);
      heartbeatTimer = -1;
    }
    server.removed(this);
    if (listener != null) {
      listener.onClose(reason);
    }
  }

  private static boolean isOctetStream(String contentType) {
    if (contentType == null) {
      return false;
    }
    int semicolon = contentType.indexOf(';');
    String bare = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
    return bare.equalsIgnoreCase(EngineIoCodec.BINARY_CONTENT_TYPE);
  }
}
