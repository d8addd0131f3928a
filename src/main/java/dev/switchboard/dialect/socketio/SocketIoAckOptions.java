package dev.switchboard.dialect.socketio;

/**
 * An emit that wants the clients' acknowledgements (SPEC §5 {@code "ack":{"timeoutMs","retries"}}): each socket
 * gets {@code timeoutMs} to answer, and the event is sent again up to {@code retries} times when it does not.
 */
public record SocketIoAckOptions(long timeoutMs, int retries) {

  public SocketIoAckOptions {
    if (timeoutMs <= 0 || retries < 0) {
      throw new IllegalArgumentException("timeoutMs > 0 and retries >= 0 required");
    }
  }
}
