package dev.switchboard.dialect.socketio;

/**
 * Event or ack arguments that the server cannot send: given by the app (webhook reply) or an HTTP API call, they
 * are not a JSON array, hold a {@code {"$binary":...}} whose base64 is broken, name a reserved event, or mix
 * {@code $binary} values with literal binary placeholders. The API answers it with 400; it never reaches a client.
 */
public final class InvalidEmitArgumentsException extends RuntimeException {

  public InvalidEmitArgumentsException(String message) {
    super(message, null, false, false);
  }
}
