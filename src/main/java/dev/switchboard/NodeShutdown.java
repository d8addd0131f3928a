package dev.switchboard;

import io.vertx.core.Vertx;
import sun.misc.Signal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Graceful drain on SIGTERM (SPEC §5): every node of this process drains (readiness false, connections closed
 * with 1012), Vert.x leaves the cluster in order (partitions and their mailboxes migrate to the survivors), and the
 * process exits with status 0 — within {@code shutdown.graceMs}, after which it exits anyway. The JVM's default
 * SIGTERM handling would run the shutdown hooks but end with status 143, which orchestrators report as a failure.
 */
final class NodeShutdown {

  private static final System.Logger LOG = System.getLogger(NodeShutdown.class.getName());
  private static final List<Node> NODES = new CopyOnWriteArrayList<>();
  private static volatile boolean enabled;

  private record Node(Vertx vertx, MainVerticle main, long graceMs) {
  }

  private NodeShutdown() {
  }

  /** Called by every node that starts; kept only in a process started by {@link Main} (not in tests). */
  static void register(Vertx vertx, MainVerticle main, long graceMs) {
    if (enabled) {
      NODES.add(new Node(vertx, main, graceMs));
    }
  }

  /** Replaces the JVM's SIGTERM handling with a drain; called by {@link Main} before the node starts. */
  static void onTerminationSignal() {
    enabled = true;
    try {
      Signal.handle(new Signal("TERM"), signal -> new Thread(NodeShutdown::drainAndExit, "switchboard-drain").start());
    } catch (IllegalArgumentException unsupported) {
      LOG.log(System.Logger.Level.WARNING, "SIGTERM cannot be handled here: no graceful drain");
    }
  }

  private static void drainAndExit() {
    long graceMs = NODES.stream().mapToLong(Node::graceMs).max().orElse(20_000);
    Thread watchdog = new Thread(() -> {
      try {
        Thread.sleep(graceMs);
        LOG.log(System.Logger.Level.WARNING, "Drain did not finish within " + graceMs + " ms: exiting now");
        Runtime.getRuntime().halt(0);
      } catch (InterruptedException finished) {
        // drained in time
      }
    }, "switchboard-drain-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    for (Node node : NODES) {
      try {
        node.main().drain().await(graceMs, TimeUnit.MILLISECONDS);
        node.vertx().close().await(graceMs, TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        LOG.log(System.Logger.Level.WARNING, "Drain failed", e);
      }
    }
    LOG.log(System.Logger.Level.INFO, "Drained: exiting");
    System.exit(0);
  }
}
