package dev.switchboard.dialect.socketio.engineio;

import java.util.Objects;

/**
 * A request to the Engine.IO path that must be refused, with the {@link EngineIoError} that says how.
 * Thrown by {@link EngineIoHandshakeRequest}; the networking layer answers it with {@link #httpStatus()} and
 * {@link #responseBody()} (or, for an upgrade, {@link EngineIoError#upgradeHttpStatus()} and {@link #getMessage()}).
 */
public final class EngineIoRequestRefusedException extends RuntimeException {

  private final EngineIoError error;
  private final String reason;

  /**
   * @param error  what the client is told
   * @param reason why, for logs only (the reference's error context name, e.g. {@code TRANSPORT_MISMATCH})
   */
  public EngineIoRequestRefusedException(EngineIoError error, String reason) {
    this(error, error.message(), reason);
  }

  /** With a message other than the error's own; the reference allows it only for {@link EngineIoError#FORBIDDEN}. */
  public EngineIoRequestRefusedException(EngineIoError error, String message, String reason) {
    super(message, null, false, false);
    this.error = Objects.requireNonNull(error);
    this.reason = reason;
  }

  public EngineIoError error() {
    return error;
  }

  /** Why, for logs; never sent to the client. */
  public String reason() {
    return reason;
  }

  public int httpStatus() {
    return error.httpStatus();
  }

  /** The JSON body of the refusal: {@code {"code":N,"message":"..."}}. */
  public String responseBody() {
    return error.responseBody(getMessage());
  }
}
