package dev.switchboard.gateway;

import dev.switchboard.testing.TestResources;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The direct write queue on a WebSocket of a strict-thread-mode server, as the gateway runs it: it is installed
 * (this fails when a Vert.x upgrade moves what it replaces), and writes still honour back-pressure — a writer that
 * waits for the drain handler whenever the queue is full gets every byte through to a client that stops reading
 * for a while, in order.
 */
class DirectWriteQueueTest {

  private static final int FRAME_BYTES = 64 * 1024;
  private static final int FRAMES = 64;

  private Vertx vertx;
  private HttpServer server;
  private WebSocketClient client;
  private final CompletableFuture<Boolean> installed = new CompletableFuture<>();
  private final AtomicInteger drains = new AtomicInteger();

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    server = vertx.createHttpServer(new HttpServerOptions().setStrictThreadMode(true))
      .webSocketHandler(socket -> {
        DirectWriteQueue.install(socket);
        installed.complete(DirectWriteQueue.isInstalled(socket));
        socket.setWriteQueueMaxSize(2 * FRAME_BYTES);
        writeFrom(socket, 0);
      })
      .listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    client = vertx.createWebSocketClient();
  }

  @AfterEach
  void stop() throws Exception {
    TestResources.closeAll(vertx);
  }

  /** Frame {@code n} on: frame i is FRAME_BYTES bytes of value i; stops at a full queue until it drains. */
  private void writeFrom(ServerWebSocket socket, int n) {
    for (int i = n; i < FRAMES; i++) {
      if (socket.writeQueueFull()) {
        int next = i;
        socket.drainHandler(drained -> {
          drains.incrementAndGet();
          writeFrom(socket, next);
        });
        return;
      }
      byte[] frame = new byte[FRAME_BYTES];
      Arrays.fill(frame, (byte) i);
      socket.writeBinaryMessage(Buffer.buffer(frame));
    }
  }

  @Test
  void itIsInstalledAndBackPressureStillHolds() throws Exception {
    CompletableFuture<String> received = new CompletableFuture<>();
    AtomicInteger frames = new AtomicInteger();
    WebSocket socket = client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(server.actualPort())
      .setURI("/")).map(connected -> {
        // A client that reads nothing for a while: the server's buffers fill up.
        connected.pause();
        vertx.setTimer(300, resume -> connected.resume());
        connected.binaryMessageHandler(frame -> {
          int index = frames.getAndIncrement();
          if (frame.length() != FRAME_BYTES || frame.getByte(0) != (byte) index
            || frame.getByte(FRAME_BYTES - 1) != (byte) index) {
            received.complete("frame " + index + " came wrong: " + frame.length() + " bytes of " + frame.getByte(0));
          } else if (index == FRAMES - 1) {
            received.complete("all");
          }
        });
        return connected;
      }).await(10, TimeUnit.SECONDS);
    assertTrue(installed.get(10, TimeUnit.SECONDS), "the WebSocket writes through the direct queue");
    assertEquals("all", received.get(20, TimeUnit.SECONDS));
    assertTrue(drains.get() > 0, "the writer had to wait for a drain at least once");
    socket.close().await(5, TimeUnit.SECONDS);
  }
}
