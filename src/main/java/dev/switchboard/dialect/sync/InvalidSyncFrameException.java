package dev.switchboard.dialect.sync;

/** A sync frame that is not a JSON object; answered with {@code INVALID_MESSAGE}. */
public final class InvalidSyncFrameException extends RuntimeException {
  public InvalidSyncFrameException(String message) {
    super(message, null, false, false);
  }
}
