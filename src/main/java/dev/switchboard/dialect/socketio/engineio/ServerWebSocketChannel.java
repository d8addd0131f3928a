package dev.switchboard.dialect.socketio.engineio;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;

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
    if (frame.isBinary()) {
      socket.writeBinaryMessage(Buffer.buffer(frame.binary()));
    } else {
      socket.writeTextMessage(frame.text());
    }
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
