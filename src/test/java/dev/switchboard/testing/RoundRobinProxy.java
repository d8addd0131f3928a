package dev.switchboard.testing;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A small load balancer without sticky sessions, in front of several nodes' public ports on loopback: every HTTP
 * request goes to the next node in turn (a new connection each), every WebSocket upgrade to the port a test-given
 * rule picks, its frames and close piped both ways. Lets a test prove that polling and upgrades work whichever
 * node they land on.
 */
public final class RoundRobinProxy implements AutoCloseable {

  private final HttpServer server;
  // Referenced for the proxy's life: Vert.x 5 closes clients nobody holds.
  private final HttpClient http;
  private final WebSocketClient webSocketClient;
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger webSockets = new AtomicInteger();

  private RoundRobinProxy(Vertx vertx, int[] ports, Function<String, Integer> webSocketPort) throws Exception {
    http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false));
    webSocketClient = vertx.createWebSocketClient();
    server = vertx.createHttpServer()
      .requestHandler(request -> request.body()
        .compose(body -> http.request(request.method(), ports[requests.getAndIncrement() % ports.length],
          "127.0.0.1", request.uri()).compose(out -> {
            String type = request.getHeader("Content-Type");
            if (type != null) {
              out.putHeader("Content-Type", type);
            }
            return out.send(body);
          }))
        .compose(response -> response.body().map(answer -> {
          request.response().setStatusCode(response.statusCode());
          String type = response.getHeader("Content-Type");
          if (type != null) {
            request.response().putHeader("Content-Type", type);
          }
          return request.response().end(answer);
        }))
        .onFailure(failure -> request.response().setStatusCode(502).end(String.valueOf(failure))))
      .webSocketHandler(inbound -> pipe(inbound, webSocketPort.apply(inbound.uri())))
      .listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
  }

  /**
   * @param webSocketPort picks the port of an upgrade from its URI (with the query)
   */
  public static RoundRobinProxy start(Vertx vertx, int[] ports, Function<String, Integer> webSocketPort) {
    try {
      return new RoundRobinProxy(vertx, ports, webSocketPort);
    } catch (Exception e) {
      throw new IllegalStateException("could not start the proxy", e);
    }
  }

  private void pipe(ServerWebSocket inbound, int port) {
    webSockets.incrementAndGet();
    inbound.pause();
    webSocketClient.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI(inbound.uri()))
      .onSuccess(outbound -> {
        inbound.textMessageHandler(outbound::writeTextMessage);
        inbound.binaryMessageHandler(outbound::writeBinaryMessage);
        outbound.textMessageHandler(inbound::writeTextMessage);
        outbound.binaryMessageHandler(inbound::writeBinaryMessage);
        inbound.closeHandler(ignored -> outbound.close());
        outbound.closeHandler(ignored -> {
          Short code = outbound.closeStatusCode();
          inbound.close(code == null ? (short) 1000 : code);
        });
        inbound.resume();
      })
      .onFailure(refused -> inbound.close((short) 1011));
  }

  public int port() {
    return server.actualPort();
  }

  /** HTTP requests passed on so far. */
  public int requests() {
    return requests.get();
  }

  /** WebSocket upgrades passed on so far. */
  public int webSockets() {
    return webSockets.get();
  }

  @Override
  public void close() throws Exception {
    server.close().await(5, TimeUnit.SECONDS);
  }
}
