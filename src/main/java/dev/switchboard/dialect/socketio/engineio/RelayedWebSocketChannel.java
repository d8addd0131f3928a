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
 * session's event loop, in {@link WebSocketRelays}' table until either side closes.
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
        window.handled();
        if (op == WebSocketRelay.Op.TEXT) {
          session.webSocketFrame(this, message.body().toString(StandardCharsets.UTF_8), null);
        } else {
          session.webSocketFrame(this, null, message.body().getBytes());
        }
        int due = window.creditDue();
        if (due > 0 && !closed) {
          vertx.eventBus().send(relayAddress, Buffer.buffer(), WebSocketRelay.credit(relayId, due));
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
        relays.removeChannel(relayId);
        session.webSocketClosed(this);
      }
      default -> { }
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
