package dev.switchboard.bench;

/**
 * The figures of one measured load run.
 *
 * @param operations     responses completed in the window, or (fan-out) deliveries expected in it
 * @param serverCpuMillis CPU time of the server process(es) over the measured window
 * @param generatorCpuMillis CPU time of the benchmark JVM (load generator) over the same window
 * @param serverCpuByThreadKind the server CPU of the window split by kind of thread (loops, jit, gc+vm, ...)
 * @param otherCpuMillis CPU time of every other process on the machine over the window (should be near 0)
 */
record LoadResult(String scenario, String target, double seconds, WorkerTally tally, long operations,
                  long serverCpuMillis, long generatorCpuMillis, java.util.Map<String, Long> serverCpuByThreadKind,
                  long otherCpuMillis) {

  /** Above this many cores used by other processes, the figures of a run are not to be trusted. */
  static final double DISTURBED_CORES = 0.25;

  double otherCores() {
    return otherCpuMillis / 1000.0 / seconds;
  }

  /** Other processes took CPU the run may have wanted (impossible when the benchmark runs at a raised priority). */
  boolean disturbed() {
    return otherCores() > DISTURBED_CORES && !MachineLoad.prioritized();
  }

  /** E.g. {@code loops 9.1, jit 0.4, gc+vm 0.3, other 0.1} (ms of CPU per second of the window). */
  String cpuSplit() {
    StringBuilder split = new StringBuilder();
    serverCpuByThreadKind.forEach((kind, millis) -> {
      if (millis > 0) {
        split.append(split.length() == 0 ? "" : ", ").append(kind).append(' ')
          .append(String.format(java.util.Locale.ROOT, "%.0f%%", 100.0 * millis / Math.max(1, serverCpuMillis)));
      }
    });
    return split.toString();
  }

  double throughput() {
    return operations / seconds;
  }

  double serverCpuMicrosPerOperation() {
    return operations == 0 ? Double.NaN : serverCpuMillis * 1000.0 / operations;
  }

  double serverCores() {
    return serverCpuMillis / 1000.0 / seconds;
  }

  double generatorCores() {
    return generatorCpuMillis / 1000.0 / seconds;
  }

  double p50Millis() {
    return tally.latency.percentileNanos(50) / 1e6;
  }

  double p99Millis() {
    return tally.latency.percentileNanos(99) / 1e6;
  }

  double p999Millis() {
    return tally.latency.percentileNanos(99.9) / 1e6;
  }

  double maxMillis() {
    return tally.latency.maxNanos() / 1e6;
  }

  String summary() {
    return firstLine() + (tally.firstError == null ? "" : "\n    first error response: " + tally.firstError);
  }

  private String firstLine() {
    return String.format("%s / %s: %.0f ops/s, %.1f µs server CPU per op (server %.2f cores [%s], generator %.2f cores, other processes %.2f cores), "
        + "p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.1f ms, errors %d (%d in the window), skipped %d, unanswered %d, unexpected %d",
      scenario, target, throughput(), serverCpuMicrosPerOperation(), serverCores(), cpuSplit(), generatorCores(), otherCores(), p50Millis(),
      p99Millis(), p999Millis(), maxMillis(), tally.errors, tally.errorsInWindow, tally.skipped, tally.unanswered, tally.unexpectedFrames);
  }
}
