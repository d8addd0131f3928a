package dev.switchboard.bench;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

import java.util.function.LongSupplier;

/**
 * The emit side of the fan-out scenario ({@link ClosedLoopPoster}): room emits, never more than {@code maxBacklog}
 * deliveries ahead of what the clients have received. Each emit carries its send time
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

  private final ClosedLoopPoster poster;

  SocketIoBenchEmitter(Vertx vertx, Trigger trigger, int roomSize, LongSupplier delivered, long maxBacklog) {
    this.poster = new ClosedLoopPoster(vertx, sequence -> post(trigger, sequence),
      (started, answered) -> started * roomSize - delivered.getAsLong() > maxBacklog);
  }

  private static ClosedLoopPoster.Post post(Trigger trigger, long sequence) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1")
      .setPort(trigger.port()).setURI(trigger.uri()).putHeader("Content-Type", "application/json");
    if (trigger.bearer() != null) {
      options.putHeader("Authorization", "Bearer " + trigger.bearer());
    }
    return new ClosedLoopPoster.Post(options, trigger.body(sequence, System.nanoTime()));
  }

  void start(int senders) {
    poster.start(senders);
  }

  void stop() {
    poster.stop();
  }

  /** Emits answered 200. */
  long emits() {
    return poster.succeeded();
  }

  long failures() {
    return poster.failures();
  }

  String lastFailure() {
    return poster.lastFailure();
  }

  void close() {
    poster.close();
  }
}
