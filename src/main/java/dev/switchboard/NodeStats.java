package dev.switchboard;

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
}
