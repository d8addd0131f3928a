package dev.switchboard.gateway;

import dev.switchboard.NodeStats;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;
import io.vertx.core.net.SocketAddress;

/**
 * One client WebSocket held by a gateway instance: its id, its socket and the framing every dialect needs
 * (reassembling fragmented messages, the size limit, the slow-consumer bound). A dialect extends it with
 * its own state and reads whole messages in {@link #onText} / {@link #onBinary}. Lives on one event loop.
 */
public abstract class Connection implements ListedConnection {

  private static final Buffer PING_PAYLOAD = Buffer.buffer("sb");

  private final String id;
  private final ServerWebSocket socket;
  private final Gateway gateway;
  private final long connectedAt;
  private Buffer fragments;
  private boolean fragmentsBinary;
  private boolean closed;
  private boolean heardSinceLastCheck = true;
  private byte silentChecks;

  protected Connection(String id, ServerWebSocket socket, Gateway gateway) {
    this.id = id;
    this.socket = socket;
    this.gateway = gateway;
    this.connectedAt = System.currentTimeMillis();
  }

  /** Starts reading frames; called once the dialect has decided to keep the connection. */
  protected void attach() {
    socket.setWriteQueueMaxSize(gateway.config().publicServer().maxQueuedBytes());
    FlushConsolidation.install(socket);
    socket.frameHandler(this::onFrame);
    socket.pongHandler(ignored -> heardSinceLastCheck = true);
    socket.closeHandler(ignored -> {
      if (!closed) {
        closed = true;
      }
      gateway.connections().remove(this);
      onClosed();
    });
    socket.exceptionHandler(failure -> {
      // Netty refuses an oversized frame before buffering it; Vert.x only reports it, so the close is ours.
      if (failure instanceof CorruptedWebSocketFrameException corrupted
        && corrupted.closeStatus().code() == CloseCode.MESSAGE_TOO_BIG.code()) {
        close(CloseCode.MESSAGE_TOO_BIG);
      }
    });
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public abstract String dialect();

  public ServerWebSocket socket() {
    return socket;
  }

  @Override
  public long connectedAt() {
    return connectedAt;
  }

  @Override
  public boolean isClosed() {
    return closed || socket.isClosed();
  }

  protected Gateway gateway() {
    return gateway;
  }

  /** Sends one text frame holding these UTF-8 bytes (the array is not copied: do not change it afterwards). */
  public void sendText(byte[] utf8) {
    if (isClosed()) {
      return;
    }
    gateway.stats().dialect(dialect()).textMessagesOut.increment();
    socket.writeFrame(new WebSocketFrameImpl(WebSocketFrameType.TEXT, utf8, true));
    if (socket.writeQueueFull()) {
      gateway.stats().slowConsumerCloses.increment();
      close(CloseCode.SLOW_CONSUMER);
    }
  }

  /** Closes with {@link CloseCode#NORMAL} (reason "closed"); the dialect cleans up as for any close. */
  @Override
  public void closeByOperator() {
    close(CloseCode.NORMAL);
  }

  public void close(CloseCode code) {
    if (closed) {
      return;
    }
    closed = true;
    socket.close(code.code(), code.reason());
  }

  /** A whole text message. */
  protected abstract void onText(byte[] utf8);

  /** A whole binary message. */
  protected abstract void onBinary(Buffer data);

  /** The socket closed, for whatever reason; the connection is already out of the table. */
  protected abstract void onClosed();

  /**
   * Called by the gateway every ping interval: a peer that sent nothing since the last check is pinged, and one
   * that stayed silent for two checks in a row is closed, so dead peers are found and cleaned up.
   */
  void checkHeartbeat() {
    if (closed || !usesTransportHeartbeat()) {
      return;
    }
    if (heardSinceLastCheck) {
      heardSinceLastCheck = false;
      silentChecks = 0;
      return;
    }
    if (++silentChecks >= 2) {
      close(CloseCode.HEARTBEAT_TIMEOUT);
      return;
    }
    socket.writePing(PING_PAYLOAD);
  }

  /**
   * What the server API shows of this connection (SPEC §5). Call on the connection's event loop. Generic parts
   * come from the socket; dialects add what they know by overriding the {@code described*} methods.
   */
  @Override
  public ConnectionDescription describe() {
    SocketAddress remote = socket.remoteAddress();
    // namespace and session are socket.io's, whose sockets are not Connections (they describe themselves).
    return new ConnectionDescription(id, dialect(), gateway.node().id(), describedUser(), null, null, describedService(), remote == null ? null : remote.hostAddress() + ':' + remote.port(),
      socket.headers() == null ? null : socket.headers().get("User-Agent"), connectedAt);
  }

  /** The user this connection acts for (push name, tapr user...), {@code null} when none is known. */
  @Override
  public String describedUser() {
    return null;
  }

  /** The sync service id of a service connection; {@code null} otherwise. */
  @Override
  public String describedService() {
    return null;
  }

  /**
   * Messages this connection holds for its peer that are queued or sent and not yet acknowledged (the push
   * delivery window), for {@code switchboard_deliveries_pending}. Call on the connection's event loop.
   */
  public int pendingDeliveries() {
    return 0;
  }

  /** Whether liveness is checked with WebSocket pings; a dialect with its own ping returns false. */
  protected boolean usesTransportHeartbeat() {
    return true;
  }

  private void onFrame(WebSocketFrame frame) {
    heardSinceLastCheck = true;
    if (closed) {
      return;
    }
    WebSocketFrameType type = frame.type();
    if (type == WebSocketFrameType.TEXT || type == WebSocketFrameType.BINARY) {
      if (frame.isFinal()) {
        deliverMessage(type == WebSocketFrameType.BINARY, frame.binaryData());
      } else {
        fragments = Buffer.buffer().appendBuffer(frame.binaryData());
        fragmentsBinary = type == WebSocketFrameType.BINARY;
      }
    } else if (type == WebSocketFrameType.CONTINUATION && fragments != null) {
      if (fragments.length() + frame.binaryData().length() > gateway.config().publicServer().maxFrameBytes()) {
        fragments = null;
        close(CloseCode.MESSAGE_TOO_BIG);
        return;
      }
      fragments.appendBuffer(frame.binaryData());
      if (frame.isFinal()) {
        Buffer whole = fragments;
        fragments = null;
        deliverMessage(fragmentsBinary, whole);
      }
    }
  }

  private void deliverMessage(boolean binary, Buffer data) {
    gateway.stats().messagesIn.increment();
    NodeStats.DialectCounters counters = gateway.stats().dialect(dialect());
    (binary ? counters.binaryMessagesIn : counters.textMessagesIn).increment();
    if (binary) {
      onBinary(data);
    } else {
      onText(data.getBytes());
    }
  }
}
