package dev.switchboard.dialect.socketio.engineio;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;

/**
 * The event-bus form of a relayed WebSocket: an upgrade that reached a gateway instance (of this node or another)
 * that does not own the session. That instance accepts the socket ({@link RelayingWebSocket}) and the owner
 * writes to it through a {@link RelayedWebSocketChannel}; frames travel as {@link Buffer} bodies (text as UTF-8),
 * the operation and the relay id in headers. One sender to one address keeps its order on the event bus, so
 * frames arrive as sent and a close after the last of them.
 *
 * <p>Flow control is a window per direction: a side sends at most {@link #WINDOW} frames the other has not
 * credited; the receiver credits them in batches of half a window once it has handled them — the relaying
 * instance only after the client's socket has taken them (its write queue is not full), the owner only while its
 * session takes input (webhook back-pressure). A client that sends too fast is paused (TCP back-pressure); frames for a client that reads too slowly wait at the owner, as they would
 * in a direct socket's write queue.
 */
final class WebSocketRelay {

  /** Operations, in the {@code op} header. */
  enum Op {
    /** To the owner, request/reply: may this socket probe session {@code sid}? Body: the query as JSON. */
    ATTACH,
    /** A text frame (either way). */
    TEXT,
    /** A binary frame (either way). */
    BINARY,
    /** To the relay: close the client's socket normally. */
    CLOSE,
    /** To the relay: close the client's socket with 1012 (drain: reconnect elsewhere). */
    RESTART,
    /** To the owner: the client's socket closed. */
    CLOSED,
    /** Either way: {@code n} more frames handled. */
    CREDIT
  }

  static final int WINDOW = 64;
  static final String OP = "op";
  static final String RELAY = "relay";
  static final String CREDITED = "n";

  private WebSocketRelay() {
  }

  static DeliveryOptions options(String relayId, Op op) {
    return new DeliveryOptions().addHeader(OP, op.name()).addHeader(RELAY, relayId);
  }

  static DeliveryOptions credit(String relayId, int frames) {
    return options(relayId, Op.CREDIT).addHeader(CREDITED, Integer.toString(frames));
  }

  static Op op(Message<?> message) {
    try {
      return Op.valueOf(message.headers().get(OP));
    } catch (RuntimeException unknown) {
      return null;
    }
  }

  static String relayId(Message<?> message) {
    return message.headers().get(RELAY);
  }

  static int credited(Message<?> message) {
    try {
      return Integer.parseInt(message.headers().get(CREDITED));
    } catch (RuntimeException missing) {
      return 0;
    }
  }

  static Op op(EngineIoCodec.WebSocketFrame frame) {
    return frame.binary() != null ? Op.BINARY : Op.TEXT;
  }

  static Buffer body(EngineIoCodec.WebSocketFrame frame) {
    return Buffer.buffer(frame.binary() != null ? frame.binary() : frame.textUtf8());
  }

  /** Frames one side has sent and the other has not credited yet, and frames it has handled but not credited. */
  static final class Window {
    private int inFlight;
    private int uncredited;

    boolean isOpen() {
      return inFlight < WINDOW;
    }

    void sent() {
      inFlight++;
    }

    void credited(int frames) {
      inFlight = Math.max(0, inFlight - frames);
    }

    void handled() {
      uncredited++;
    }

    /** Frames to credit now (half a window or more), or 0 to wait for more. */
    int creditDue() {
      if (uncredited < WINDOW / 2) {
        return 0;
      }
      int due = uncredited;
      uncredited = 0;
      return due;
    }
  }
}
