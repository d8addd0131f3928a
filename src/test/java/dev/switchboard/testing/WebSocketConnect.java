package dev.switchboard.testing;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;

import java.util.function.Function;

/**
 * Connects a test's WebSocket from an event loop. Called from the test thread, {@code connect(...).map(...)} can
 * attach its callback after the connection completed, and a frame the server sends at once (sync's
 * {@code connected}) is read before any handler exists and lost; on the loop the callback is attached in the same
 * task, before the connection (bound to that loop) can complete.
 */
final class WebSocketConnect {

  private WebSocketConnect() {
  }

  static <T> Future<T> connect(Vertx vertx, WebSocketClient client, WebSocketConnectOptions options,
                               Function<WebSocket, T> wrap) {
    Promise<T> result = Promise.promise();
    vertx.getOrCreateContext().runOnContext(ignored -> client.connect(options).map(wrap).onComplete(result));
    return result.future();
  }
}
