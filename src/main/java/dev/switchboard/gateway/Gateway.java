package dev.switchboard.gateway;

import dev.switchboard.NodeStats;
import dev.switchboard.bus.NodeIdentity;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.routing.EnvelopeRouter;
import io.vertx.core.Vertx;

/**
 * What a dialect endpoint may use of the gateway instance it runs in: configuration, identity, the
 * connection table, the router, and fresh connection ids.
 */
public final class Gateway {

  private final Vertx vertx;
  private final SwitchboardConfig config;
  private final NodeIdentity node;
  private final int instance;
  private final ConnectionTable connections = new ConnectionTable();
  private final EnvelopeRouter router;
  private final NodeStats stats;
  private long nextConnection;

  public Gateway(Vertx vertx, SwitchboardConfig config, NodeIdentity node, int instance, NodeStats stats) {
    this.vertx = vertx;
    this.config = config;
    this.node = node;
    this.instance = instance;
    this.stats = stats;
    this.router = new EnvelopeRouter(vertx, node, instance);
  }

  public Vertx vertx() {
    return vertx;
  }

  public SwitchboardConfig config() {
    return config;
  }

  public NodeIdentity node() {
    return node;
  }

  public int instance() {
    return instance;
  }

  public ConnectionTable connections() {
    return connections;
  }

  public EnvelopeRouter router() {
    return router;
  }

  public NodeStats stats() {
    return stats;
  }

  public String newConnectionId() {
    return dev.switchboard.bus.ConnectionId.format(node.id(), instance, ++nextConnection);
  }
}
