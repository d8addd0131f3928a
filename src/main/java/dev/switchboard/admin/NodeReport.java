package dev.switchboard.admin;

import dev.switchboard.NodeState;
import dev.switchboard.NodeStats;
import dev.switchboard.bus.NodeIdentity;
import dev.switchboard.cluster.ClusterMembership;
import dev.switchboard.config.SwitchboardConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.core.spi.cluster.NodeInfo;

import java.time.Instant;
import java.util.Map;

/**
 * What one node says about itself to the server API: its summary for {@code GET /api/nodes} and its counters for
 * {@code GET /api/stats}. Read from {@link NodeStats} (adders, safe from any thread) and {@link NodeState}.
 */
final class NodeReport {

  private final Vertx vertx;
  private final SwitchboardConfig config;
  private final NodeIdentity node;
  private final NodeState state;
  private final NodeStats stats;

  NodeReport(Vertx vertx, SwitchboardConfig config, NodeIdentity node, NodeState state, NodeStats stats) {
    this.vertx = vertx;
    this.config = config;
    this.node = node;
    this.state = state;
    this.stats = stats;
  }

  /**
   * {@code {id, member, address, startedAt, uptimeMs, ready, connections:{dialect:N}}}. {@code address} is
   * {@code host:publicPort}, the host being the one the cluster reaches the node at (its event-bus host) when
   * clustered, else {@code public.host}.
   */
  JsonObject summary() {
    return new JsonObject()
      .put("id", node.id())
      .put("member", node.memberId())
      .put("address", host() + ":" + state.publicPort())
      .put("startedAt", Instant.ofEpochMilli(node.startedAt()).toString())
      .put("uptimeMs", System.currentTimeMillis() - node.startedAt())
      .put("ready", state.isListening() && ClusterMembership.isJoined(vertx) && !state.isDraining())
      .put("connections", connections());
  }

  /** The node's counters; {@code pending} are the deliveries its connections hold, per dialect. */
  JsonObject stats(Map<String, Long> pending) {
    JsonObject connections = connections();
    JsonObject messages = new JsonObject();
    JsonObject webhookCalls = new JsonObject();
    JsonObject pendingByDialect = new JsonObject();
    for (String dialect : NodeStats.DIALECTS) {
      NodeStats.DialectCounters counters = stats.dialect(dialect);
      messages.put(dialect, new JsonObject()
        .put("in", counters.textMessagesIn.sum() + counters.binaryMessagesIn.sum())
        .put("out", counters.textMessagesOut.sum()));
      webhookCalls.put(dialect, new JsonObject()
        .put("delivered", counters.webhookCallsDelivered.sum())
        .put("retried", counters.webhookAttemptsRetried.sum())
        .put("givenUp", counters.webhookCallsGivenUp.sum())
        .put("pending", counters.webhookCallsPending.sum()));
      pendingByDialect.put(dialect, pendingDeliveries(dialect, pending));
    }
    return new JsonObject()
      .put("id", node.id())
      .put("uptimeMs", System.currentTimeMillis() - node.startedAt())
      .put("connections", connections)
      .put("messages", messages)
      .put("deliveries", new JsonObject()
        .put("pending", pendingByDialect)
        .put("retried", deliveriesRetried())
        .put("expired", stats.pushExpired.sum()))
      .put("webhookCalls", webhookCalls)
      .put("slowConsumerCloses", stats.slowConsumerCloses.sum())
      .put("syncLateResponses", stats.syncLateResponses.sum())
      .put("taprPingTimeouts", stats.taprPingTimeouts.sum());
  }

  /** Deliveries of a dialect not yet done on this node: app webhook calls waiting, plus what connections hold. */
  long pendingDeliveries(String dialect, Map<String, Long> heldByConnections) {
    return stats.dialect(dialect).webhookCallsPending.sum() + heldByConnections.getOrDefault(dialect, 0L);
  }

  /** Re-sends of push messages and retried webhook attempts. */
  long deliveriesRetried() {
    return stats.pushRetried.sum() + stats.webhookAttemptsRetried.sum();
  }

  private JsonObject connections() {
    JsonObject connections = new JsonObject();
    for (String dialect : NodeStats.DIALECTS) {
      connections.put(dialect, stats.dialect(dialect).connections.sum());
    }
    return connections;
  }

  private String host() {
    ClusterManager manager = ClusterMembership.clusterManagerOf(vertx);
    NodeInfo info = manager == null ? null : manager.getNodeInfo();
    return info == null ? config.publicServer().host() : info.host();
  }
}
