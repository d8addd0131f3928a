package dev.switchboard.admin;

import dev.switchboard.NodeStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Switchboard's own meters, with the names of SPEC §5, read from {@link NodeStats} at scrape time (the counting
 * itself stays a {@link LongAdder} increment on the event loops):
 * <ul>
 *   <li>{@code switchboard_connections{dialect,node}} — live connections of this node;</li>
 *   <li>{@code switchboard_messages_total{dialect,direction,kind}} — WebSocket messages from clients ({@code in},
 *       kind {@code text}/{@code binary}) and frames written to them ({@code out}, kind {@code text});</li>
 *   <li>{@code switchboard_deliveries_pending{dialect}} — deliveries this node has not finished: app webhook calls
 *       queued (tapr, socket.io) and push messages queued or unacknowledged in live connections' windows;</li>
 *   <li>{@code switchboard_deliveries_retried_total} (push re-sends and retried webhook attempts),
 *       {@code switchboard_deliveries_expired_total} (push messages past their TTL);</li>
 *   <li>{@code switchboard_webhook_calls_total{dialect,outcome}} — each app webhook attempt ends {@code delivered}
 *       (2xx), {@code retried} (failed, tried again) or {@code given_up} (failed for the last time);</li>
 *   <li>{@code switchboard_slow_consumer_closes_total}, {@code switchboard_sync_late_responses_total},
 *       {@code switchboard_tapr_ping_timeouts_total}, {@code switchboard_webhook_backlogs_full_total}.</li>
 * </ul>
 * The pending gauge needs the connections' own counts, which live on their event loops: {@link #refresh()}
 * gathers them before each scrape. One per node, bound by the admin verticle.
 */
final class SwitchboardMeters {

  /** The dialects that call an app webhook (SPEC §6). */
  static final List<String> WEBHOOK_DIALECTS = List.of("socketio", "tapr");

  private final NodeConnections connections;
  private volatile Map<String, Long> heldByConnections = Map.of();

  private SwitchboardMeters(NodeConnections connections) {
    this.connections = connections;
  }

  static SwitchboardMeters bind(MeterRegistry registry, NodeStats stats, String nodeId, NodeReport report,
                                NodeConnections connections) {
    SwitchboardMeters meters = new SwitchboardMeters(connections);
    for (String dialect : NodeStats.DIALECTS) {
      NodeStats.DialectCounters counters = stats.dialect(dialect);
      Gauge.builder("switchboard_connections", counters.connections, LongAdder::sum)
        .description("Live connections held by this node")
        .tags("dialect", dialect, "node", nodeId)
        .strongReference(true)
        .register(registry);
      messages(registry, dialect, "in", "text", counters.textMessagesIn);
      messages(registry, dialect, "in", "binary", counters.binaryMessagesIn);
      messages(registry, dialect, "out", "text", counters.textMessagesOut);
      Gauge.builder("switchboard_deliveries_pending", meters,
          self -> report.pendingDeliveries(dialect, self.heldByConnections))
        .description("Deliveries not yet finished on this node: app webhook calls queued, push messages queued or "
          + "unacknowledged in live connections")
        .tags("dialect", dialect)
        .strongReference(true)
        .register(registry);
    }
    for (String dialect : WEBHOOK_DIALECTS) {
      NodeStats.DialectCounters counters = stats.dialect(dialect);
      webhookCalls(registry, dialect, "delivered", counters.webhookCallsDelivered);
      webhookCalls(registry, dialect, "retried", counters.webhookAttemptsRetried);
      webhookCalls(registry, dialect, "given_up", counters.webhookCallsGivenUp);
    }
    FunctionCounter.builder("switchboard_deliveries_retried", report, NodeReport::deliveriesRetried)
      .description("Push messages sent again for want of an acknowledgement, and app webhook attempts retried")
      .register(registry);
    counter(registry, "switchboard_deliveries_expired", "Push messages dropped unacknowledged after their TTL",
      stats.pushExpired);
    counter(registry, "switchboard_slow_consumer_closes",
      "Connections closed (4008) because their unsent data passed public.maxQueuedBytes", stats.slowConsumerCloses);
    counter(registry, "switchboard_sync_late_responses", "Sync responses that matched no pending request (dropped)",
      stats.syncLateResponses);
    counter(registry, "switchboard_tapr_ping_timeouts",
      "tapr connections closed (4000) without an {\"event\":\"ping\"} within tapr.pingTimeoutMs", stats.taprPingTimeouts);
    counter(registry, "switchboard_webhook_backlogs_full",
      "Times a connection's webhook queue reached its bound and reading from the client paused", stats.webhookBacklogsFull);
    return meters;
  }

  /** Gathers what this node's connections hold, for the pending gauge; completes when the gauge is up to date. */
  Future<Void> refresh() {
    return connections.pendingDeliveries().onSuccess(held -> heldByConnections = held).mapEmpty();
  }

  private static void messages(MeterRegistry registry, String dialect, String direction, String kind, LongAdder adder) {
    FunctionCounter.builder("switchboard_messages", adder, LongAdder::sum)
      .description("WebSocket messages received from clients (in) and written to them (out)")
      .tags("dialect", dialect, "direction", direction, "kind", kind)
      .register(registry);
  }

  private static void webhookCalls(MeterRegistry registry, String dialect, String outcome, LongAdder adder) {
    FunctionCounter.builder("switchboard_webhook_calls", adder, LongAdder::sum)
      .description("App webhook attempts by outcome: delivered (2xx), retried, given_up (last attempt failed)")
      .tags("dialect", dialect, "outcome", outcome)
      .register(registry);
  }

  private static void counter(MeterRegistry registry, String name, String description, LongAdder adder) {
    FunctionCounter.builder(name, adder, LongAdder::sum).description(description).register(registry);
  }
}
