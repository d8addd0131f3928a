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
  private WebSocketChannel webSocket;
  private WebSocketChannel probe;
  private long probeDeadline;
  private long nextPingAt;
  private long pongDeadline;
  private boolean closed;

  EngineIoSession(String sid, EngineIoVersion version, boolean binarySupported, EngineIoTransportType transport,
                  EngineIoSettings settings, EngineIoClientInfo client, EngineIoServer server, long now) {
    this.sid = sid;
    this.version = version;
    this.binarySupported = binarySupported;
    this.transport = transport;
    this.settings = settings;
    this.client = client;
    this.server = server;
    this.nextPingAt = now + settings.pingIntervalMs();
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
    if (postUnderWay) {
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
    exchange.respond(200, "text/html", OK);
  }

  // ---- WebSocket ----

  /** The session was opened on this WebSocket (no polling before). */
  void openedOn(WebSocketChannel channel) {
    webSocket = channel;
  }

  /** A WebSocket naming this session arrived: it is a probe until the client sends UPGRADE on it. */
  void probeWith(WebSocketChannel channel, long now) {
    probe = channel;
    probeDeadline = now + settings.upgradeTimeoutMs();
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
    } else if (channel == webSocket && !closed) {
      terminate("transport close");
    }
  }

  private void probeFrame(EngineIoPacket packet) {
    if (packet.isProbePing()) {
      probe.send(EngineIoCodec.encodeWebSocketFrame(EngineIoPacket.probePong(), version, binarySupported));
      // The pending GET ends with a NOOP so the client can pause polling and send UPGRADE.
      respondToPoll(List.of(EngineIoPacket.of(EngineIoPacket.Type.NOOP)));
    } else if (packet.type() == EngineIoPacket.Type.UPGRADE) {
      webSocket = probe;
      probe = null;
      transport = EngineIoTransportType.WEBSOCKET;
      respondToPoll(List.of(EngineIoPacket.of(EngineIoPacket.Type.NOOP)));
      flush();
    } else if (packet.type() != EngineIoPacket.Type.NOOP) {
      probe.close();
      probe = null;
    }
  }

  // ---- packets from the client ----

  private void receive(EngineIoPacket packet) {
    switch (packet.type()) {
      case MESSAGE -> listener.onMessage(packet);
      case PONG -> {
        if (version == EngineIoVersion.V4) {
          pongDeadline = 0;
          nextPingAt = System.currentTimeMillis() + settings.pingIntervalMs();
        } else {
          close("invalid heartbeat direction");
        }
      }
      case PING -> {
        if (version == EngineIoVersion.V3) {
          // v3: the client pings, the server answers and counts it as a sign of life.
          nextPingAt = System.currentTimeMillis() + settings.pingIntervalMs() + settings.pingTimeoutMs();
          send(List.of(EngineIoPacket.text(EngineIoPacket.Type.PONG, packet.text())));
        } else {
          close("invalid heartbeat direction");
        }
      }
      case CLOSE -> {
        // "forcefully closes the session": a pending GET ends with a NOOP.
        respondToPoll(List.of(EngineIoPacket.of(EngineIoPacket.Type.NOOP)));
        terminate("transport close");
      }
      case NOOP -> { }
      default -> close("parse error");
    }
  }

  // ---- heartbeat ----

  /** Called by the instance's periodic sweep: pings when due, closes when the PONG is overdue, drops a stale probe. */
  void checkHeartbeat(long now) {
    if (closed) {
      return;
    }
    if (probe != null && now >= probeDeadline) {
      probe.close();
      probe = null;
    }
    if (version == EngineIoVersion.V3) {
      if (now >= nextPingAt) {
        close("ping timeout");
      }
      return;
    }
    if (pongDeadline != 0) {
      if (now >= pongDeadline) {
        close("ping timeout");
      }
    } else if (now >= nextPingAt) {
      pongDeadline = now + settings.pingTimeoutMs();
      send(List.of(EngineIoPacket.of(EngineIoPacket.Type.PING)));
    }
  }

  // ---- internals ----

  private void flush() {
    if (outbox.isEmpty() || closed) {
      return;
    }
    if (transport == EngineIoTransportType.WEBSOCKET && webSocket != null) {
      for (EngineIoPacket packet : outbox) {
        webSocket.send(EngineIoCodec.encodeWebSocketFrame(packet, version, binarySupported));
      }
      outbox.clear();
    } else if (heldPoll != null && heldPoll.isOpen() && probe == null) {
      List<EngineIoPacket> batch = List.copyOf(outbox);
      outbox.clear();
      respondToPoll(batch);
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
    PollingExchange exchange = heldPoll;
    heldPoll = null;
    if (exchange != null && exchange.isOpen()) {
      respond(exchange, List.of(EngineIoPacket.of(EngineIoPacket.Type.NOOP)));
    }
    if (webSocket != null) {
      webSocket.close();
    }
    if (probe != null) {
      probe.close();
      probe = null;
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
