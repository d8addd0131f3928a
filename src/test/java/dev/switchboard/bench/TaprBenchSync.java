package dev.switchboard.bench;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sync request/response baseline of the tapr benchmark, against the same broker in the same run: one echo
 * service and {@code clients} clients, each with one request outstanding at a time (a closed loop), counting
 * the responses. The ratio of the tapr figures to this one is what the report shows.
 */
final class TaprBenchSync implements AutoCloseable {

  private final WebSocketClient client;
  private final List<WebSocket> sockets = new ArrayList<>();
  private final AtomicLong responses = new AtomicLong();
  private volatile boolean running;

  TaprBenchSync(Vertx vertx) {
    this.client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(100_000));
  }

  /** Connects the echo service and the clients; each client starts its loop at {@link #start()}. */
  void connect(int port, int clients) {
    WebSocket service = await(client.connect(options(port).setHeaders(MultiMap.caseInsensitiveMultiMap()
      .add("websocket-accept-sign", "service").add("websocket-accept-sign-id", "bench-echo")
      .add("websocket-accept-sign-name", "Bench echo"))).map(socket -> {
        socket.textMessageHandler(text -> {
          JsonObject frame = new JsonObject(text);
          if ("request".equals(frame.getString("type"))) {
            socket.writeTextMessage(new JsonObject().put("id", frame.getString("id")).put("type", "response")
              .put("method", frame.getString("method")).put("data", frame.getValue("data")).encode());
          }
        });
        return socket;
      }));
    sockets.add(service);
    List<Future<WebSocket>> connecting = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      long[] next = {0};
      connecting.add(client.connect(options(port).setHeaders(MultiMap.caseInsensitiveMultiMap()
        .add("websocket-accept-sign", "client"))).map(socket -> {
          socket.textMessageHandler(text -> {
            // Connect frames and pushed link counts are "system" frames: only responses count.
            if (text.contains("\"type\":\"response\"")) {
              responses.incrementAndGet();
              if (running) {
                request(socket, ++next[0]);
              }
            }
          });
          return socket;
        }));
    }
    sockets.addAll(awaitAll(connecting));
  }

  /** Sends the first request of every client; each response triggers the next. */
  void start() {
    running = true;
    for (int i = 1; i < sockets.size(); i++) {
      WebSocket socket = sockets.get(i);
      request(socket, 0);
    }
  }

  void stop() {
    running = false;
  }

  long responses() {
    return responses.get();
  }

  private static void request(WebSocket socket, long id) {
    socket.writeTextMessage("{\"id\":\"" + id + "\",\"type\":\"request\",\"method\":\"echo\",\"data\":{\"n\":" + id + "}}");
  }

  private static WebSocketConnectOptions options(int port) {
    return new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/sync/server");
  }

  @Override
  public void close() {
    running = false;
    List<Future<Void>> closing = new ArrayList<>();
    sockets.forEach(socket -> closing.add(socket.close()));
    try {
      Future.join(closing).await(60, TimeUnit.SECONDS);
    } catch (Exception ignored) {
      // the broker may already be gone
    }
    client.close();
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.await(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static <T> List<T> awaitAll(List<Future<T>> futures) {
    await(Future.all(futures));
    return futures.stream().map(Future::result).toList();
  }
}
