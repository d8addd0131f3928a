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
 * The app's side of the fan-out benchmark: {@code senders} loops, each POSTing
 * {@code /tapr/ws/conn/send {"users":[u],"payload":...}} to the sidecar, round-robin over the users, the next as
 * soon as the previous is answered — but never more than {@code maxBacklog} frames ahead of what the clients
 * have received, so the figure is deliveries the broker completes, not a queue it builds.
 */
final class TaprBenchFanout {

  private final Vertx vertx;
  private final HttpClient http;
  private final int sidecarPort;
  private final String[] users;
  private final int connectionsPerUser;
  private final LongSupplier delivered;
  private final long maxBacklog;
  private final AtomicLong calls = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong turns = new AtomicLong();
  private volatile boolean running;

  TaprBenchFanout(Vertx vertx, int sidecarPort, String[] users, int connectionsPerUser, LongSupplier delivered,
                  long maxBacklog) {
    this.vertx = vertx;
    // Held for the whole run: Vert.x closes an unreachable client and its connections.
    this.http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true), new PoolOptions().setHttp1MaxSize(64));
    this.sidecarPort = sidecarPort;
    this.users = users;
    this.connectionsPerUser = connectionsPerUser;
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

  /** Send calls answered 200. */
  long calls() {
    return calls.get();
  }

  long failures() {
    return failures.get();
  }

  private void send() {
    if (!running) {
      return;
    }
    if (calls.get() * connectionsPerUser - delivered.getAsLong() > maxBacklog) {
      vertx.setTimer(1, id -> send());
      return;
    }
    long turn = turns.getAndIncrement();
    String user = users[(int) (turn % users.length)];
    Buffer body = Buffer.buffer("{\"users\":[\"" + user + "\"],\"payload\":{\"event\":\"fanout\",\"data\":{\"turn\":"
      + turn + "}}}");
    http.request(new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(sidecarPort)
        .setURI("/tapr/ws/conn/send").putHeader("Content-Type", "application/json"))
      .compose(request -> request.send(body).compose(response -> response.body().map(ignored -> response.statusCode())))
      .onComplete(result -> {
        if (result.succeeded() && result.result() == 200) {
          calls.incrementAndGet();
        } else {
          failures.incrementAndGet();
        }
        send();
      });
  }

  void close() {
    running = false;
    http.close();
  }
}
