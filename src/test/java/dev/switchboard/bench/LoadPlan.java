package dev.switchboard.bench;

/**
 * What every load worker does during one measured run, with absolute {@code System.nanoTime()} bounds so
 * that workers on different event loops agree on the measured window without talking to each other.
 *
 * @param mode              what to send
 * @param window            outstanding requests per client ({@link Mode#CLOSED_LOOP})
 * @param ratePerSecond     requests per second of this worker ({@link Mode#FIXED_RATE}), or notices per second
 *                          of the service ({@link Mode#NOTICES})
 * @param startNanos        when sending starts (the warm-up begins)
 * @param measureStartNanos start of the measured window: latencies of operations scheduled from here count
 * @param measureEndNanos   end of the measured window: nothing is sent after it
 * @param payload           request data (JSON) or notice padding
 */
record LoadPlan(Mode mode, int window, double ratePerSecond, long startNanos, long measureStartNanos,
                long measureEndNanos, String payload) {

  enum Mode { CLOSED_LOOP, FIXED_RATE, NOTICES }

  boolean inWindow(long nanos) {
    return nanos - measureStartNanos >= 0 && nanos - measureEndNanos < 0;
  }

  LoadPlan withRate(double rate) {
    return new LoadPlan(mode, window, rate, startNanos, measureStartNanos, measureEndNanos, payload);
  }
}
