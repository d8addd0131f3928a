package dev.switchboard.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the push benchmark reads from /proc besides a process's total CPU ({@link ProcessProbe#cpuMillis}): CPU
 * per kind of thread of a broker (event loops, Hazelcast, JIT, GC and VM, other), so a window's CPU can be
 * told apart into messages and housekeeping, and the load average of the machine, which the report states
 * because other benchmarks and test suites may share the 2 cores.
 */
final class PushBenchProbe {

  private PushBenchProbe() {
  }

  /** CPU milliseconds so far per kind of thread, from {@code /proc/<pid>/task/*}/stat. */
  static Map<String, Long> cpuMillisByThreadKind(long pid) {
    Map<String, Long> byKind = new TreeMap<>();
    File[] tasks = new File("/proc/" + pid + "/task").listFiles();
    if (tasks == null) {
      return byKind;
    }
    for (File task : tasks) {
      try {
        String stat = Files.readString(task.toPath().resolve("stat"));
        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        long millis = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 1000
          / ProcessProbe.CLOCK_TICKS_PER_SECOND;
        byKind.merge(threadKind(name), millis, Long::sum);
      } catch (IOException | RuntimeException threadEnded) {
        // The thread ended between listing and reading.
      }
    }
    return byKind;
  }

  /**
   * Voluntary context switches so far, summed over the threads of {@code pid} (each is a thread going to sleep
   * because it waits, i.e. roughly one hand-off between threads): per message, it shows how many times the push
   * path crosses threads — event loop, Hazelcast partition, I/O and response threads.
   */
  static long voluntaryContextSwitches(long pid) {
    long total = 0;
    File[] tasks = new File("/proc/" + pid + "/task").listFiles();
    if (tasks == null) {
      return 0;
    }
    for (File task : tasks) {
      try {
        for (String line : Files.readAllLines(task.toPath().resolve("status"))) {
          if (line.startsWith("voluntary_ctxt_switches:")) {
            total += Long.parseLong(line.substring("voluntary_ctxt_switches:".length()).trim());
          }
        }
      } catch (IOException | RuntimeException threadEnded) {
        // The thread ended between listing and reading.
      }
    }
    return total;
  }

  /** The difference of two {@link #cpuMillisByThreadKind} readings. */
  static Map<String, Long> minus(Map<String, Long> after, Map<String, Long> before) {
    Map<String, Long> difference = new TreeMap<>();
    after.forEach((kind, millis) -> difference.put(kind, millis - before.getOrDefault(kind, 0L)));
    return difference;
  }

  static String threadKind(String threadName) {
    if (threadName.startsWith("vert.x-eventloo")) {
      return "loops";
    }
    if (threadName.startsWith("C1 Compiler") || threadName.startsWith("C2 Compiler")) {
      return "jit";
    }
    if (threadName.startsWith("VM Thread") || threadName.startsWith("GC Thread") || threadName.startsWith("VM Periodic")) {
      return "gc+vm";
    }
    if (threadName.startsWith("hz.")) {
      return "hazelcast";
    }
    if (threadName.startsWith("vert.x-")) {
      return "vertx-other";
    }
    return "other";
  }

  /** The 1-, 5- and 15-minute load averages, as /proc/loadavg shows them. */
  static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }
}
