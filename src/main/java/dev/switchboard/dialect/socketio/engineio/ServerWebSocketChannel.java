package dev.switchboard.dialect.socketio.engineio;

import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;

/** A WebSocket accepted by the instance that owns its session: frames are written to it directly. */
final class ServerWebSocketChannel implements WebSocketChannel {

  private final ServerWebSocket socket;

  ServerWebSocketChannel(ServerWebSocket socket) {
    this.socket = socket;
  }

  @Override
  public void send(EngineIoCodec.WebSocketFrame frame) {
    if (socket.isClosed()) {
      return;
    }
    // The frame's bytes are wrapped, not copied: a room emit writes the same bytes to every socket.
    socket.writeFrame(frame.isBinary() ? new WebSocketFrameImpl(WebSocketFrameType.BINARY, frame.binary(), true)
      : new WebSocketFrameImpl(WebSocketFrameType.TEXT, frame.textUtf8(), true));
  }

  @Override
  public void close() {
    if (!socket.isClosed()) {
      socket.close();
    }
  }

  @Override
  public void closeForRestart() {
    if (!socket.isClosed()) {
      socket.close(dev.switchboard.gateway.CloseCode.SERVICE_RESTART.code(),
        dev.switchboard.gateway.CloseCode.SERVICE_RESTART.reason());
    }
  }

  @Override
  public void pause() {
    socket.pause();
  }

  @Override
  public void resume() {
    if (!socket.isClosed()) {
      socket.resume();
    }
  }

  ServerWebSocket socket() {
    return socket;
  }
}
