package dev.switchboard.testing;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A real tapr WebSocket client for tests: connects to {@code /ws} with the headers (user, cookies, user agent,
 * subprotocols) a browser behind the Olares proxy would send, keeps every text frame it receives as raw text
 * (tapr payloads may be any JSON value), and lets the test wait for frames and for the close.
 */
public final class TaprClient implements AutoCloseable {

  public static final String PATH = "/ws";
  public static final String PING = "{\"event\":\"ping\",\"data\":{}}";
  private static final long WAIT_MS = TestSocket.WAIT.toMillis();

  private final WebSocketClient client;
  private final WebSocket socket;
  private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
  private final CompletableFuture<Short> closed = new CompletableFuture<>();

  private TaprClient(WebSocketClient client, WebSocket socket) {
    // Held so the client stays reachable: Vert.x closes an unreachable client and its connections.
    this.client = client;
    this.socket = socket;
    socket.textMessageHandler(frames::add);
    socket.closeHandler(ignored -> closed.complete(socket.closeStatusCode()));
  }

  /** Headers of a user behind the proxy: the user header, and a cookie with {@code auth_token} when given. */
  public static MultiMap headers(String user, String authToken) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    if (user != null) {
      headers.add("X-Bfl-User", user);
    }
    if (authToken != null) {
      headers.add("Cookie", "theme=dark; auth_token=" + authToken + "; lang=en");
    }
    return headers;
  }

  public static TaprClient connect(Vertx vertx, int port, MultiMap headers) {
    return connect(vertx, port, PATH, headers);
  }

  public static TaprClient connect(Vertx vertx, int port, String path, MultiMap headers) {
    WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxFrameSize(4 << 20)
      .setMaxMessageSize(4 << 20));
    try {
      return WebSocketConnect.connect(vertx, client, options(port, path, headers),
        socket -> new TaprClient(client, socket)).await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      client.close();
      throw new IllegalStateException("could not connect to " + path, e);
    }
  }

  /** Tries to connect and expects the upgrade to be refused; returns the HTTP status of the refusal. */
  public static int refusedStatus(Vertx vertx, int port, MultiMap headers) {
    WebSocketClient client = vertx.createWebSocketClient();
    try {
      start(client, options(port, PATH, headers)).await(10, TimeUnit.SECONDS);
      fail("the upgrade was accepted");
      return -1;
    } catch (UpgradeRejectedException rejected) {
      return rejected.getStatus();
    } catch (Exception e) {
      throw new AssertionError("the upgrade failed without an HTTP refusal", e);
    } finally {
      client.close();
    }
  }

  private static WebSocketConnectOptions options(int port, String path, MultiMap headers) {
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI(path);
    options.setAllowOriginHeader(false);
    if (headers != null) {
      headers.forEach(header -> {
        if (header.getKey().equalsIgnoreCase("Sec-WebSocket-Protocol")) {
          options.addSubProtocol(header.getValue());
        } else {
          options.addHeader(header.getKey(), header.getValue());
        }
      });
    }
    return options;
  }

  private static Future<WebSocket> start(WebSocketClient client, WebSocketConnectOptions options) {
    return client.connect(options);
  }

  public void send(String text) {
    await(socket.writeTextMessage(text));
  }

  public void send(JsonObject frame) {
    send(frame.encode());
  }

  public void sendBinary(Buffer data) {
    await(socket.writeBinaryMessage(data));
  }

  /** A tapr ping, {@code {"event":"ping","data":{}}}. */
  public void ping() {
    send(PING);
  }

  /** A WebSocket-level ping (which tapr does not count). */
  public void transportPing() {
    await(socket.writePing(Buffer.buffer("t")));
  }

  /** The next text frame; fails the test when none arrives in time. */
  public String nextText() {
    try {
      String frame = frames.poll(WAIT_MS, TimeUnit.MILLISECONDS);
      assertNotNull(frame, "no frame arrived within " + WAIT_MS + " ms");
      return frame;
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The next text frame, decoded (an object, array, string, number...). */
  public Object nextJson() {
    return Json.decodeValue(nextText());
  }

  public JsonObject nextObject() {
    return new JsonObject(nextText());
  }

  /** Fails when any frame arrives within {@code millis}. */
  public void expectSilence(long millis) {
    try {
      String frame = frames.poll(millis, TimeUnit.MILLISECONDS);
      if (frame != null) {
        fail("unexpected frame " + frame);
      }
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The close status code the broker sent; fails when the socket does not close in time. */
  public short awaitClose() {
    return awaitClose(WAIT_MS);
  }

  public short awaitClose(long millis) {
    try {
      Short code = closed.get(millis, TimeUnit.MILLISECONDS);
      return code == null ? -1 : code;
    } catch (Exception e) {
      throw new AssertionError("the socket did not close within " + millis + " ms", e);
    }
  }

  public boolean isClosed() {
    return closed.isDone() || socket.isClosed();
  }

  /** The subprotocol the server echoed, or {@code null}. */
  public String subProtocol() {
    return socket.subProtocol();
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

  private static void await(Future<?> future) {
    try {
      future.await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
