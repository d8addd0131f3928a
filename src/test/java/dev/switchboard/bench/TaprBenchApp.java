package dev.switchboard.bench;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ObjIntConsumer;

/**
 * The app of the tapr benchmark: an HTTP server on 127.0.0.1 that answers every webhook with 200 at once and
 * checks, per connection, that the client's messages arrive in the order sent (each carries its sequence
 * number, from 0): a number below the expected one is a repeat (a retried call the app had already received),
 * one above it a gap (lost or overtaken). It tells the sending clients how far each has got, so they can keep a
 * bounded window of messages in flight. Runs on one event loop, so its bookkeeping needs no locks.
 */
final class TaprBenchApp implements AutoCloseable {

  private final HttpServer server;
  private final AtomicLong messages = new AtomicLong();
  private final AtomicLong repeats = new AtomicLong();
  private final AtomicLong gaps = new AtomicLong();
  private final AtomicLong opens = new AtomicLong();
  private final AtomicLong closes = new AtomicLong();
  /** Next expected sequence number per connection; touched on the server's event loop only. */
  private final Map<String, Long> expected = new HashMap<>();
  private volatile ObjIntConsumer<String> progress = (user, received) -> {
  };

  TaprBenchApp(Vertx vertx) {
    this.server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      JsonObject call = body.toJsonObject();
      switch (call.getString("action")) {
        case "message" -> message(call);
        case "open" -> opens.incrementAndGet();
        case "close" -> closes.incrementAndGet();
        default -> {
        }
      }
      request.response().end();
    }));
    try {
      server.listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the benchmark app", e);
    }
  }

  /** Told (user, messages of that connection received in order so far) after every message. */
  void onProgress(ObjIntConsumer<String> progress) {
    this.progress = progress;
  }

  private void message(JsonObject call) {
    long sequence = call.getJsonObject("data").getJsonObject("data").getLong("seq");
    String connection = call.getString("conn_id");
    long next = expected.getOrDefault(connection, 0L);
    if (sequence < next) {
      repeats.incrementAndGet();
      return;
    }
    if (sequence > next) {
      gaps.incrementAndGet();
    }
    expected.put(connection, sequence + 1);
    messages.incrementAndGet();
    progress.accept(call.getString("user_name"), (int) (sequence + 1));
  }

  int port() {
    return server.actualPort();
  }

  /** Messages received for the first time. */
  long messages() {
    return messages.get();
  }

  long repeats() {
    return repeats.get();
  }

  long gaps() {
    return gaps.get();
  }

  long opens() {
    return opens.get();
  }

  long closes() {
    return closes.get();
  }

  @Override
  public void close() {
    server.close();
  }
}
