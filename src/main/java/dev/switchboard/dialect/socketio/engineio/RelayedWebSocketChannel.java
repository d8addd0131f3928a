package dev.switchboard.dialect.socketio.engineio;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Queue;

/**
 * The owner's side of a relayed WebSocket ({@link WebSocketRelay}): the session writes to it as to any
 * {@link WebSocketChannel}, and the frames go over the event bus to the instance that holds the client's socket;
 * the frames that instance relays from the client come back here and go to the session. Lives on the owning
 * session's event loop, in {@link WebSocketRelays}' table until either side closes. Paused, it keeps the frames
 * that still come and credits none, so the relaying instance soon stops reading the client (back-pressure).
 */
final class RelayedWebSocketChannel implements WebSocketChannel {

  private record Pending(WebSocketRelay.Op op, Buffer body) {
  }

  private final Vertx vertx;
  private final String relayId;
  private final String relayAddress;
  private final EngineIoSession session;
  private final WebSocketRelays relays;
  private final WebSocketRelay.Window window = new WebSocketRelay.Window();
  private final Queue<Pending> waiting = new ArrayDeque<>();
  /** Frames from the client that came while paused: at most a window of them, as they are not credited. */
  private final Queue<Pending> unread = new ArrayDeque<>();
  private boolean paused;
  private boolean closed;

  RelayedWebSocketChannel(Vertx vertx, String relayId, String relayAddress, EngineIoSession session,
                          WebSocketRelays relays) {
    this.vertx = vertx;
    this.relayId = relayId;
    this.relayAddress = relayAddress;
    this.session = session;
    this.relays = relays;
  }

  @Override
  public void send(EngineIoCodec.WebSocketFrame frame) {
    if (closed) {
      return;
    }
    WebSocketRelay.Op op = WebSocketRelay.op(frame);
    Buffer body = WebSocketRelay.body(frame);
    if (waiting.isEmpty() && window.isOpen()) {
      transmit(op, body);
    } else {
      waiting.add(new Pending(op, body));
    }
  }

  @Override
  public void close() {
    end(WebSocketRelay.Op.CLOSE);
  }

  @Override
  public void closeForRestart() {
    end(WebSocketRelay.Op.RESTART);
  }

  /** A message from the relaying instance. */
  void fromRelay(WebSocketRelay.Op op, Message<Buffer> message) {
    switch (op) {
      case TEXT, BINARY -> {
        if (paused || !unread.isEmpty()) {
          unread.add(new Pending(op, message.body()));
        } else {
          handle(op, message.body());
        }
      }
      case CREDIT -> {
        window.credited(WebSocketRelay.credited(message));
        while (!waiting.isEmpty() && window.isOpen()) {
          Pending next = waiting.poll();
          transmit(next.op(), next.body());
        }
      }
      case CLOSED -> {
        closed = true;
        waiting.clear();
        unread.clear();
        relays.removeChannel(relayId);
        session.webSocketClosed(this);
      }
      default -> { }
    }
  }

  /**
   * Hands no more of the client's frames to the session and stops crediting them: once the relaying instance has a
   * window of uncredited frames out, it pauses the client's socket.
   */
  @Override
  public void pause() {
    paused = true;
  }

  @Override
  public void resume() {
    paused = false;
    while (!paused && !closed && !unread.isEmpty()) {
      Pending next = unread.poll();
      handle(next.op(), next.body());
    }
  }

  private void handle(WebSocketRelay.Op op, Buffer body) {
    window.handled();
    if (op == WebSocketRelay.Op.TEXT) {
      session.webSocketFrame(this, body.toString(StandardCharsets.UTF_8), null);
    } else {
      session.webSocketFrame(this, null, body.getBytes());
    }
    int due = window.creditDue();
    if (due > 0 && !closed) {
      vertx.eventBus().send(relayAddress, Buffer.buffer(), WebSocketRelay.credit(relayId, due));
    }
  }

  private void end(WebSocketRelay.Op how) {
    if (closed) {
      return;
    }
    closed = true;
    // The session is done with this socket: what waits for credit goes now, ahead of the close, in order.
    for (Pending pending : waiting) {
      vertx.eventBus().send(relayAddress, pending.body(), WebSocketRelay.options(relayId, pending.op()));
    }
    waiting.clear();
    vertx.eventBus().send(relayAddress, Buffer.buffer(), WebSocketRelay.options(relayId, how));
    relays.removeChannel(relayId);
  }

  private void transmit(WebSocketRelay.Op op, Buffer body) {
    window.sent();
    vertx.eventBus().send(relayAddress, body, WebSocketRelay.options(relayId, op));
  }
}
