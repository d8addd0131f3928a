package dev.switchboard.bench;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;

/**
 * One relay connection and the event loop that owns it. Writes go through {@link #send}, which hops to the
 * owning loop when called from another one (the server runs in strict thread mode, like the broker).
 */
final class RelayPeer {

  final ServerWebSocket socket;
  final Context context;
  /** The client index, learnt from its first request id; -1 until then (and for the service). */
  int index = -1;

  RelayPeer(ServerWebSocket socket, Context context) {
    this.socket = socket;
    this.context = context;
  }

  void send(byte[] utf8) {
    if (Vertx.currentContext() == context) {
      write(utf8);
    } else {
      context.runOnContext(ignored -> write(utf8));
    }
  }

  void write(byte[] utf8) {
    if (!socket.isClosed()) {
      socket.writeFrame(new WebSocketFrameImpl(WebSocketFrameType.TEXT, utf8, true));
    }
  }
}
