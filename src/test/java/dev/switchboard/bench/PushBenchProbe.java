package dev.switchboard.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the push benchmark reads from /proc besides {@link ProcessProbe}'s CPU figures: the threads' voluntary
 * context switches (hand-offs per message), and the load average of the machine, which the report states because
 * other benchmarks and test suites may share the 2 cores.
 */
final class PushBenchProbe {

  private PushBenchProbe() {
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

  /** The difference of two {@link ProcessProbe#cpuMillisByThreadKind} readings. */
  static Map<String, Long> minus(Map<String, Long> after, Map<String, Long> before) {
    Map<String, Long> difference = new TreeMap<>();
    after.forEach((kind, millis) -> difference.put(kind, millis - before.getOrDefault(kind, 0L)));
    return difference;
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
