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
}
