package dev.switchboard.dialect.socketio.engineio;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

/**
 * The errors with which the reference engine.io server refuses a request, with its codes and messages exactly
 * ({@code Server.errors} and {@code Server.errorMessages} in engine.io {@code lib/server.ts}, 6.6.0). Clients and
 * tests read the {@code code}; keep the numbers and texts.
 *
 * <p>How the reference answers them ({@code abortRequest} / {@code abortUpgrade} in the same file): a polling
 * request gets HTTP 403 for {@link #FORBIDDEN} and 400 for every other, with {@code Content-Type:
 * application/json} and {@link #responseBody()}; a refused WebSocket upgrade gets {@code 400 Bad Request} whatever
 * the code, {@code Content-Type: text/html}, and the bare message as its body.
 */
public enum EngineIoError {
  /** {@code transport} is missing or names no transport this server offers. */
  UNKNOWN_TRANSPORT(0, "Transport unknown"),
  /** {@code sid} names no live session (never issued, or closed: ping timeout, close packet, error). */
  UNKNOWN_SID(1, "Session ID unknown"),
  /** A handshake (no {@code sid}) with a method other than GET. */
  BAD_HANDSHAKE_METHOD(2, "Bad handshake method"),
  /**
   * Anything else malformed: a WebSocket handshake without an upgrade, a request whose transport is not the
   * session's (for instance polling after the upgrade), a second poll or POST while one is open, a bad payload.
   */
  BAD_REQUEST(3, "Bad request"),
  /** The server's own admission check refused the handshake (the reference's {@code allowRequest}). */
  FORBIDDEN(4, "Forbidden"),
  /** {@code EIO} is not 4, and not 3 while {@code socketio.allowEIO3} is on. */
  UNSUPPORTED_PROTOCOL_VERSION(5, "Unsupported protocol version");

  private final int code;
  private final String message;

  EngineIoError(int code, String message) {
    this.code = code;
    this.message = message;
  }

  public int code() {
    return code;
  }

  public String message() {
    return message;
  }

  /** The status of a refused polling request: 403 for {@link #FORBIDDEN}, 400 otherwise. */
  public int httpStatus() {
    return this == FORBIDDEN ? 403 : 400;
  }

  /** The status of a refused WebSocket upgrade: always 400, as the reference writes it. */
  public int upgradeHttpStatus() {
    return 400;
  }

  /** {@code {"code":N,"message":"..."}} with this error's own message. */
  public String responseBody() {
    return responseBody(message);
  }

  /** {@code {"code":N,"message":"..."}} with another message (the reference lets {@code allowRequest} supply one). */
  public String responseBody(String customMessage) {
    StringBuilder json = new StringBuilder(48).append("{\"code\":").append(code).append(",\"message\":\"");
    JsonStringEncoder.getInstance().quoteAsString(customMessage, json);
    return json.append("\"}").toString();
  }
}
