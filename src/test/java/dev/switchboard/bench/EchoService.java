package dev.switchboard.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;

/**
 * The sync service of the benchmark, on an event loop of its own: answers every request by echoing its
 * data under the id it came with, and in the fan-out scenario sends notices at a fixed rate, each carrying
 * its scheduled send time so clients measure latency from it.
 */
final class EchoService extends VerticleBase {

  static final String SERVICE_ID = "svc1";

  /** Held for the service's whole life: Vert.x closes a client (and its connections) once it is unreachable. */
  private WebSocketClient client;
  private WebSocket socket;
  private LoadPlan plan;
  private long timer = -1;
  private long noticesScheduled;
  private long noticesInWindow;
  private long requestsAnswered;
  private String problem;
  private String lastSystemFrame;
  private boolean disconnecting;

  Future<Void> connect(int port, String path) {
    Promise<Void> connected = Promise.promise();
    context.runOnContext(ignored -> {
      WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
        .setURI(path).setTimeout(20_000)
        .addHeader("websocket-accept-sign", "service")
        .addHeader("websocket-accept-sign-id", SERVICE_ID)
        .addHeader("websocket-accept-sign-name", "Bench echo service");
      client = vertx.createWebSocketClient(new WebSocketClientOptions().setTryUsePerMessageCompression(false));
      client.connect(options)
        .onFailure(connected::tryFail)
        .onSuccess(ws -> {
          socket = ws;
          ws.textMessageHandler(frame -> onText(frame, connected));
          ws.closeHandler(closed -> {
            if (disconnecting) {
              return;
            }
            problem = "service connection closed by the server after " + requestsAnswered + " requests, close code "
              + ws.closeStatusCode() + " \"" + ws.closeReason() + "\"; last connect frame: " + lastSystemFrame;
            connected.tryFail(problem);
          });
        });
    });
    return connected.future();
  }

  private void onText(String frame, Promise<Void> connected) {
    if (FrameText.isRequest(frame)) {
      requestsAnswered++;
      socket.writeTextMessage(FrameText.echoResponse(frame));
    } else if (FrameText.isConnectResult(frame)) {
      lastSystemFrame = frame;
      if (FrameText.isConnected(frame)) {
        connected.tryComplete();
      } else {
        problem = "service refused: " + frame;
        connected.tryFail(problem);
      }
    }
  }

  /** Starts sending notices at {@code plan.ratePerSecond()} from {@code plan.startNanos()} to its window's end. */
  Future<Void> beginNotices(LoadPlan plan) {
    Promise<Void> started = Promise.promise();
    context.runOnContext(ignored -> {
      this.plan = plan;
      noticesScheduled = 0;
      noticesInWindow = 0;
      timer = vertx.setPeriodic(Math.max(1, (plan.startNanos() - System.nanoTime()) / 1_000_000), 1,
        id -> sendDueNotices());
      started.complete();
    });
    return started.future();
  }

  private void sendDueNotices() {
    long now = System.nanoTime();
    double perNano = plan.ratePerSecond() / 1e9;
    while (true) {
      long scheduled = plan.startNanos() + (long) (noticesScheduled / perNano);
      if (scheduled - now > 0) {
        return;
      }
      if (scheduled - plan.measureEndNanos() >= 0) {
        vertx.cancelTimer(timer);
        timer = -1;
        return;
      }
      if (plan.inWindow(scheduled)) {
        noticesInWindow++;
      }
      socket.writeTextMessage(FrameText.notice(noticesScheduled, scheduled, plan.payload()));
      noticesScheduled++;
    }
  }

  /** Stops sending notices; completes with the number sent in the measured window. */
  Future<Long> finishNotices() {
    Promise<Long> done = Promise.promise();
    context.runOnContext(ignored -> {
      if (timer >= 0) {
        vertx.cancelTimer(timer);
        timer = -1;
      }
      done.complete(noticesInWindow);
    });
    return done.future();
  }

  Future<Long> requestsAnswered() {
    Promise<Long> done = Promise.promise();
    context.runOnContext(ignored -> done.complete(requestsAnswered));
    return done.future();
  }

  String problem() {
    return problem;
  }

  Future<Void> disconnect() {
    Promise<Void> done = Promise.promise();
    context.runOnContext(ignored -> {
      disconnecting = true;
      if (socket != null && !socket.isClosed()) {
        socket.close();
      }
      done.complete();
    });
    return done.future();
  }
}
