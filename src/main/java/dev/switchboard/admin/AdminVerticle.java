package dev.switchboard.admin;

import dev.switchboard.NodeState;
import dev.switchboard.bus.NodeIdentity;
import dev.switchboard.cluster.ClusterMembership;
import dev.switchboard.config.SwitchboardConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The API port ({@code api.port}): health now; the server API, metrics and dashboard are added here too.
 * External tools wait for {@code GET /health/ready} to answer 200 before using a node (SPEC §7).
 */
public final class AdminVerticle extends VerticleBase {

  private final SwitchboardConfig config;
  private final NodeIdentity node;
  private final NodeState state;
  private HttpServer server;

  public AdminVerticle(SwitchboardConfig config, NodeIdentity node, NodeState state) {
    this.config = config;
    this.node = node;
    this.state = state;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.get("/health/live").handler(this::live);
    router.get("/health/ready").handler(this::ready);
    router.route().last().handler(context -> json(context.response(), 404,
      new JsonObject().put("code", "NOT_FOUND").put("message", "no such endpoint: " + context.request().path())));
    server = vertx.createHttpServer();
    return server.requestHandler(router).listen(config.api().port(), config.api().host());
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  private void live(RoutingContext context) {
    json(context.response(), 200, new JsonObject().put("status", "UP").put("node", node.id()));
  }

  private void ready(RoutingContext context) {
    boolean listening = state.isListening();
    boolean joined = ClusterMembership.isJoined(vertx);
    boolean draining = state.isDraining();
    boolean ready = listening && joined && !draining;
    json(context.response(), ready ? 200 : 503, new JsonObject()
      .put("status", ready ? "UP" : "DOWN")
      .put("node", node.id())
      .put("checks", new JsonObject()
        .put("listening", listening)
        .put("clustered", vertx.isClustered())
        .put("joined", joined)
        .put("draining", draining)));
  }

  private static void json(HttpServerResponse response, int status, JsonObject body) {
    response.setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
  }
}
