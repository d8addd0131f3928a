package dev.switchboard.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * N idle sync clients: the server's RSS and live heap per connection. Order of readings: settled RSS, class
 * histogram (full GC), RSS again; open N connections; the same three readings. Both RSS differences are
 * reported; the settled one is the figure the target is about.
 */
final class IdleConnectionsScenario {

  private static final long BASELINE_SETTLE_MS = 3000;
  private static final long AFTER_GC_SETTLE_MS = 2000;

  private final BenchmarkOptions options;
  private final ServerLauncher launcher;

  IdleConnectionsScenario(BenchmarkOptions options, ServerLauncher launcher) {
    this.options = options;
    this.launcher = launcher;
  }

  IdleResult run(Target target, ServerJvm jvm, String javaLabel, String runName) {
    MachineLoad.awaitQuiet(0.3, options.quietWaitSeconds());
    ServerProcess server = target.start(launcher, jvm, runName);
    try (LoadGenerator generator = new LoadGenerator(options.clientLoops())) {
      Sleep.millis(BASELINE_SETTLE_MS);
      long rssBefore = server.rssKib();
      ClassHistogram heapBefore = histogram(jvm, server);
      Sleep.millis(AFTER_GC_SETTLE_MS);
      long rssBeforeGc = server.rssKib();
      long started = System.nanoTime();
      generator.connectClients(server.publicPort(), options.idleConnections(), 200, Duration.ofSeconds(240));
      double connectSeconds = (System.nanoTime() - started) / 1e9;
      Sleep.millis(options.idleSettleSeconds() * 1000L);
      long rssAfter = server.rssKib();
      ClassHistogram heapAfter = histogram(jvm, server);
      Sleep.millis(AFTER_GC_SETTLE_MS);
      long rssAfterGc = server.rssKib();
      long heapGrowth = heapAfter == null ? 0 : heapAfter.totalBytes() - heapBefore.totalBytes();
      List<ClassHistogram.Entry> growth = heapAfter == null ? List.of() : heapAfter.growthSince(heapBefore);
      List<ClassHistogram.Entry> top = new ArrayList<>(growth.subList(0, Math.min(15, growth.size())));
      IdleResult result = new IdleResult(target.label, javaLabel, options.idleConnections(), connectSeconds, rssBefore,
        rssAfter, rssBeforeGc, rssAfterGc, heapGrowth, top);
      System.out.println("  " + result.summary());
      return result;
    } finally {
      server.stop();
    }
  }

  private static ClassHistogram histogram(ServerJvm jvm, ServerProcess server) {
    if (jvm.jcmd() == null) {
      System.err.println("[idle] no jcmd next to " + jvm.java() + ": live heap not measured");
      return null;
    }
    return ClassHistogram.of(jvm.jcmd(), server.pid());
  }
}
