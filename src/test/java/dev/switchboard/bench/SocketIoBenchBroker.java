package dev.switchboard.bench;

import dev.switchboard.Main;
import dev.switchboard.bus.Envelope;
import dev.switchboard.dialect.socketio.SocketIoEndpoint;
import dev.switchboard.dialect.socketio.SocketIoEndpoints;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;

/**
 * The broker of the socket.io benchmark when its server API cannot emit to socket.io rooms yet ({@code POST
 * /api/send} answers 501 until the socket.io sender is wired in): the real broker ({@link Main}, the same
 * arguments as {@code java -jar}) plus {@code POST /emit {"room","event","args"}} on {@code -Dbench.emitPort},
 * which calls {@link SocketIoEndpoint#emit} — what {@code /api/send} calls for a room — and answers
 * {@code {"reached":N}}. The benchmark uses {@code /api/send} itself whenever it works.
 */
public final class SocketIoBenchBroker {

  private SocketIoBenchBroker() {
  }

  public static void main(String[] args) {
    String nodeId = System.getProperty("bench.nodeId");
    int port = Integer.getInteger("bench.emitPort");
    // One event loop of its own, like the API verticle's; the emit hops to the endpoint's loop.
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      SocketIoEndpoint endpoint = SocketIoEndpoints.any(nodeId);
      if (endpoint == null) {
        request.response().setStatusCode(503).end("{\"message\":\"socket.io is not running yet\"}");
        return;
      }
      JsonObject emit = body.toJsonObject();
      endpoint.emit("/", new Envelope.Target(Envelope.TargetKind.ROOM, emit.getString("room")),
          emit.getString("event"), emit.getJsonArray("args").encode(), null)
        .onSuccess(result -> request.response().putHeader("Content-Type", "application/json")
          .end(result.toJson().encode()))
        .onFailure(failure -> request.response().setStatusCode(400).end(new JsonObject()
          .put("message", String.valueOf(failure.getMessage())).encode()));
    })).listen(port, "127.0.0.1");
    Main.main(args);
  }
}
