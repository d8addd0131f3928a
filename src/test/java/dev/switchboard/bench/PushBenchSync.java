package dev.switchboard.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The sync request/response baseline of the push benchmark, against the same broker(s) in the same run and
 * with the same shape as the push load: one echo service, {@code clients} clients (as many as push senders)
 * each keeping {@code window} requests outstanding (a closed loop, as many as a push sender keeps messages).
 * A request carries its send time in its {@code id}, which the broker restores on the response, so the client
 * measures request → response without a table. The service may sit on another node than the clients.
 * Frames are read with {@code indexOf}, not a JSON parser.
 */
final class PushBenchSync implements AutoCloseable {

  /** One client and what it measures; touched only on its context. */
  private final class Client {
    final Context context;
    final LatencyHistogram latency = new LatencyHistogram();
    WebSocket socket;
    int outstanding;
    long sent;

    Client(Context context) {
      this.context = context;
    }

    void pump() {
      while (running && outstanding < window && sent < maxPerClient) {
        long now = System.nanoTime();
        sent++;
        outstanding++;
        socket.writeTextMessage("{\"id\":\"" + now + "\",\"type\":\"request\",\"method\":\"echo\",\"data\":{\"text\":\""
          + padding + "\",\"n\":" + sent + "}}");
      }
    }

    void onFrame(String text) {
      // Connect frames and pushed link counts are "system" frames: only responses count.
      if (!text.contains("\"type\":\"response\"")) {
        return;
      }
      long now = System.nanoTime();
      if (text.contains("\"errorCode\"")) {
        errors.increment();
      } else {
        responses.increment();
      }
      String id = PushBenchClients.stringAfter(text, "\"id\":\"");
      if (id != null) {
        long start = Long.parseLong(id);
        if (start >= windowStart && start < windowEnd) {
          latency.record(now - start);
        }
      }
      outstanding--;
      pump();
    }
  }

  private final Vertx vertx;
  private final WebSocketClient client;
  private final int window;
  private final long maxPerClient;
  private final String padding;
  private final List<Client> clients = new ArrayList<>();
  private final List<WebSocket> services = new ArrayList<>();
  private final LongAdder responses = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private volatile boolean running;
  private volatile long windowStart = Long.MAX_VALUE;
  private volatile long windowEnd = Long.MAX_VALUE;

  PushBenchSync(Vertx vertx, int window, int padBytes, long maxPerClient) {
    this.vertx = vertx;
    this.client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(100_000));
    this.window = window;
    this.maxPerClient = maxPerClient;
    this.padding = "x".repeat(Math.max(0, padBytes));
  }

  /** Connects the echo service on {@code servicePort}, then the clients on {@code clientPort}. */
  void connect(int clientPort, int servicePort, int count) {
    WebSocket service = await(client.connect(options(servicePort).setHeaders(MultiMap.caseInsensitiveMultiMap()
      .add("websocket-accept-sign", "service").add("websocket-accept-sign-id", "push-bench-echo")
      .add("websocket-accept-sign-name", "Push bench echo"))).map(socket -> {
        socket.textMessageHandler(text -> {
          // {"id":"<broker id>","type":"request","method":"echo","data":{...},"client":"..."}: echo id and data.
          if (text.contains("\"type\":\"request\"")) {
            String id = PushBenchClients.stringAfter(text, "\"id\":\"");
            int data = text.indexOf("\"data\":");
            int end = text.lastIndexOf(",\"client\":");
            String body = data < 0 || end < data ? "null" : text.substring(data + 7, end);
            socket.writeTextMessage("{\"id\":\"" + id + "\",\"type\":\"response\",\"method\":\"echo\",\"data\":" + body + "}");
          }
        });
        return socket;
      }), "sync service connect");
    services.add(service);
    List<Future<Void>> connecting = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Client each = new Client(vertx.getOrCreateContext());
      clients.add(each);
      Promise<Void> connected = Promise.promise();
      each.context.runOnContext(ignored -> client.connect(options(clientPort).setHeaders(
          MultiMap.caseInsensitiveMultiMap().add("websocket-accept-sign", "client")))
        .onFailure(connected::tryFail)
        .onSuccess(socket -> {
          each.socket = socket;
          socket.textMessageHandler(each::onFrame);
          connected.complete();
        }));
      connecting.add(connected.future());
    }
    await(Future.all(connecting), "sync clients connect");
  }

  void start() {
    running = true;
    for (Client each : clients) {
      each.context.runOnContext(ignored -> each.pump());
    }
  }

  void openWindow() {
    windowStart = System.nanoTime();
    windowEnd = Long.MAX_VALUE;
  }

  void closeWindow() {
    windowEnd = System.nanoTime();
  }

  long responses() {
    return responses.sum();
  }

  long errors() {
    return errors.sum();
  }

  /** Stops and waits (at most {@code maxSeconds}) for the outstanding responses. Answers how many are missing. */
  long stopAndDrain(int maxSeconds) {
    running = false;
    long deadline = System.nanoTime() + maxSeconds * 1_000_000_000L;
    long left;
    do {
      Sleep.millis(100);
      left = sum(each -> (long) each.outstanding);
    } while (left > 0 && System.nanoTime() < deadline);
    return left;
  }

  LatencyHistogram latency() {
    LatencyHistogram all = new LatencyHistogram();
    List<Future<Void>> merged = new ArrayList<>();
    for (Client each : clients) {
      Promise<Void> done = Promise.promise();
      each.context.runOnContext(ignored -> {
        synchronized (all) {
          all.add(each.latency);
        }
        done.complete();
      });
      merged.add(done.future());
    }
    await(Future.all(merged), "latency merge");
    synchronized (all) {
      return all;
    }
  }

  private long sum(java.util.function.ToLongFunction<Client> field) {
    List<Future<Long>> values = new ArrayList<>();
    for (Client each : clients) {
      Promise<Long> value = Promise.promise();
      each.context.runOnContext(ignored -> value.complete(field.applyAsLong(each)));
      values.add(value.future());
    }
    await(Future.all(values), "client state");
    return values.stream().mapToLong(Future::result).sum();
  }

  private static WebSocketConnectOptions options(int port) {
    return new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/sync/server");
  }

  @Override
  public void close() {
    running = false;
    List<Future<Void>> closing = new ArrayList<>();
    clients.forEach(each -> {
      if (each.socket != null) {
        closing.add(each.socket.close());
      }
    });
    services.forEach(socket -> closing.add(socket.close()));
    try {
      Future.join(closing).await(30, TimeUnit.SECONDS);
    } catch (Exception ignored) {
      // the broker may already be gone
    }
    client.close();
  }

  private static <T> T await(Future<T> future, String what) {
    try {
      return future.await(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(what + " failed: " + e.getMessage(), e);
    }
  }
}
