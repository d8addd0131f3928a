package dev.switchboard.bench;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The emit side of the fan-out scenario: {@code senders} loops, each POSTing one room emit and the next as soon as
 * it is answered, never more than {@code maxBacklog} deliveries ahead of what the clients have received (so the
 * figure is deliveries the server completes, not a queue it builds). Each emit carries its send time
 * ({@code "t":nanoTime}) for the clients' latency. Switchboard is driven through {@code POST /api/send}, the Node
 * server through its {@code POST /emit}; the body differs only in its envelope.
 */
final class SocketIoBenchEmitter {

  /** Where and how a room emit is asked for. */
  record Trigger(int port, String uri, String bearer, boolean switchboard) {
    static Trigger switchboard(int apiPort, String token) {
      return new Trigger(apiPort, "/api/send", token, true);
    }

    /** The Node server's {@code POST /emit}. */
    static Trigger node(int controlPort) {
      return new Trigger(controlPort, "/emit", null, false);
    }

    /** The HTTP status of one emit to a room nobody is in (whether this trigger works at all). */
    int probe() {
      java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(
          java.net.URI.create("http://127.0.0.1:" + port + uri)).header("Content-Type", "application/json")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body(0, 0).toString().replace(
          SocketIoBenchApp.ROOM, "nobody")));
      if (bearer != null) {
        request.header("Authorization", "Bearer " + bearer);
      }
      try {
        return java.net.http.HttpClient.newHttpClient().send(request.build(),
          java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
      } catch (java.io.IOException e) {
        return -1;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return -1;
      }
    }

    Buffer body(long sequence, long nanos) {
      String args = "[{\"seq\":" + sequence + ",\"t\":" + nanos + "}]";
      return Buffer.buffer(switchboard
        ? "{\"dialect\":\"socketio\",\"namespace\":\"/\",\"to\":{\"room\":\"" + SocketIoBenchApp.ROOM
          + "\"},\"event\":\"tick\",\"args\":" + args + "}"
        : "{\"room\":\"" + SocketIoBenchApp.ROOM + "\",\"event\":\"tick\",\"args\":" + args + "}");
    }
  }

  private final Vertx vertx;
  private final HttpClient http;
  private final Trigger trigger;
  private final int roomSize;
  private final LongSupplier delivered;
  private final long maxBacklog;
  private final AtomicLong emits = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong sequence = new AtomicLong();
  private volatile String lastFailure = "";
  private volatile boolean running;

  SocketIoBenchEmitter(Vertx vertx, Trigger trigger, int roomSize, LongSupplier delivered, long maxBacklog) {
    this.vertx = vertx;
    // Held for the whole run: Vert.x closes an unreachable client and its connections.
    this.http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
      new PoolOptions().setHttp1MaxSize(64));
    this.trigger = trigger;
    this.roomSize = roomSize;
    this.delivered = delivered;
    this.maxBacklog = maxBacklog;
  }

  void start(int senders) {
    running = true;
    for (int i = 0; i < senders; i++) {
      vertx.runOnContext(ignored -> send());
    }
  }

  void stop() {
    running = false;
  }

  /** Emits answered 200. */
  long emits() {
    return emits.get();
  }

  long failures() {
    return failures.get();
  }

  String lastFailure() {
    return lastFailure;
  }

  private void send() {
    if (!running) {
      return;
    }
    if ((sequence.get()) * roomSize - delivered.getAsLong() > maxBacklog) {
      vertx.setTimer(1, id -> send());
      return;
    }
    Buffer body = trigger.body(sequence.getAndIncrement(), System.nanoTime());
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1")
      .setPort(trigger.port()).setURI(trigger.uri()).putHeader("Content-Type", "application/json");
    if (trigger.bearer() != null) {
      options.putHeader("Authorization", "Bearer " + trigger.bearer());
    }
    http.request(options)
      .compose(request -> request.send(body).compose(response -> response.body()
        .map(answer -> response.statusCode() == 200 ? null : response.statusCode() + " " + answer)))
      .onComplete(result -> {
        if (result.succeeded() && result.result() == null) {
          emits.incrementAndGet();
        } else {
          failures.incrementAndGet();
          lastFailure = result.succeeded() ? result.result() : result.cause().toString();
        }
        send();
      });
  }

  void close() {
    running = false;
    http.close();
  }
}
