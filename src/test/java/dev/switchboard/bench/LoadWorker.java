package dev.switchboard.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;

import java.util.ArrayList;
import java.util.List;

/**
 * The clients of one load-generator event loop: connects them, drives them through a {@link LoadPlan}
 * (closed loop with a window, fixed rate, or just receiving notices) and counts into its own
 * {@link WorkerTally}. Everything runs on its event loop; the main thread talks to it only through futures.
 */
final class LoadWorker extends VerticleBase {

  private static final int MAX_LOGGED_PROBLEMS = 5;

  private final List<BenchClient> clients = new ArrayList<>();
  private final java.util.concurrent.atomic.LongAdder progress;
  private WebSocketClient webSocketClient;
  private WorkerTally tally = new WorkerTally();
  private LoadPlan plan;
  private boolean sending;
  private long timer = -1;
  private long outstanding;
  private long scheduledCount;
  private int loggedProblems;
  // Connecting:
  private List<Integer> toConnect = List.of();
  private int nextToConnect;
  private int connecting;
  private int connectedCount;
  private String connectPath;
  private int connectPort;
  private Promise<Void> allConnected;

  /** @param progress counts every response and notice received, for the once-a-second progress line */
  LoadWorker(java.util.concurrent.atomic.LongAdder progress) {
    this.progress = progress;
  }

  @Override
  public Future<?> start() {
    webSocketClient = vertx.createWebSocketClient(new WebSocketClientOptions()
      .setMaxConnections(100_000)
      .setTryUsePerMessageCompression(false)
      .setTryUsePerFrameCompression(false)
      .setConnectTimeout(10_000));
    return Future.succeededFuture();
  }

  /** Connects clients with these indices, {@code concurrency} at a time; completes when every one is connected. */
  Future<Void> connect(int port, String path, List<Integer> indices, int concurrency) {
    Promise<Void> done = Promise.promise();
    context.runOnContext(ignored -> {
      toConnect = indices;
      nextToConnect = 0;
      connectedCount = 0;
      connectPort = port;
      connectPath = path;
      allConnected = done;
      if (indices.isEmpty()) {
        done.complete();
        return;
      }
      for (int i = 0; i < concurrency; i++) {
        connectNext();
      }
    });
    return done.future();
  }

  private void connectNext() {
    if (nextToConnect >= toConnect.size() || allConnected.future().isComplete()) {
      return;
    }
    BenchClient client = new BenchClient(toConnect.get(nextToConnect++), this);
    connecting++;
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(connectPort)
      .setURI(connectPath).setTimeout(20_000).addHeader("websocket-accept-sign", "client");
    webSocketClient.connect(options).onComplete(result -> {
      if (result.failed()) {
        connecting--;
        allConnected.tryFail(new IllegalStateException("client " + client.index + " could not connect after "
          + connectedCount + " on this loop: " + result.cause()));
        return;
      }
      clients.add(client);
      client.attach(result.result());
    });
  }

  void clientConnected(BenchClient client) {
    connecting--;
    connectedCount++;
    if (connectedCount == toConnect.size()) {
      allConnected.tryComplete();
    } else {
      connectNext();
    }
  }

  void clientRefused(BenchClient client, String frame) {
    allConnected.tryFail(new IllegalStateException("client " + client.index + " refused: " + frame));
  }

  void clientFailed(Throwable failure) {
    problem("client connection failed: " + failure);
  }

  void clientClosed(BenchClient client) {
    if (sending) {
      problem("client " + client.index + " closed by the server during the run");
    }
  }

  int clientCount() {
    return clients.size();
  }

  /** Starts a run; the returned future completes once sending has started. */
  Future<Void> begin(LoadPlan plan) {
    Promise<Void> started = Promise.promise();
    context.runOnContext(ignored -> {
      this.plan = plan;
      tally = new WorkerTally();
      outstanding = 0;
      scheduledCount = 0;
      sending = true;
      long delayMs = Math.max(1, (plan.startNanos() - System.nanoTime()) / 1_000_000);
      vertx.setTimer(delayMs, id -> startSending());
      started.complete();
    });
    return started.future();
  }

  private void startSending() {
    switch (plan.mode()) {
      case CLOSED_LOOP -> {
        long now = System.nanoTime();
        for (BenchClient client : clients) {
          for (int i = 0; i < plan.window(); i++) {
            sendOne(client, now);
          }
        }
      }
      case FIXED_RATE -> timer = vertx.setPeriodic(1, id -> sendDue());
      case NOTICES -> {
        // The service sends; clients only receive.
      }
    }
  }

  /** Fixed rate: sends every request whose scheduled time has come, round-robin over the clients. */
  private void sendDue() {
    long now = System.nanoTime();
    if (now - plan.measureEndNanos() >= 0 || clients.isEmpty()) {
      vertx.cancelTimer(timer);
      sending = false;
      return;
    }
    double perNano = plan.ratePerSecond() / 1e9;
    long due = (long) ((now - plan.startNanos()) * perNano) + 1;
    while (scheduledCount < due) {
      long scheduled = plan.startNanos() + (long) (scheduledCount / perNano);
      BenchClient client = clients.get((int) (scheduledCount % clients.size()));
      scheduledCount++;
      if (!sendOne(client, scheduled) && plan.inWindow(scheduled)) {
        tally.skipped++;
      }
    }
  }

  private boolean sendOne(BenchClient client, long scheduledNanos) {
    if (client.send(scheduledNanos, plan.payload())) {
      outstanding++;
      return true;
    }
    return false;
  }

  /** @param errorFrame the response when it carries an {@code errorCode}, else {@code null} */
  void onResponse(BenchClient client, long scheduledNanos, long now, String errorFrame) {
    outstanding--;
    progress.increment();
    if (errorFrame != null) {
      tally.errors++;
      if (tally.firstError == null) {
        tally.firstError = errorFrame;
      }
    }
    if (plan == null) {
      return;
    }
    if (errorFrame != null) {
      if (plan.inWindow(now)) {
        tally.errorsInWindow++;
      }
    } else {
      // Only answers the service gave count and are timed: an error is not a completed request.
      if (plan.inWindow(scheduledNanos)) {
        tally.latency.record(now - scheduledNanos);
      }
      if (plan.inWindow(now)) {
        tally.completedInWindow++;
      }
    }
    if (plan.mode() == LoadPlan.Mode.CLOSED_LOOP && sending) {
      if (now - plan.measureEndNanos() < 0) {
        sendOne(client, now);
      } else {
        sending = false;
      }
    }
  }

  void onNotice(long scheduledNanos, long now) {
    progress.increment();
    if (plan != null && plan.inWindow(scheduledNanos)) {
      tally.noticesDeliveredInWindow++;
      tally.latency.record(now - scheduledNanos);
    }
  }

  void unexpectedFrame(String frame) {
    tally.unexpectedFrames++;
    problem("unexpected frame: " + (frame.length() > 200 ? frame.substring(0, 200) + "..." : frame));
  }

  /**
   * Stops sending and completes with this worker's tally once every request is answered (or, with
   * {@code noticesPerClient} > 0, every client has that many notices), or at {@code deadlineNanos}.
   */
  Future<WorkerTally> finish(long noticesPerClient, long deadlineNanos) {
    Promise<WorkerTally> done = Promise.promise();
    context.runOnContext(ignored -> {
      sending = false;
      if (timer >= 0) {
        vertx.cancelTimer(timer);
        timer = -1;
      }
      long expectedNotices = noticesPerClient * clients.size();
      vertx.setPeriodic(0, 10, id -> {
        boolean drained = outstanding <= 0 && tally.noticesDeliveredInWindow >= expectedNotices;
        if (drained || System.nanoTime() - deadlineNanos >= 0) {
          vertx.cancelTimer(id);
          tally.unanswered = Math.max(0, outstanding);
          WorkerTally result = tally;
          tally = new WorkerTally();
          plan = null;
          done.complete(result);
        }
      });
    });
    return done.future();
  }

  /** Closes every client connection. */
  Future<Void> closeClients() {
    Promise<Void> done = Promise.promise();
    context.runOnContext(ignored -> {
      sending = false;
      clients.forEach(BenchClient::close);
      clients.clear();
      done.complete();
    });
    return done.future();
  }

  private void problem(String message) {
    if (loggedProblems++ < MAX_LOGGED_PROBLEMS) {
      System.err.println("[load] " + message);
    }
  }
}
