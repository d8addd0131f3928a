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

  /**
   * Stops handing the client's frames to the session, without losing any: the client is slowed down by TCP (or,
   * relayed, by the relay's window) until {@link #resume()}. Frames read before the pause are still delivered.
   */
  void pause();

  /** Hands the client's frames to the session again, the held ones first. */
  void resume();
}
