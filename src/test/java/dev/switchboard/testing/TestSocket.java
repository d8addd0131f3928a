package dev.switchboard.testing;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A real WebSocket client for tests: connects with the given headers, queues every text frame it receives
 * as JSON, and lets the test wait for frames and for the close with plain blocking calls.
 */
public final class TestSocket implements AutoCloseable {

  public static final Duration WAIT = Duration.ofSeconds(20);

  private final WebSocketClient client;
  private final WebSocket socket;
  private final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
  private final CompletableFuture<Short> closed = new CompletableFuture<>();

  private TestSocket(WebSocketClient client, WebSocket socket) {
    // Held so the client stays reachable: Vert.x closes an unreachable client and its connections.
    this.client = client;
    this.socket = socket;
    socket.textMessageHandler(text -> frames.add(new JsonObject(text)));
    socket.closeHandler(ignored -> closed.complete(socket.closeStatusCode()));
  }

  public static TestSocket connect(Vertx vertx, int port, String uri, MultiMap headers) {
    WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxFrameSize(4 << 20)
      .setMaxMessageSize(4 << 20));
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI(uri);
    // Like a non-browser peer: no Origin header unless the test sets one.
    options.setAllowOriginHeader(false);
    if (headers != null) {
      headers.forEach(options::addHeader);
    }
    try {
      return WebSocketConnect.connect(vertx, client, options, socket -> new TestSocket(client, socket))
        .await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("could not connect to " + uri, e);
    }
  }

  public void send(JsonObject frame) {
    sendText(frame.encode());
  }

  public void sendText(String text) {
    await(socket.writeTextMessage(text));
  }

  public void sendBinary(Buffer data) {
    await(socket.writeBinaryMessage(data));
  }

  /** The next frame; fails the test when none arrives in time. */
  public JsonObject next() {
    try {
      JsonObject frame = frames.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      assertNotNull(frame, "no frame arrived within " + WAIT);
      return frame;
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The next frame that matches, skipping others (such as pushed link counts); fails when none arrives. */
  public JsonObject next(Predicate<JsonObject> condition) {
    long deadline = System.currentTimeMillis() + WAIT.toMillis();
    try {
      while (true) {
        long left = deadline - System.currentTimeMillis();
        JsonObject frame = left > 0 ? frames.poll(left, TimeUnit.MILLISECONDS) : null;
        if (frame == null) {
          fail("no matching frame arrived within " + WAIT);
        }
        if (condition.test(frame)) {
          return frame;
        }
      }
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A frame that is not a pushed {@code communicationLinkCount}. */
  public JsonObject nextMessage() {
    return next(frame -> !(frame.getValue("id") == null && "communicationLinkCount".equals(frame.getString("method"))));
  }

  /** Waits until no frame but pushed link counts arrives for {@code millis}; fails if another one does. */
  public void expectSilence(long millis) {
    long deadline = System.currentTimeMillis() + millis;
    try {
      while (true) {
        long left = deadline - System.currentTimeMillis();
        if (left <= 0) {
          return;
        }
        JsonObject frame = frames.poll(left, TimeUnit.MILLISECONDS);
        if (frame != null && !"communicationLinkCount".equals(frame.getString("method"))) {
          fail("unexpected frame " + frame.encode());
        }
      }
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The close status code the broker sent; fails when the socket does not close in time. */
  public short awaitClose() {
    try {
      Short code = closed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      return code == null ? -1 : code;
    } catch (Exception e) {
      throw new AssertionError("the socket did not close within " + WAIT, e);
    }
  }

  public boolean isClosed() {
    return socket.isClosed();
  }

  @Override
  public void close() {
    try {
      if (!socket.isClosed()) {
        socket.close().await(5, TimeUnit.SECONDS);
      }
      client.close().await(5, TimeUnit.SECONDS);
    } catch (Exception ignored) {
      // already going away
    }
  }

  private static void await(io.vertx.core.Future<?> future) {
    try {
      future.await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
