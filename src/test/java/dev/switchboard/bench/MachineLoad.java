package dev.switchboard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time the whole machine spent busy ({@code /proc/stat}), so a run can tell how much CPU went to
 * processes other than the server and the load generator — e.g. a test suite someone runs meanwhile on the
 * same 2 cores — and wait for a quiet machine before it starts.
 */
final class MachineLoad {

  private MachineLoad() {
  }

  /**
   * Whether the benchmark runs at a raised priority ({@code BENCH_NICE=-10 bench/run.sh}; its servers inherit it):
   * then other processes cannot take CPU from it, and neither waiting nor re-running helps.
   */
  static boolean prioritized() {
    return ProcessProbe.niceness(ProcessHandle.current().pid()) < 0;
  }

  /** The nice value of this session's autogroup (what counts against other sessions), or 0 without autogroups. */
  static int autogroupNiceness() {
    try {
      String line = Files.readString(Path.of("/proc/self/autogroup")).trim();
      return Integer.parseInt(line.substring(line.lastIndexOf(' ') + 1));
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /** Busy CPU milliseconds of all cores since boot (user, nice, system, irq, softirq, steal). */
  static long busyMillis() {
    try {
      String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long busy = 0;
      for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
        busy += Long.parseLong(fields[i]);
      }
      return busy * 1000 / ProcessProbe.CLOCK_TICKS_PER_SECOND;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /**
   * Waits (at most {@code maxSeconds}) until the machine, apart from this JVM, has used less than
   * {@code maxCores} over a 2-second sample. Returns the cores others used in the last sample.
   */
  static double awaitQuiet(double maxCores, int maxSeconds) {
    long self = ProcessHandle.current().pid();
    if (prioritized()) {
      // Other processes only get what the benchmark leaves: waiting for them to stop would be pointless.
      return 0;
    }
    long deadline = System.nanoTime() + maxSeconds * 1_000_000_000L;
    boolean told = false;
    while (true) {
      long busyBefore = busyMillis();
      long selfBefore = ProcessProbe.cpuMillis(self);
      Sleep.millis(2000);
      double others = ((busyMillis() - busyBefore) - (ProcessProbe.cpuMillis(self) - selfBefore)) / 2000.0;
      if (others < maxCores || System.nanoTime() - deadline >= 0) {
        if (others >= maxCores) {
          System.out.printf("   machine still busy (%.2f cores used by other processes): going ahead%n", others);
        }
        return others;
      }
      if (!told) {
        System.out.printf("   waiting for a quiet machine: other processes use %.2f cores%n", others);
        told = true;
      }
    }
  }
}
