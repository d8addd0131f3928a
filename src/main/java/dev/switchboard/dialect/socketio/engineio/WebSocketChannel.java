package dev.switchboard.dialect.socketio.engineio;

/**
 * The WebSocket a session writes to: the socket itself when it reached the owning instance
 * ({@link ServerWebSocketChannel}), or a relay to the instance that holds it. Used on the session's event loop.
 */
public interface WebSocketChannel {

  void send(EngineIoCodec.WebSocketFrame frame);

  /** Closes the socket (normal closure); the session learns nothing more from it. */
  void close();

  /** Closes the socket with 1012: the node is going away and the client should reconnect elsewhere. */
  void closeForRestart();
}
