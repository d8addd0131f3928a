package dev.switchboard.tools;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A terminal peer for the sync dialect, for trying a broker by hand (README walkthrough): connects as a
 * client or a service, prints every frame it receives, and sends every line typed (or piped) on stdin.
 * <pre>
 *   java -cp target/switchboard.jar dev.switchboard.tools.SyncConsole client [ws://127.0.0.1:3207/sync/server]
 *   java -cp target/switchboard.jar dev.switchboard.tools.SyncConsole service ID [NAME] [URL]
 * </pre>
 * After stdin ends it waits {@code -Dlinger=1000} ms for answers, then closes.
 */
public final class SyncConsole {

  private static final String DEFAULT_URL = "ws://127.0.0.1:3207/sync/server";

  private SyncConsole() {
  }

  public static void main(String[] args) throws Exception {
    if (args.length == 0 || !(args[0].equals("client") || args[0].equals("service"))
      || (args[0].equals("service") && args.length < 2)) {
      System.err.println("usage: SyncConsole client [URL] | SyncConsole service ID [NAME] [URL]");
      System.exit(2);
    }
    boolean service = args[0].equals("service");
    String url = service ? (args.length > 3 ? args[3] : DEFAULT_URL) : (args.length > 1 ? args[1] : DEFAULT_URL);
    java.net.URI target = java.net.URI.create(url);
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(target.getHost())
      .setPort(target.getPort() > 0 ? target.getPort() : 80).setSsl("wss".equals(target.getScheme()))
      .setURI(target.getRawPath() + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery()))
      .setAllowOriginHeader(false)
      .addHeader("websocket-accept-sign", args[0]);
    if (service) {
      options.addHeader("websocket-accept-sign-id", args[1]);
      options.addHeader("websocket-accept-sign-name", args.length > 2 ? args[2] : args[1]);
    }
    String token = System.getProperty("token");
    if (token != null) {
      options.addHeader("websocket-accept-sign-token", token);
    }
    Vertx vertx = Vertx.vertx();
    CountDownLatch closed = new CountDownLatch(1);
    // Keep the client referenced: Vert.x closes an unreachable client and with it its connections.
    WebSocketClient client = vertx.createWebSocketClient();
    WebSocket socket;
    try {
      socket = client.connect(options).map(ws -> {
        ws.textMessageHandler(text -> System.out.println("<< " + text));
        ws.endHandler(ignored -> {
          System.out.println("-- closed " + ws.closeStatusCode() + " " + ws.closeReason());
          closed.countDown();
        });
        return ws;
      }).await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      System.err.println("could not connect to " + url + ": " + e.getMessage());
      vertx.close();
      System.exit(1);
      return;
    }
    BufferedReader input = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = input.readLine()) != null && closed.getCount() > 0) {
      if (!line.isBlank()) {
        socket.writeTextMessage(line);
      }
    }
    closed.await(Long.getLong("linger", 1000), TimeUnit.MILLISECONDS);
    socket.close();
    client.close();
    vertx.close().await(5, TimeUnit.SECONDS);
  }
}
