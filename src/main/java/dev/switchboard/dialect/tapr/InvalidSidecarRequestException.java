package dev.switchboard.dialect.tapr;

/** A sidecar request body that cannot be read; the message becomes the reason in the 400 answer. */
final class InvalidSidecarRequestException extends RuntimeException {

  InvalidSidecarRequestException(String message) {
    super(message, null, false, false);
  }
}
