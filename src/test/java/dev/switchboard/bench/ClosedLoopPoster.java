package dev.switchboard.bench;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/**
 * The sending side of the fan-out scenarios: {@code senders} loops, each POSTing the next request as soon as the
 * previous one is answered, and waiting (1 ms steps) while the {@link Backlog} says the clients lag too far behind
 * what was asked for — so the figure is deliveries the server completes, not a queue it builds. A request counts
 * as done when it is answered 200.
 */
final class ClosedLoopPoster {

  /** Whether the clients lag too far behind, given the requests started and those answered 200 so far. */
  @FunctionalInterface
  interface Backlog {
    boolean tooFarAhead(long started, long succeeded);
  }

  /** One request: where it goes, and its body. */
  record Post(RequestOptions options, Buffer body) {
  }

  private final Vertx vertx;
  private final HttpClient http;
  private final LongFunction<Post> nextPost;
  private final Backlog backlog;
  private final AtomicLong started = new AtomicLong();
  private final AtomicLong succeeded = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private volatile String lastFailure = "";
  private volatile boolean running;

  /** {@code nextPost}: the request of the given sequence number (0, 1, 2...). */
  ClosedLoopPoster(Vertx vertx, LongFunction<Post> nextPost, Backlog backlog) {
    this.vertx = vertx;
    // Held for the whole run: Vert.x closes an unreachable client and its connections.
    this.http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
      new PoolOptions().setHttp1MaxSize(64));
    this.nextPost = nextPost;
    this.backlog = backlog;
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

  /** Requests answered 200. */
  long succeeded() {
    return succeeded.get();
  }

  long failures() {
    return failures.get();
  }

  /** The status and body, or the error, of the last request that failed. */
  String lastFailure() {
    return lastFailure;
  }

  private void send() {
    if (!running) {
      return;
    }
    if (backlog.tooFarAhead(started.get(), succeeded.get())) {
      vertx.setTimer(1, id -> send());
      return;
    }
    Post post = nextPost.apply(started.getAndIncrement());
    // body() inside send()'s callback: the answer cannot end before it is asked for.
    http.request(post.options())
      .compose(request -> request.send(post.body()).compose(response -> response.body()
        .map(answer -> response.statusCode() == 200 ? null : response.statusCode() + " " + answer)))
      .onComplete(result -> {
        if (result.succeeded() && result.result() == null) {
          succeeded.incrementAndGet();
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
