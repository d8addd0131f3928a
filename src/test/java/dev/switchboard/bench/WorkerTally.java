package dev.switchboard.bench;

/**
 * What load workers counted in one run; {@link #add} merges the tallies of all workers (on the main thread,
 * after the workers handed them over).
 */
final class WorkerTally {

  final LatencyHistogram latency = new LatencyHistogram();
  /** Responses (or notices) received inside the measured window. */
  long completedInWindow;
  /** Error responses (GATEWAY_TIMEOUT, SERVICE_UNAVAILABLE, validation errors), whenever received. */
  long errors;
  /** Error responses received inside the measured window (not counted as completed). */
  long errorsInWindow;
  /** The first error response, to say what went wrong. */
  String firstError;
  /** Fixed-rate sends skipped because a client already had its maximum outstanding. */
  long skipped;
  /** Requests still unanswered when the drain time ran out. */
  long unanswered;
  /** Notices the service sent whose scheduled time falls in the measured window. */
  long noticesSentInWindow;
  /** Notices with a scheduled time in the measured window, received by all clients together. */
  long noticesDeliveredInWindow;
  /** Frames a worker could not make sense of (neither response, notice nor system frame). */
  long unexpectedFrames;

  void add(WorkerTally other) {
    latency.add(other.latency);
    completedInWindow += other.completedInWindow;
    errors += other.errors;
    errorsInWindow += other.errorsInWindow;
    if (firstError == null) {
      firstError = other.firstError;
    }
    skipped += other.skipped;
    unanswered += other.unanswered;
    noticesSentInWindow += other.noticesSentInWindow;
    noticesDeliveredInWindow += other.noticesDeliveredInWindow;
    unexpectedFrames += other.unexpectedFrames;
  }
}
