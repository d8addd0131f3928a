package dev.switchboard.dialect.socketio;

/**
 * Input that is not a valid Socket.IO packet, or a binary attachment nobody announced. The reference server
 * ({@code Client.ondata} in socket.io {@code lib/client.ts}) closes the whole connection on it, and so does ours:
 * the connection layer catches it and closes the Engine.IO session.
 */
public final class InvalidSocketIoPacketException extends RuntimeException {

  public InvalidSocketIoPacketException(String message) {
    super(message, null, false, false);
  }
}
