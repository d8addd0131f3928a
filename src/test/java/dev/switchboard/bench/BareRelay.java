package dev.switchboard.bench;

import dev.switchboard.NativeTransport;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.internal.VertxInternal;

import java.util.ArrayList;
import java.util.List;

/**
 * The baseline the benchmark divides by: a bare Vert.x WebSocket relay with no broker logic, started as its
 * own JVM ({@code BareRelay --port P}). It speaks just enough of the sync dialect for the same load
 * generator to work — the {@code connected} frame, client frames passed verbatim to the one service, service
 * responses routed back by the client index the generator writes into the id ({@code "id":"c12-345"}) found
 * without a JSON parser, notices to every client — and it serves {@code GET /health/ready}. Like the broker it
 * runs one server verticle per event loop with the same server options and hops between loops where it must.
 */
public final class BareRelay {

  private BareRelay() {
  }

  public static void main(String[] args) {
    int port = 0;
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (args[i].equals("--port")) {
        port = Integer.parseInt(args[i + 1]);
      } else {
        throw new IllegalArgumentException("unknown option " + args[i] + " (usage: BareRelay --port P)");
      }
    }
    if (port <= 0) {
      throw new IllegalArgumentException("usage: BareRelay --port P");
    }
    // The broker's transport (native epoll where it loads), or the ratio would compare transports, not code.
    Vertx vertx = Vertx.vertx(NativeTransport.prefer(new VertxOptions()));
    RelayRoutes routes = new RelayRoutes();
    int loops = 0;
    for (var ignored : ((VertxInternal) vertx).nettyEventLoopGroup()) {
      loops++;
    }
    List<io.vertx.core.Future<?>> deployments = new ArrayList<>();
    for (int i = 0; i < loops; i++) {
      deployments.add(vertx.deployVerticle(new RelayVerticle(port, routes)));
    }
    int instances = loops;
    int listening = port;
    io.vertx.core.Future.all(deployments).onComplete(result -> {
      if (result.failed()) {
        result.cause().printStackTrace();
        System.exit(1);
      }
      System.out.println("bare relay listening on 127.0.0.1:" + listening + " with " + instances + " event loops");
    });
  }
}
