package dev.switchboard.testing;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A real HTTP server on 127.0.0.1 standing in for the app beside a tapr sidecar: it records every webhook
 * attempt (body and headers) and answers as the test says — 200 at once by default, or any status, or later.
 * Calls it answered with a 2xx are the delivered ones, queued in arrival order for the test to read.
 */
public final class TaprApp implements AutoCloseable {

  /** One webhook request as the app received it, the status it answered and when (epoch ms). */
  public record Call(JsonObject body, MultiMap headers, int answeredWith, long receivedAt) {
    public String action() {
      return body.getString("action");
    }

    public String connection() {
      return body.getString("conn_id");
    }

    public Object data() {
      return body.getValue("data");
    }

    public String cookie() {
      return headers.get("Cookie");
    }
  }

  private final HttpServer server;
  private final int port;
  private final List<Call> attempts = new CopyOnWriteArrayList<>();
  /** Delivered calls not yet taken by the test; guarded by itself. */
  private final java.util.LinkedList<Call> delivered = new java.util.LinkedList<>();
  private volatile Function<JsonObject, Future<Integer>> responder = body -> Future.succeededFuture(200);

  private TaprApp(HttpServer server) {
    this.server = server;
    this.port = server.actualPort();
  }

  /** Starts the app on a free loopback port; every webhook path is accepted. */
  public static TaprApp start(Vertx vertx) {
    TaprApp[] app = new TaprApp[1];
    HttpServer server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      JsonObject json = body.toJsonObject();
      long receivedAt = System.currentTimeMillis();
      MultiMap headers = MultiMap.caseInsensitiveMultiMap().addAll(request.headers()).add(":path", request.path())
        .add(":method", request.method().name());
      app[0].responder.apply(json).onComplete(status -> {
        int code = status.succeeded() ? status.result() : 500;
        Call call = new Call(json, headers, code, receivedAt);
        app[0].attempts.add(call);
        if (code >= 200 && code < 300) {
          app[0].deliver(call);
        }
        request.response().setStatusCode(code).end("{\"ignored\":true}");
      });
    }));
    try {
      app[0] = new TaprApp(server.listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS));
    } catch (Exception e) {
      throw new IllegalStateException("could not start the app", e);
    }
    return app[0];
  }

  public int port() {
    return port;
  }

  /** How the app answers from now on: a status per request body, possibly later. */
  public void respond(Function<JsonObject, Future<Integer>> responder) {
    this.responder = responder;
  }

  private void deliver(Call call) {
    synchronized (delivered) {
      delivered.add(call);
      delivered.notifyAll();
    }
  }

  /** The oldest delivered (2xx) call not taken yet; fails the test when none arrives in time. */
  public Call next() {
    return next(call -> true);
  }

  /**
   * The oldest delivered call that matches, waiting for one if needed; calls that do not match stay for later
   * (so waiting for one connection's call never loses another's).
   */
  public Call next(Predicate<Call> condition) {
    Call call = take(condition, TestSocket.WAIT.toMillis());
    if (call == null) {
      fail("no matching webhook within " + TestSocket.WAIT);
    }
    return call;
  }

  private Call take(Predicate<Call> condition, long millis) {
    long deadline = System.currentTimeMillis() + millis;
    synchronized (delivered) {
      while (true) {
        for (java.util.Iterator<Call> it = delivered.iterator(); it.hasNext(); ) {
          Call call = it.next();
          if (condition.test(call)) {
            it.remove();
            return call;
          }
        }
        long left = deadline - System.currentTimeMillis();
        if (left <= 0) {
          return null;
        }
        try {
          delivered.wait(left);
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
      }
    }
  }

  /** The next delivered call of one connection. */
  public Call nextOf(String connection) {
    return next(call -> connection.equals(call.connection()));
  }

  /** The next delivered {@code open}, whoever it is from. */
  public Call nextOpen() {
    return next(call -> "open".equals(call.action()));
  }

  /** Fails when a matching call is delivered (or already waiting) within {@code millis}. */
  public void expectNothing(Predicate<Call> condition, long millis) {
    Call call = take(condition, millis);
    if (call != null) {
      fail("unexpected webhook " + call.body().encode());
    }
  }

  /** Fails when a call of this connection is delivered (or already waiting) within {@code millis}. */
  public void expectNothingOf(String connection, long millis) {
    expectNothing(call -> connection.equals(call.connection()), millis);
  }

  /** Every attempt so far, answered or not, in the order they were answered. */
  public List<Call> attempts() {
    return new ArrayList<>(attempts);
  }

  /** Forgets what was received (between tests sharing one app). */
  public void reset() {
    synchronized (delivered) {
      delivered.clear();
    }
    attempts.clear();
    responder = body -> Future.succeededFuture(200);
  }

  @Override
  public void close() {
    try {
      server.close().await(5, TimeUnit.SECONDS);
    } catch (Exception ignored) {
      // already closed
    }
  }
}
