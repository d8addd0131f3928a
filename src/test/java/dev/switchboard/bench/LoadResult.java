package dev.switchboard.bench;

/**
 * The figures of one measured load run.
 *
 * @param operations     responses completed in the window, or (fan-out) deliveries expected in it
 * @param serverCpuMillis CPU time of the server process(es) over the measured window
 * @param generatorCpuMillis CPU time of the benchmark JVM (load generator) over the same window
 */
record LoadResult(String scenario, String target, double seconds, WorkerTally tally, long operations,
                  long serverCpuMillis, long generatorCpuMillis) {

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
    return String.format("%s / %s: %.0f ops/s, %.1f µs server CPU per op (server %.2f cores, generator %.2f cores), "
        + "p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.1f ms, errors %d, skipped %d, unanswered %d, unexpected %d",
      scenario, target, throughput(), serverCpuMicrosPerOperation(), serverCores(), generatorCores(), p50Millis(),
      p99Millis(), p999Millis(), maxMillis(), tally.errors, tally.skipped, tally.unanswered, tally.unexpectedFrames);
  }
}
