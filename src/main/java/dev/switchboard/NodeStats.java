package dev.switchboard;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one node, shared by its gateway instances (updated from several event loops, hence adders).
 * The metrics endpoint exposes them.
 */
public final class NodeStats {
  public final LongAdder messagesIn = new LongAdder();
  public final LongAdder slowConsumerCloses = new LongAdder();
  public final LongAdder syncLateResponses = new LongAdder();
  /** App webhook calls (tapr, socket.io) that ended with a 2xx. */
  public final LongAdder webhookCallsDelivered = new LongAdder();
  /** Webhook attempts that failed and were tried again after a pause. */
  public final LongAdder webhookAttemptsRetried = new LongAdder();
  /** Webhook calls given up after their last attempt failed. */
  public final LongAdder webhookCallsGivenUp = new LongAdder();
  /** Times a connection's webhook queue reached its bound, so reading from the client paused. */
  public final LongAdder webhookBacklogsFull = new LongAdder();
  /** tapr connections closed because no {"event":"ping"} came within tapr.pingTimeoutMs. */
  public final LongAdder taprPingTimeouts = new LongAdder();
  public final LongAdder pushRetried = new LongAdder();
  public final LongAdder pushExpired = new LongAdder();

  /** The dialects the metrics and the server API report on, in the order they are shown. */
  public static final List<String> DIALECTS = List.of("sync", "push", "socketio", "tapr");

  private final Map<String, DialectCounters> byDialect = new ConcurrentHashMap<>();

  /**
   * The counters of one dialect on this node, created on first use. Cheap enough per message: a lock-free map
   * read, no allocation once the dialect has been seen.
   */
  public DialectCounters dialect(String dialect) {
    DialectCounters counters = byDialect.get(dialect);
    return counters != null ? counters : byDialect.computeIfAbsent(dialect, ignored -> new DialectCounters());
  }

  /** What is counted per dialect ({@code switchboard_connections}, {@code _messages_total}, webhook calls). */
  public static final class DialectCounters {
    /** Live connections in this node's connection tables. */
    public final LongAdder connections = new LongAdder();
    /** Whole text messages received from clients. */
    public final LongAdder textMessagesIn = new LongAdder();
    /** Whole binary messages received from clients. */
    public final LongAdder binaryMessagesIn = new LongAdder();
    /** Text frames written to clients. */
    public final LongAdder textMessagesOut = new LongAdder();
    /** App webhook calls queued on this node and not yet delivered or given up. */
    public final LongAdder webhookCallsPending = new LongAdder();
    /** Webhook attempts answered with a 2xx. */
    public final LongAdder webhookCallsDelivered = new LongAdder();
    /** Webhook attempts that failed and are tried again after a pause. */
    public final LongAdder webhookAttemptsRetried = new LongAdder();
    /** Webhook attempts that failed for the last time: the call was given up. */
    public final LongAdder webhookCallsGivenUp = new LongAdder();
  }
}
