package dev.switchboard.dialect.socketio;

import dev.switchboard.dialect.socketio.engineio.EngineIoVersion;

/**
 * The revision of the Socket.IO protocol a connection speaks; it follows from the Engine.IO revision of the
 * session (socket.io-protocol README, "History"). The packet format is the same; what differs is listed in
 * {@link SocketIoCodec} and {@link SocketIoPacket}.
 */
public enum SocketIoProtocol {
  /**
   * Revision 4, Socket.IO v1/v2 clients over Engine.IO 3: connected to {@code /} without asking, CONNECT to another
   * namespace carries its query in the namespace ({@code /admin?token=abc}), the server's CONNECT has no data,
   * and an ERROR (type 4) carries a string.
   */
  V4,
  /**
   * Revision 5, Socket.IO v3+ clients over Engine.IO 4: every namespace needs a CONNECT, whose data is the auth
   * object; the server's CONNECT data is {@code {"sid":...}}; CONNECT_ERROR data is {@code {"message","data"?}}.
   */
  V5;

  /** The Socket.IO revision carried by an Engine.IO revision. */
  public static SocketIoProtocol over(EngineIoVersion engineIo) {
    return engineIo == EngineIoVersion.V3 ? V4 : V5;
  }
}
