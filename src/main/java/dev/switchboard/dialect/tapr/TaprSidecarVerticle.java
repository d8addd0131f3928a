package dev.switchboard.dialect.tapr;

import dev.switchboard.bus.Addresses;
import dev.switchboard.bus.Envelope;
import dev.switchboard.bus.NodeIdentity;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.routing.ClusterQuery;
import dev.switchboard.routing.EnvelopeRouter;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.ArrayList;
import java.util.List;

/**
 * The tapr sidecar API for the app beside the broker (SPEC §4), on {@code tapr.sidecar.host:port}
 * (127.0.0.1:40010 by default): send to connections, close them, list them — acting on the connections of
 * every node of the cluster. Sends and closes become envelopes (one to the owning instance for a connection,
 * one publish per user or for all) that {@link TaprEndpoint} carries out; the list asks every member's
 * sidecar for its node's connections ({@link ClusterQuery}) and answers when all have answered or timed out.
 * Errors are JSON {@code {code,message}} with the same code as the HTTP status. One per node, deployed by
 * {@code MainVerticle}.
 */
public final class TaprSidecarVerticle extends VerticleBase {

  public static final String SEND_PATH = "/tapr/ws/conn/send";
  public static final String CLOSE_PATH = "/tapr/ws/conn/close";
  public static final String LIST_PATH = "/tapr/ws/conn/list";
  /** How long the list waits for another node; a hung node costs one list call this long, not more. */
  static final long LIST_TIMEOUT_MS = 1500;

  private static final System.Logger LOG = System.getLogger(TaprSidecarVerticle.class.getName());

  private final SwitchboardConfig config;
  private final NodeIdentity node;
  private EnvelopeRouter envelopes;
  private ClusterQuery clusterQuery;
  private TaprConnectionDirectory directory;
  private MessageConsumer<Object> listing;
  private HttpServer server;

  public TaprSidecarVerticle(SwitchboardConfig config, NodeIdentity node) {
    this.config = config;
    this.node = node;
  }

  @Override
  public Future<?> start() {
    directory = TaprConnectionDirectory.of(vertx, node.id());
    // The sidecar owns no connections: instance -1 never names a gateway instance.
    envelopes = new EnvelopeRouter(vertx, node, -1);
    clusterQuery = new ClusterQuery(vertx, LIST_TIMEOUT_MS);
    listing = vertx.eventBus().consumer(Addresses.taprConnectionsOf(node.memberId()),
      message -> message.reply(directory.toJson()));

    BodyHandler bodies = BodyHandler.create(false).setBodyLimit(config.api().maxBodyBytes());
    Router router = Router.router(vertx);
    router.post(SEND_PATH).handler(bodies).handler(this::send);
    router.post(CLOSE_PATH).handler(bodies).handler(this::close);
    router.get(LIST_PATH).handler(this::list);
    router.errorHandler(404, context -> error(context, 404, "no such endpoint: " + context.request().method()
      + " " + context.request().path()));
    router.errorHandler(405, context -> error(context, 405, context.request().method() + " is not allowed on "
      + context.request().path()));
    router.errorHandler(413, context -> error(context, 413, "the body is larger than "
      + config.api().maxBodyBytes() + " bytes"));
    router.errorHandler(400, context -> error(context, 400, "bad request"));
    router.errorHandler(500, context -> {
      LOG.log(System.Logger.Level.ERROR, "tapr sidecar failed on " + context.request().path(), context.failure());
      error(context, 500, "internal error");
    });
    server = vertx.createHttpServer(new HttpServerOptions()
      .setHost(config.tapr().sidecarHost())
      .setPort(config.tapr().sidecarPort()));
    return listing.completion()
      .compose(ignored -> server.requestHandler(router).listen())
      .onSuccess(listening -> LOG.log(System.Logger.Level.INFO, "tapr sidecar listening on "
        + config.tapr().sidecarHost() + ":" + listening.actualPort()));
  }

  @Override
  public Future<?> stop() {
    List<Future<?>> stopping = new ArrayList<>();
    if (listing != null) {
      stopping.add(listing.unregister());
    }
    if (server != null) {
      stopping.add(server.close());
    }
    return Future.join(stopping);
  }

  /** {@code POST /tapr/ws/conn/send {payload|data, conn_id?, users?}}. */
  private void send(RoutingContext context) {
    TaprSidecarRequests.Send send;
    try {
      send = TaprSidecarRequests.send(bodyOf(context));
    } catch (InvalidSidecarRequestException e) {
      error(context, 400, "send data invalid, " + e.getMessage());
      return;
    }
    if (!send.hasTarget()) {
      error(context, 400, "send message target is nil");
      return;
    }
    Buffer payload = Buffer.buffer(send.payload());
    if (send.connectionId() != null) {
      // With users too, the connection's own instance checks that its user is one of them [compat].
      envelopes.sendToConnection(TaprEnvelopes.send(Envelope.Target.connection(send.connectionId()), payload,
        send.users()));
    } else {
      for (String user : send.users()) {
        envelopes.broadcast(TaprEnvelopes.send(TaprEnvelopes.user(user), payload, null));
      }
    }
    success(context, null);
  }

  /** {@code POST /tapr/ws/conn/close {conns?, users?} | {all:true}}; a body without targets closes nothing [fix]. */
  private void close(RoutingContext context) {
    TaprSidecarRequests.Close close;
    try {
      close = TaprSidecarRequests.close(bodyOf(context));
    } catch (InvalidSidecarRequestException e) {
      error(context, 400, "close data invalid, " + e.getMessage());
      return;
    }
    if (!close.hasTarget()) {
      error(context, 400, "close target is nil");
      return;
    }
    if (close.all()) {
      envelopes.broadcast(TaprEnvelopes.close(Envelope.Target.all(), null));
    } else if (!close.connections().isEmpty()) {
      for (String connection : close.connections()) {
        envelopes.sendToConnection(TaprEnvelopes.close(Envelope.Target.connection(connection), close.users()));
      }
    } else {
      for (String user : close.users()) {
        envelopes.broadcast(TaprEnvelopes.close(TaprEnvelopes.user(user), null));
      }
    }
    success(context, null);
  }

  /** {@code GET /tapr/ws/conn/list}: every node's connections, grouped by user. */
  private void list(RoutingContext context) {
    clusterQuery.<JsonArray>askEveryMember(Addresses::taprConnectionsOf, null).onSuccess(gathered -> {
      if (!gathered.silentMembers().isEmpty()) {
        LOG.log(System.Logger.Level.WARNING, "tapr list: no answer within " + LIST_TIMEOUT_MS + " ms from member(s) "
          + gathered.silentMembers() + "; their connections are missing from this list");
      }
      List<TaprConnectionDirectory.Entry> all = new ArrayList<>();
      for (JsonArray answer : gathered.answers()) {
        for (int i = 0; i < answer.size(); i++) {
          all.add(TaprConnectionDirectory.Entry.fromJson(answer.getJsonObject(i)));
        }
      }
      success(context, TaprConnectionList.byUser(all));
    });
  }

  private static byte[] bodyOf(RoutingContext context) {
    Buffer body = context.body().buffer();
    return body == null ? new byte[0] : body.getBytes();
  }

  private static void success(RoutingContext context, JsonArray data) {
    JsonObject answer = new JsonObject().put("code", 0).put("message", "success");
    if (data != null) {
      answer.put("data", data);
    }
    json(context, 200, answer);
  }

  private static void error(RoutingContext context, int status, String message) {
    json(context, status, new JsonObject().put("code", status).put("message", message));
  }

  private static void json(RoutingContext context, int status, JsonObject body) {
    if (context.response().ended()) {
      return;
    }
    context.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
  }
}
