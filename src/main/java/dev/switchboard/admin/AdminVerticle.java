package dev.switchboard.admin;

import dev.switchboard.NodeState;
import dev.switchboard.NodeStats;
import dev.switchboard.bus.NodeIdentity;
import dev.switchboard.cluster.ClusterMembership;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.gateway.Gateway;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The API port ({@code api.port}, SPEC §5): health ({@code /health/live}, {@code /health/ready}), Prometheus
 * metrics ({@code /metrics}) and the server API under {@code /api} (bearer token; nodes, connections, send, rooms,
 * stats, its OpenAPI document) and the web dashboard under {@code /admin/}. Also starts this node's
 * {@link NodeApiResponder}, through which the API of any node reaches this node's connections. One per node,
 * deployed by {@code MainVerticle}. External tools wait for {@code GET /health/ready} to answer 200 before using a
 * node (SPEC §7).
 */
public final class AdminVerticle extends VerticleBase {

  private static final System.Logger LOG = System.getLogger(AdminVerticle.class.getName());

  private final SwitchboardConfig config;
  private final NodeIdentity node;
  private final NodeState state;
  private final NodeStats stats;
  private final List<Gateway> gateways;
  private final List<String> routes = new ArrayList<>();
  private NodeApiResponder responder;
  private HttpServer server;

  public AdminVerticle(SwitchboardConfig config, NodeIdentity node, NodeState state, NodeStats stats,
                       List<Gateway> gateways) {
    this.config = config;
    this.node = node;
    this.state = state;
    this.stats = stats;
    this.gateways = List.copyOf(gateways);
  }

  @Override
  public Future<?> start() {
    NodeConnections connections = new NodeConnections(vertx, node, gateways);
    NodeReport report = new NodeReport(vertx, config, node, state, stats);
    responder = new NodeApiResponder(vertx, node, connections, report);
    PrometheusMeterRegistry registry = PrometheusMetrics.registryOf(vertx);
    if (registry == null) {
      LOG.log(System.Logger.Level.INFO, "Vert.x metrics are off in this Vert.x instance: /metrics shows "
        + "Switchboard's own meters only");
      registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }
    MetricsResource metrics = new MetricsResource(registry,
      SwitchboardMeters.bind(registry, stats, node.id(), report, connections));
    OpenApiResource openApi = new OpenApiResource();
    DashboardResource dashboard = new DashboardResource();
    Future<String> token = ApiToken.resolve(vertx, config.api().token(), node);
    return Future.all(responder.start(), openApi.load(vertx), dashboard.load(vertx), token)
      .compose(ignored -> {
        Router router = router(new ClusterNodes(vertx), metrics, openApi, dashboard, token.result());
        server = vertx.createHttpServer();
        return server.requestHandler(router).listen(config.api().port(), config.api().host());
      });
  }

  @Override
  public Future<?> stop() {
    List<Future<?>> stopping = new ArrayList<>();
    if (responder != null) {
      stopping.add(responder.stop());
    }
    if (server != null) {
      stopping.add(server.close());
    }
    return Future.join(stopping);
  }

  /** Every route of the API port as {@code METHOD path} (Vert.x path syntax), for the test that holds the OpenAPI document to it. */
  public List<String> routes() {
    return List.copyOf(routes);
  }

  private Router router(ClusterNodes nodes, MetricsResource metrics, OpenApiResource openApi,
                        DashboardResource dashboard, String token) {
    ConnectionsResource connections = new ConnectionsResource(nodes);
    SocketIoApi socketIo = new SocketIoApi(node, nodes);
    SendResource send = new SendResource(config, Map.of(
      "sync", new SyncNoticeSender(nodes),
      "push", new PushMessageSender(vertx, node, nodes),
      "socketio", socketIo,
      "tapr", new TaprPayloadSender(nodes)));
    RoomsResource rooms = new RoomsResource(config, socketIo);
    // The token is checked before a body is read: an unauthenticated caller cannot make the node buffer one.
    BodyHandler bodies = BodyHandler.create(false).setBodyLimit(config.api().maxBodyBytes());

    Router router = Router.router(vertx);
    router.get("/health/live").handler(this::live);
    router.get("/health/ready").handler(this::ready);
    router.get("/metrics").handler(metrics::scrape);
    // The dashboard's files are public; the data it shows comes from /api with the token the user enters.
    router.get("/admin").handler(dashboard::page);
    router.get("/admin/").handler(dashboard::page);
    router.get("/admin/:file").handler(dashboard::file);
    router.route("/api/*").handler(new BearerTokenHandler(token));
    router.get("/api/openapi.yaml").handler(openApi::serve);
    router.get("/api/nodes").handler(new NodesResource(nodes)::list);
    router.get("/api/connections").handler(connections::list);
    router.get("/api/connections/:id").handler(connections::get);
    router.delete("/api/connections/:id").handler(connections::close);
    router.post("/api/send").handler(bodies).handler(send::send);
    router.post("/api/rooms/join").handler(bodies).handler(rooms::join);
    router.post("/api/rooms/leave").handler(bodies).handler(rooms::leave);
    router.get("/api/stats").handler(new StatsResource(nodes)::get);

    router.errorHandler(404, context -> ApiResponses.error(context, 404, "NOT_FOUND",
      "no such endpoint: " + context.request().method() + " " + context.request().path()));
    router.errorHandler(405, context -> ApiResponses.error(context, 405, "METHOD_NOT_ALLOWED",
      context.request().method() + " is not allowed on " + context.request().path()));
    router.errorHandler(413, context -> ApiResponses.error(context, 413, "PAYLOAD_TOO_LARGE",
      "the body is larger than api.maxBodyBytes (" + config.api().maxBodyBytes() + " bytes)"));
    router.errorHandler(400, context -> ApiResponses.error(context, 400, "INVALID_BODY", "the request could not be read"));
    router.errorHandler(500, context -> ApiResponses.fail(context, context.failure() == null
      ? new IllegalStateException("unknown failure") : context.failure()));

    for (Route route : router.getRoutes()) {
      if (route.methods() != null && !route.methods().isEmpty()) {
        route.methods().forEach(method -> routes.add(method.name() + " " + route.getPath()));
      }
    }
    return router;
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
