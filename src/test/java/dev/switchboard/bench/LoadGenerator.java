package dev.switchboard.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;

/**
 * The load generator of one scenario run, in the benchmark's own JVM: one Vert.x instance whose event loops
 * each hold a {@link LoadWorker} (clients spread round-robin over them) plus one loop for the
 * {@link EchoService}. Its methods block the calling (main) thread, each with a time limit.
 */
final class LoadGenerator implements AutoCloseable {

  static final String SYNC_PATH = "/sync/server";
  private static final Duration STEP_TIMEOUT = Duration.ofSeconds(30);

  private final Vertx vertx;
  private final EchoService service = new EchoService();
  private final List<LoadWorker> workers = new ArrayList<>();
  private final LongAdder received = new LongAdder();

  LoadGenerator(int clientLoops) {
    vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(clientLoops + 1));
    await(vertx.deployVerticle(service), STEP_TIMEOUT);
    for (int i = 0; i < clientLoops; i++) {
      LoadWorker worker = new LoadWorker(received);
      await(vertx.deployVerticle(worker), STEP_TIMEOUT);
      workers.add(worker);
    }
  }

  void connectService(int port) {
    await(service.connect(port, SYNC_PATH), STEP_TIMEOUT);
  }

  /** Connects {@code count} clients, at most {@code concurrency} connecting at once over all loops. */
  void connectClients(int port, int count, int concurrency, Duration timeout) {
    List<List<Integer>> perWorker = new ArrayList<>();
    workers.forEach(worker -> perWorker.add(new ArrayList<>()));
    for (int i = 0; i < count; i++) {
      perWorker.get(i % workers.size()).add(i);
    }
    List<Future<Void>> connecting = new ArrayList<>();
    int perWorkerConcurrency = Math.max(1, concurrency / workers.size());
    for (int w = 0; w < workers.size(); w++) {
      connecting.add(workers.get(w).connect(port, SYNC_PATH, perWorker.get(w), perWorkerConcurrency));
    }
    await(Future.all(connecting), timeout);
  }

  /** Starts the clients' part of a plan; for {@link LoadPlan.Mode#FIXED_RATE} the rate is split over the loops. */
  void begin(LoadPlan plan) {
    List<Future<Void>> starting = new ArrayList<>();
    for (LoadWorker worker : workers) {
      starting.add(worker.begin(plan.withRate(plan.ratePerSecond() / workers.size())));
    }
    if (plan.mode() == LoadPlan.Mode.NOTICES) {
      starting.add(service.beginNotices(plan));
    }
    await(Future.all(starting), STEP_TIMEOUT);
  }

  /** Ends a run: waits for outstanding answers (or notices) until {@code drain}, and merges the tallies. */
  WorkerTally finish(LoadPlan plan, Duration drain) {
    long noticesPerClient = 0;
    long noticesSent = 0;
    if (plan.mode() == LoadPlan.Mode.NOTICES) {
      noticesSent = await(service.finishNotices(), STEP_TIMEOUT);
      noticesPerClient = noticesSent;
    }
    long deadline = System.nanoTime() + drain.toNanos();
    List<Future<WorkerTally>> finishing = new ArrayList<>();
    for (LoadWorker worker : workers) {
      finishing.add(worker.finish(noticesPerClient, deadline));
    }
    await(Future.all(finishing), drain.plus(STEP_TIMEOUT));
    WorkerTally total = new WorkerTally();
    finishing.forEach(future -> total.add(future.result()));
    total.noticesSentInWindow = noticesSent;
    return total;
  }

  /** Responses and notices received so far by all clients (for progress lines only). */
  long received() {
    return received.sum();
  }

  String serviceProblem() {
    return service.problem();
  }

  @Override
  public void close() {
    try {
      List<Future<Void>> closing = new ArrayList<>();
      workers.forEach(worker -> closing.add(worker.closeClients()));
      closing.add(service.disconnect());
      await(Future.join(closing), STEP_TIMEOUT);
    } catch (RuntimeException e) {
      System.err.println("[load] closing clients: " + e.getMessage());
    }
    try {
      await(vertx.close(), STEP_TIMEOUT);
    } catch (RuntimeException e) {
      System.err.println("[load] closing Vert.x: " + e.getMessage());
    }
  }

  static <T> T await(Future<T> future, Duration timeout) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("no answer within " + timeout.toSeconds() + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
