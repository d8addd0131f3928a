package dev.switchboard;

import dev.switchboard.admin.AdminVerticle;
import dev.switchboard.bus.Addresses;
import dev.switchboard.bus.Envelope;
import dev.switchboard.bus.EnvelopeCodec;
import dev.switchboard.bus.NodeIdentity;
import dev.switchboard.cluster.ClusterMembership;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.gateway.Gateway;
import dev.switchboard.gateway.GatewayVerticle;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.internal.VertxInternal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts one Switchboard node: reads the configuration, registers the envelope codec, deploys one gateway
 * instance per event loop and the API verticle. Deployed by the launcher ({@code Main-Verticle}) or by tests.
 */
public final class MainVerticle extends VerticleBase {

  private static final System.Logger LOG = System.getLogger(MainVerticle.class.getName());

  private static final String NODE_MARKER = "sb.node";

  private final Map<String, String> environment;
  private ClusterMembership membership;
  private NodeIdentity node;
  private NodeState state;
  private NodeStats stats;
  private AdminVerticle admin;
  private final List<Gateway> gateways = new ArrayList<>();

  /** For the launcher: configuration from {@code -conf} and the process environment. */
  public MainVerticle() {
    this(System.getenv());
  }

  /** For tests: configuration from the deployment and exactly this environment. */
  public MainVerticle(Map<String, String> environment) {
    this.environment = environment;
  }

  @Override
  public Future<?> start() {
    SwitchboardConfig config = ConfigLoader.load(config(), environment);
    if (vertx.sharedData().getLocalMap(NODE_MARKER).putIfAbsent("started", true) != null) {
      // The launcher's -instances deploys this verticle N times; a node already runs one gateway per event loop.
      LOG.log(System.Logger.Level.INFO, "Node already started in this process; extra instance does nothing "
        + "(use -options '{\"eventLoopPoolSize\":N}' to change the number of gateway instances)");
      return Future.succeededFuture();
    }
    try {
      vertx.eventBus().registerDefaultCodec(Envelope.class, new EnvelopeCodec());
    } catch (IllegalStateException alreadyRegistered) {
      // Several nodes in one Vert.x instance (some tests) share the event bus and its codec.
    }
    node = new NodeIdentity(NodeIdentity.chooseId(config.node().id()), ClusterMembership.memberIdOf(vertx),
      System.currentTimeMillis());
    membership = ClusterMembership.start(vertx);
    int instances = eventLoopCount();
    state = new NodeState(instances);
    stats = new NodeStats();
    List<Future<?>> deployments = new ArrayList<>();
    for (int i = 0; i < instances; i++) {
      Gateway gateway = new Gateway(vertx, config, node, i, stats);
      gateways.add(gateway);
      deployments.add(vertx.deployVerticle(new GatewayVerticle(gateway, state)));
    }
    admin = new AdminVerticle(config, node, state, stats, gateways);
    deployments.add(vertx.deployVerticle(admin));
    if (config.tapr().enabled()) {
      deployments.add(vertx.deployVerticle(new dev.switchboard.dialect.tapr.TaprSidecarVerticle(config, node)));
    }
    NodeShutdown.register(vertx, this, config.shutdown().graceMs());
    return Future.all(deployments).onSuccess(ignored -> LOG.log(System.Logger.Level.INFO, "Switchboard node " + node.id() + " ready: public port "
      + state.publicPort() + ", API port " + config.api().port() + (vertx.isClustered() ? ", clustered as member "
      + node.memberId() : ", single node") + transport()));
  }

  /** For the ready line: which network transport this node runs on and, when native was wanted, why not. */
  private String transport() {
    if (vertx.isNativeTransportEnabled()) {
      return ", native transport";
    }
    Throwable cause = vertx.unavailableNativeTransportCause();
    return cause == null ? ", JDK transport" : ", JDK transport (native transport unavailable: " + cause + ")";
  }

  @Override
  public Future<?> stop() {
    if (membership != null) {
      membership.stop();
    }
    return Future.succeededFuture();
  }

  /** One gateway instance per event loop, so every loop accepts and serves connections. */
  private int eventLoopCount() {
    int count = 0;
    for (var ignored : ((VertxInternal) vertx).nettyEventLoopGroup()) {
      count++;
    }
    return Math.max(1, count);
  }

  /**
   * Drains the node (SPEC §5): readiness goes false and new connections are refused at once, every client is
   * closed with a code that tells it to reconnect elsewhere; pending deliveries stay in cluster state.
   */
  public Future<Void> drain() {
    if (state == null) {
      return Future.succeededFuture();
    }
    state.startDraining();
    LOG.log(System.Logger.Level.INFO, "Draining node " + node.id() + ": closing its connections");
    vertx.eventBus().publish(Addresses.DRAIN, "drain", new io.vertx.core.eventbus.DeliveryOptions().setLocalOnly(true));
    io.vertx.core.Promise<Void> drained = io.vertx.core.Promise.promise();
    long deadline = System.currentTimeMillis() + 3000;
    vertx.setPeriodic(50, 50, id -> {
      // Read across event loops only to poll for zero; each instance changes its own table.
      int open = gateways.stream().mapToInt(gateway -> gateway.connections().size()).sum();
      if (open == 0 || System.currentTimeMillis() > deadline) {
        vertx.cancelTimer(id);
        drained.tryComplete();
      }
    });
    return drained.future();
  }

  public NodeIdentity node() {
    return node;
  }

  public NodeState state() {
    return state;
  }

  public NodeStats stats() {
    return stats;
  }

  /** The API port's verticle (its routes are checked against the OpenAPI document by a test). */
  public AdminVerticle admin() {
    return admin;
  }
}
