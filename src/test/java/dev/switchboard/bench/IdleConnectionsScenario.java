package dev.switchboard.bench;

import java.time.Duration;
import java.util.List;

/**
 * N idle sync clients: the server's RSS and live heap per connection. Order of readings: settled RSS, class
 * histogram (full GC), RSS again; open N connections; the same three readings. Both RSS differences are
 * reported; the settled one is the figure the target is about.
 */
final class IdleConnectionsScenario {

  private static final long BASELINE_SETTLE_MS = 3000;
  private static final long AFTER_GC_SETTLE_MS = 2000;
  /** File descriptors a JVM needs besides its sockets (jars, epoll, eventfds, logs), with a margin. */
  private static final long DESCRIPTORS_BESIDES_SOCKETS = 500;

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
      int connections = connectionCount();
      long started = System.nanoTime();
      generator.connectClients(server.publicPort(), connections, 200, Duration.ofSeconds(240));
      double connectSeconds = (System.nanoTime() - started) / 1e9;
      Sleep.millis(options.idleSettleSeconds() * 1000L);
      long rssAfter = server.rssKib();
      ClassHistogram heapAfter = histogram(jvm, server);
      Sleep.millis(AFTER_GC_SETTLE_MS);
      long rssAfterGc = server.rssKib();
      long heapGrowth = heapAfter == null ? 0 : heapAfter.totalBytes() - heapBefore.totalBytes();
      List<ClassHistogram.Entry> growth = heapAfter == null ? List.of() : heapAfter.growthSince(heapBefore);
      IdleResult result = new IdleResult(target.label, javaLabel, connections, connectSeconds, rssBefore,
        rssAfter, rssBeforeGc, rssAfterGc, heapGrowth, growth);
      System.out.println("  " + result.summary());
      return result;
    } finally {
      server.stop();
    }
  }

  /**
   * The requested count, or less when the open-files limit (inherited by the servers too) cannot hold that many
   * sockets: a sandbox without CAP_SYS_RESOURCE cannot raise a hard limit of 20 000. Per-connection figures
   * do not depend on the exact count.
   */
  private int connectionCount() {
    long limit = ProcessProbe.openFilesLimit();
    if (options.idleConnections() + DESCRIPTORS_BESIDES_SOCKETS <= limit) {
      return options.idleConnections();
    }
    int capped = (int) Math.max(1, limit - DESCRIPTORS_BESIDES_SOCKETS);
    System.out.println("   open-files limit is " + limit + ": opening " + capped + " connections instead of "
      + options.idleConnections());
    return capped;
  }

  private static ClassHistogram histogram(ServerJvm jvm, ServerProcess server) {
    if (jvm.jcmd() == null) {
      System.err.println("[idle] no jcmd next to " + jvm.java() + ": live heap not measured");
      return null;
    }
    return ClassHistogram.of(jvm.jcmd(), server.pid());
  }
}
