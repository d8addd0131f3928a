package dev.switchboard.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
                 int clients, LoadPlan.Mode mode, int window, double rate, String payload, int warmupSeconds) {
    // Someone else's test suite on the same 2 cores would distort every figure: wait for it (bounded).
    MachineLoad.awaitQuiet(0.3, options.quietWaitSeconds());
    try (LoadGenerator generator = new LoadGenerator(options.clientLoops())) {
      generator.connectService(servicePort);
      generator.connectClients(clientPort, clients, 200, Duration.ofSeconds(120));
      // Let the broker's connection-count pushes and registry updates settle before the clock starts.
      Sleep.millis(1000);
      long start = System.nanoTime() + 100_000_000L;
      long measureStart = start + warmupSeconds * 1_000_000_000L;
      long measureEnd = measureStart + options.durationSeconds() * 1_000_000_000L;
      LoadPlan plan = new LoadPlan(mode, window, rate, start, measureStart, measureEnd, payload);
      long self = ProcessHandle.current().pid();
      generator.begin(plan);
      Progress progress = new Progress(generator, cpuOf, start);
      progress.until(measureStart);
      long serverCpuBefore = cpu(cpuOf);
      Map<String, Long> splitBefore = cpuByThreadKind(cpuOf);
      long generatorCpuBefore = ProcessProbe.cpuMillis(self);
      long machineBefore = MachineLoad.busyMillis();
      progress.until(measureEnd);
      long serverCpuAfter = cpu(cpuOf);
      Map<String, Long> split = cpuByThreadKind(cpuOf);
      splitBefore.forEach((kind, millis) -> split.merge(kind, -millis, Long::sum));
      long generatorCpuAfter = ProcessProbe.cpuMillis(self);
      long machineAfter = MachineLoad.busyMillis();
      WorkerTally tally = generator.finish(plan, DRAIN);
      if (generator.serviceProblem() != null) {
        System.err.println("[load] " + generator.serviceProblem());
      }
      long operations = mode == LoadPlan.Mode.NOTICES ? tally.noticesSentInWindow * clients : tally.completedInWindow;
      LoadResult result = new LoadResult(scenario, target, options.durationSeconds(), tally, operations,
        serverCpuAfter - serverCpuBefore, generatorCpuAfter - generatorCpuBefore, split,
        (machineAfter - machineBefore) - (serverCpuAfter - serverCpuBefore) - (generatorCpuAfter - generatorCpuBefore));
      System.out.println("  " + result.summary());
      return result;
    }
  }

  /** Prints one line a second (received per second, server CPU) so a stall shows while it happens. */
  private static final class Progress {
    private final LoadGenerator generator;
    private final List<ServerProcess> servers;
    private final long start;
    private long lastReceived;
    private long lastCpu;
    private long next;

    Progress(LoadGenerator generator, List<ServerProcess> servers, long start) {
      this.generator = generator;
      this.servers = servers;
      this.start = start;
      this.lastCpu = cpu(servers);
      this.next = start + 1_000_000_000L;
    }

    void until(long deadline) {
      while (next - deadline <= 0) {
        Sleep.untilNanos(next);
        long received = generator.received();
        long cpu = cpu(servers);
        StringBuilder line = new StringBuilder(String.format("    t=%2ds received %7d/s  server CPU %4.2f cores",
          (next - start) / 1_000_000_000L, received - lastReceived, (cpu - lastCpu) / 1000.0));
        System.out.println(line);
        lastReceived = received;
        lastCpu = cpu;
        next += 1_000_000_000L;
      }
      Sleep.untilNanos(deadline);
    }
  }

  private static Map<String, Long> cpuByThreadKind(List<ServerProcess> servers) {
    Map<String, Long> total = new TreeMap<>();
    for (ServerProcess server : servers) {
      ProcessProbe.cpuMillisByThreadKind(server.pid()).forEach((kind, millis) -> total.merge(kind, millis, Long::sum));
    }
    return total;
  }

  private static long cpu(List<ServerProcess> servers) {
    long total = 0;
    for (ServerProcess server : servers) {
      total += server.cpuMillis();
    }
    return total;
  }
}
