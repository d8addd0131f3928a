package dev.switchboard.bench;

import java.time.Duration;
import java.util.List;

/**
 * Runs one measured load run against servers that are already up: connects the service and the clients,
 * sends through a warm-up and the measured window, and reads the servers' and its own CPU time at the
 * window's edges.
 */
final class LoadRunner {

  private static final Duration DRAIN = Duration.ofSeconds(10);

  private final BenchmarkOptions options;

  LoadRunner(BenchmarkOptions options) {
    this.options = options;
  }

  /**
   * @param cpuOf       the server processes whose CPU time counts (two nodes in the cluster scenario)
   * @param servicePort where the echo service connects
   * @param clientPort  where the clients connect
   */
  LoadResult run(String scenario, String target, List<ServerProcess> cpuOf, int servicePort, int clientPort,
                 int clients, LoadPlan.Mode mode, int window, double rate, String payload) {
    try (LoadGenerator generator = new LoadGenerator(options.clientLoops())) {
      generator.connectService(servicePort);
      generator.connectClients(clientPort, clients, 200, Duration.ofSeconds(120));
      // Let the broker's connection-count pushes and registry updates settle before the clock starts.
      Sleep.millis(1000);
      long start = System.nanoTime() + 100_000_000L;
      long measureStart = start + options.warmupSeconds() * 1_000_000_000L;
      long measureEnd = measureStart + options.durationSeconds() * 1_000_000_000L;
      LoadPlan plan = new LoadPlan(mode, window, rate, start, measureStart, measureEnd, payload);
      long self = ProcessHandle.current().pid();
      generator.begin(plan);
      Sleep.untilNanos(measureStart);
      long serverCpuBefore = cpu(cpuOf);
      long generatorCpuBefore = ProcessProbe.cpuMillis(self);
      Sleep.untilNanos(measureEnd);
      long serverCpuAfter = cpu(cpuOf);
      long generatorCpuAfter = ProcessProbe.cpuMillis(self);
      WorkerTally tally = generator.finish(plan, DRAIN);
      if (generator.serviceProblem() != null) {
        System.err.println("[load] " + generator.serviceProblem());
      }
      long operations = mode == LoadPlan.Mode.NOTICES ? tally.noticesSentInWindow * clients : tally.completedInWindow;
      LoadResult result = new LoadResult(scenario, target, options.durationSeconds(), tally, operations,
        serverCpuAfter - serverCpuBefore, generatorCpuAfter - generatorCpuBefore);
      System.out.println("  " + result.summary());
      return result;
    }
  }

  private static long cpu(List<ServerProcess> servers) {
    long total = 0;
    for (ServerProcess server : servers) {
      total += server.cpuMillis();
    }
    return total;
  }
}
