package dev.switchboard.dialect.socketio.engineio;

import dev.switchboard.gateway.CloseCode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.http.ServerWebSocket;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A WebSocket upgrade this gateway instance accepted for a session another instance owns ({@link WebSocketRelay}):
 * every frame from the client goes to the owner over the event bus, every frame from the owner is written to the
 * client, and a close on either side ends the other. Lives on this instance's event loop, in
 * {@link WebSocketRelays}' table from the owner's consent until the socket closes.
 */
final class RelayingWebSocket {

  private static final System.Logger LOG = System.getLogger(RelayingWebSocket.class.getName());

  private final Vertx vertx;
  private final String relayId;
  private final String sid;
  private final String ownerAddress;
  private final WebSocketRelays relays;
  private final WebSocketRelay.Window window = new WebSocketRelay.Window();
  /** What the owner sent before the socket was open (the owner speaks only after the client, so rarely used). */
  private final List<Message<Buffer>> early = new ArrayList<>();
  private ServerWebSocket socket;
  private boolean paused;
  private boolean creditOnDrain;
  private boolean ended;

  RelayingWebSocket(Vertx vertx, String relayId, String sid, String ownerAddress, WebSocketRelays relays) {
    this.vertx = vertx;
    this.relayId = relayId;
    this.sid = sid;
    this.ownerAddress = ownerAddress;
    this.relays = relays;
  }

  String relayId() {
    return relayId;
  }

  String sid() {
    return sid;
  }

  /** The upgrade completed: relay the socket's frames from now on. */
  void opened(ServerWebSocket accepted) {
    socket = accepted;
    if (ended) {
      socket.close();
      return;
    }
    socket.textMessageHandler(text -> fromClient(WebSocketRelay.Op.TEXT,
      Buffer.buffer(text.getBytes(StandardCharsets.UTF_8))));
    socket.binaryMessageHandler(data -> fromClient(WebSocketRelay.Op.BINARY, data));
    socket.closeHandler(ignored -> clientClosed());
    socket.exceptionHandler(failure -> LOG.log(System.Logger.Level.DEBUG, "relayed socket.io WebSocket: " + failure));
    for (Message<Buffer> message : early) {
      fromOwner(WebSocketRelay.op(message), message);
    }
    early.clear();
  }

  /** The owner refused this socket after all (the session upgraded meanwhile): close it as soon as it opens. */
  void ended() {
    ended = true;
  }

  /** The upgrade did not complete (the client left during the handshake): the owner drops its probe. */
  void abandoned() {
    clientClosed();
  }

  /** A message from the owner. */
  void fromOwner(WebSocketRelay.Op op, Message<Buffer> message) {
    if (socket == null && (op == WebSocketRelay.Op.CLOSE || op == WebSocketRelay.Op.RESTART)) {
      // Over before the socket opened (its handshake failed, or the owner gave up on the probe): forget it now,
      // or nothing would ever take it out of the tables.
      ended = true;
      early.clear();
      relays.removeRelaying(this);
      return;
    }
    if (socket == null) {
      early.add(message);
      return;
    }
    switch (op) {
      case TEXT, BINARY -> {
        if (socket.isClosed()) {
          return;
        }
        if (op == WebSocketRelay.Op.TEXT) {
          socket.writeTextMessage(message.body().toString(StandardCharsets.UTF_8));
        } else {
          socket.writeBinaryMessage(message.body());
        }
        window.handled();
        creditOwner();
      }
      case CREDIT -> {
        window.credited(WebSocketRelay.credited(message));
        if (paused && window.isOpen()) {
          paused = false;
          socket.resume();
        }
      }
      case CLOSE, RESTART -> {
        ended = true;
        relays.removeRelaying(this);
        if (!socket.isClosed()) {
          if (op == WebSocketRelay.Op.RESTART) {
            socket.close(CloseCode.SERVICE_RESTART.code(), CloseCode.SERVICE_RESTART.reason());
          } else {
            socket.close();
          }
        }
      }
      default -> { }
    }
  }

  /** Closes the client's socket because this instance stops (the client reconnects elsewhere). */
  void closeForRestart() {
    if (socket != null && !socket.isClosed()) {
      socket.close(CloseCode.SERVICE_RESTART.code(), CloseCode.SERVICE_RESTART.reason());
    }
  }

  private void fromClient(WebSocketRelay.Op op, Buffer body) {
    window.sent();
    vertx.eventBus().send(ownerAddress, body, WebSocketRelay.options(relayId, op));
    if (!window.isOpen() && !paused) {
      // The owner is behind: stop reading, and TCP slows the client down.
      paused = true;
      socket.pause();
    }
  }

  /** Credits the owner only for frames the client's socket has taken, so a slow reader holds the owner back. */
  private void creditOwner() {
    if (socket.writeQueueFull()) {
      if (!creditOnDrain) {
        creditOnDrain = true;
        socket.drainHandler(ignored -> {
          creditOnDrain = false;
          creditOwner();
        });
      }
      return;
    }
    int due = window.creditDue();
    if (due > 0) {
      vertx.eventBus().send(ownerAddress, Buffer.buffer(), WebSocketRelay.credit(relayId, due));
    }
  }

  private void clientClosed() {
    if (relays.removeRelaying(this) && !ended) {
      ended = true;
      vertx.eventBus().send(ownerAddress, Buffer.buffer(), WebSocketRelay.options(relayId, WebSocketRelay.Op.CLOSED));
    }
    ended = true;
  }
}
