package dev.switchboard.bench;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

import java.util.function.LongSupplier;

/**
 * The app's side of the fan-out benchmark ({@link ClosedLoopPoster}): {@code /tapr/ws/conn/send
 * {"users":[u],"payload":...}} to the sidecar, round-robin over the users, never more than {@code maxBacklog}
 * frames ahead of what the clients have received.
 */
final class TaprBenchFanout {

  private final ClosedLoopPoster poster;

  TaprBenchFanout(Vertx vertx, int sidecarPort, String[] users, int connectionsPerUser, LongSupplier delivered,
                  long maxBacklog) {
    this.poster = new ClosedLoopPoster(vertx, turn -> post(sidecarPort, users, turn),
      (started, answered) -> answered * connectionsPerUser - delivered.getAsLong() > maxBacklog);
  }

  private static ClosedLoopPoster.Post post(int sidecarPort, String[] users, long turn) {
    String user = users[(int) (turn % users.length)];
    return new ClosedLoopPoster.Post(new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1")
      .setPort(sidecarPort).setURI("/tapr/ws/conn/send").putHeader("Content-Type", "application/json"),
      Buffer.buffer("{\"users\":[\"" + user + "\"],\"payload\":{\"event\":\"fanout\",\"data\":{\"turn\":"
        + turn + "}}}"));
  }

  void start(int senders) {
    poster.start(senders);
  }

  void stop() {
    poster.stop();
  }

  /** Send calls answered 200. */
  long calls() {
    return poster.succeeded();
  }

  long failures() {
    return poster.failures();
  }

  void close() {
    poster.close();
  }
}
