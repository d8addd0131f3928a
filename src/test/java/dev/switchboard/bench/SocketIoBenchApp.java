package dev.switchboard.bench;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The app of the socket.io benchmark, the same for Switchboard and the Node server: an HTTP server on 127.0.0.1
 * that takes the SPEC §6 webhook calls of both. {@code open} is answered {@code {"rooms":[room]}} (every socket
 * joins the fan-out room), {@code message} with {@code {"ack":args}} (the client's ack gets its own arguments
 * back, a timed event's with the app's time added), {@code close} with an empty 200. Runs on an event loop of its own.
 */
final class SocketIoBenchApp implements AutoCloseable {

  static final String ROOM = "bench";

  private final HttpServer server;
  private final AtomicLong opens = new AtomicLong();
  private final AtomicLong messages = new AtomicLong();
  private final AtomicLong closes = new AtomicLong();
  private final AtomicLong malformed = new AtomicLong();
  /** Where the way in of each timed event is recorded, when set; touched on the app's one event loop. */
  private volatile LatencyHistogram inboundLeg;

  SocketIoBenchApp(Vertx vertx) {
    String openReply = "{\"rooms\":[\"" + ROOM + "\"]}";
    this.server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      JsonObject call;
      try {
        call = body.toJsonObject();
      } catch (RuntimeException e) {
        malformed.incrementAndGet();
        request.response().setStatusCode(400).end();
        return;
      }
      String reply = "";
      switch (String.valueOf(call.getString("action"))) {
        case "open" -> {
          opens.incrementAndGet();
          reply = openReply;
        }
        case "message" -> {
          messages.incrementAndGet();
          JsonArray args = call.getJsonObject("data").getJsonArray("args");
          if (args.getValue(0) instanceof JsonObject event && event.getValue("t") instanceof Number sent) {
            LatencyHistogram inbound = inboundLeg;
            long now = System.nanoTime();
            if (inbound != null) {
              inbound.record(now - sent.longValue());
            }
            event.put("a", now);
          }
          reply = new JsonObject().put("ack", args).encode();
        }
        case "close" -> closes.incrementAndGet();
        default -> malformed.incrementAndGet();
      }
      request.response().putHeader("Content-Type", "application/json").end(reply);
    }));
    try {
      server.listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the benchmark app", e);
    }
  }

  /**
   * Records, into {@code histogram} (or nowhere when {@code null}), how long each client event with a {@code "t"}
   * took from the client's write to this app (client → server → webhook). The reply's ack arguments get an
   * {@code "a":<nanoTime>} so the client times the way out (app → server → client) the same way. Client and app
   * share this JVM's clock.
   */
  void recordInboundLeg(LatencyHistogram histogram) {
    inboundLeg = histogram;
  }

  int port() {
    return server.actualPort();
  }

  long opens() {
    return opens.get();
  }

  long messages() {
    return messages.get();
  }

  long closes() {
    return closes.get();
  }

  long malformed() {
    return malformed.get();
  }

  @Override
  public void close() {
    server.close();
  }
}
