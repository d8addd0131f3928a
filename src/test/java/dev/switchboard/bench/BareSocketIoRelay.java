package dev.switchboard.bench;

import dev.switchboard.NativeTransport;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.internal.VertxInternal;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The floor of the socket.io ack benchmark: the least a Vert.x server can do for one round trip, started as its
 * own JVM ({@code BareSocketIoRelay --port P --app-url URL}) with the broker's flags and transport. It speaks
 * just enough Engine.IO / Socket.IO for the benchmark's clients (the open packet, the namespace CONNECT after the
 * app's {@code open} webhook, nothing else checked) and turns each {@code 42<id>["bench",args...]} into the
 * {@code message} webhook and the app's {@code {"ack":[...]}} into {@code 43<id>[...]}, by string slicing, without
 * JSON parsing, queues or retries. What is left of a round trip here is the clients, the app, the kernel and the
 * machine: a server can only add to it. One verticle per event loop, like the broker; {@code GET /health/ready}.
 */
public final class BareSocketIoRelay extends AbstractVerticle {

  private static final AtomicLong IDS = new AtomicLong();

  private final int port;
  private final URI app;
  private HttpClient client;

  private BareSocketIoRelay(int port, URI app) {
    this.port = port;
    this.app = app;
  }

  public static void main(String[] args) {
    int port = 0;
    URI app = null;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--port" -> port = Integer.parseInt(args[i + 1]);
        case "--app-url" -> app = URI.create(args[i + 1]);
        default -> throw new IllegalArgumentException("usage: BareSocketIoRelay --port P --app-url URL");
      }
    }
    if (port <= 0 || app == null) {
      throw new IllegalArgumentException("usage: BareSocketIoRelay --port P --app-url URL");
    }
    Vertx vertx = Vertx.vertx(NativeTransport.prefer(new VertxOptions()));
    List<Future<?>> deployments = new ArrayList<>();
    for (var ignored : ((VertxInternal) vertx).nettyEventLoopGroup()) {
      deployments.add(vertx.deployVerticle(new BareSocketIoRelay(port, app)));
    }
    int listening = port;
    Future.all(deployments).onComplete(result -> {
      if (result.failed()) {
        result.cause().printStackTrace();
        System.exit(1);
      }
      System.out.println("bare socket.io relay on 127.0.0.1:" + listening + ", " + deployments.size()
        + " event loops, native transport " + vertx.isNativeTransportEnabled());
    });
  }

  @Override
  public void start(Promise<Void> started) {
    client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
      new PoolOptions().setHttp1MaxSize(32));
    vertx.createHttpServer().webSocketHandler(this::socket).requestHandler(request -> {
      if (request.path().equals("/health/ready")) {
        request.response().end("{\"status\":\"UP\"}");
      } else {
        request.response().setStatusCode(404).end();
      }
    }).listen(port, "127.0.0.1").<Void>mapEmpty().onComplete(started);
  }

  private void socket(ServerWebSocket socket) {
    String sid = "bare" + IDS.incrementAndGet();
    socket.writeTextMessage("0{\"sid\":\"" + sid + "\",\"upgrades\":[],\"pingInterval\":25000,"
      + "\"pingTimeout\":20000,\"maxPayload\":1000000}");
    socket.textMessageHandler(text -> {
      if (text.startsWith("40")) {
        call("{\"action\":\"open\",\"dialect\":\"socketio\",\"conn_id\":\"" + sid + "\",\"data\":{\"namespace\":\"/\"}}")
          .onSuccess(reply -> socket.writeTextMessage("40{\"sid\":\"" + sid + "\"}"));
      } else if (text.startsWith("42")) {
        int open = text.indexOf('[');
        String ackId = text.substring(2, open);
        // ["bench",{...}] → the arguments after the event name: [{...}]
        String args = "[" + text.substring(text.indexOf(',', open) + 1);
        call("{\"action\":\"message\",\"dialect\":\"socketio\",\"conn_id\":\"" + sid
          + "\",\"data\":{\"namespace\":\"/\",\"event\":\"bench\",\"args\":" + args + "}}").onSuccess(reply -> {
            String body = reply.toString();
            int ack = body.indexOf('[', body.indexOf("\"ack\""));
            if (!ackId.isEmpty() && ack > 0) {
              socket.writeTextMessage("43" + ackId + body.substring(ack, body.lastIndexOf(']') + 1));
            }
          });
      }
    });
    socket.closeHandler(closed -> call("{\"action\":\"close\",\"dialect\":\"socketio\",\"conn_id\":\"" + sid
      + "\",\"data\":{\"namespace\":\"/\",\"reason\":\"transport close\"}}"));
  }

  private Future<Buffer> call(String body) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost(app.getHost())
      .setPort(app.getPort()).setURI(app.getPath()).putHeader("Content-Type", "application/json");
    return client.request(options).compose(request -> request.send(Buffer.buffer(body))
      .compose(response -> response.body()));
  }
}
