package dev.switchboard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.File;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads what Linux knows about a process: CPU time (utime + stime from {@code /proc/<pid>/stat}, in clock
 * ticks of 10 ms) and resident memory ({@code VmRSS} from {@code /proc/<pid>/status}). The CPU time a server
 * spends per operation is the figure that stays stable on a 2-core machine where the load generator competes
 * for the same cores.
 */
final class ProcessProbe {

  /** {@code getconf CLK_TCK}: 100 on every Linux this runs on. */
  static final long CLOCK_TICKS_PER_SECOND = 100;

  private ProcessProbe() {
  }

  /** User plus system CPU time consumed so far, in milliseconds. */
  static long cpuMillis(long pid) {
    String stat = read(Path.of("/proc", Long.toString(pid), "stat"));
    // The command name (field 2) may hold spaces and parentheses: count fields after the last ')'.
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
    long utime = Long.parseLong(fields[11]);
    long stime = Long.parseLong(fields[12]);
    return (utime + stime) * 1000 / CLOCK_TICKS_PER_SECOND;
  }

  /**
   * CPU milliseconds so far per kind of thread (Vert.x event loops, other Vert.x threads, JIT compiler, GC and VM,
   * Hazelcast, other),
   * from {@code /proc/<pid>/task/*}: shows whether a window's CPU went to messages or to compiling and collecting.
   */
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
        long millis = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 1000 / CLOCK_TICKS_PER_SECOND;
        byKind.merge(threadKind(name), millis, Long::sum);
      } catch (IOException | RuntimeException threadEnded) {
        // The thread ended between listing and reading.
      }
    }
    return byKind;
  }

  static String threadKind(String threadName) {
    if (threadName.startsWith("vert.x-eventloo")) {
      return "loops";
    }
    if (threadName.startsWith("C1 Compiler") || threadName.startsWith("C2 Compiler")) {
      return "jit";
    }
    if (threadName.startsWith("VM Thread") || threadName.startsWith("GC Thread") || threadName.startsWith("G1 ")
      || threadName.startsWith("VM Periodic")) {
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

  /** The nice value of a process (field 19 of {@code /proc/<pid>/stat}); negative means raised priority. */
  static int niceness(long pid) {
    String stat = read(Path.of("/proc", Long.toString(pid), "stat"));
    return Integer.parseInt(stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ")[16]);
  }

  /** This process's limit on open files ({@code Max open files} soft limit); children inherit it. */
  static long openFilesLimit() {
    for (String line : read(Path.of("/proc/self/limits")).split("\n")) {
      if (line.startsWith("Max open files")) {
        String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
        return soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft);
      }
    }
    return Long.MAX_VALUE;
  }

  /** Resident set size, in KiB. */
  static long rssKib(long pid) {
    return statusField(pid, "VmRSS:");
  }

  static long threads(long pid) {
    return statusField(pid, "Threads:");
  }

  private static long statusField(long pid, String name) {
    for (String line : read(Path.of("/proc", Long.toString(pid), "status")).split("\n")) {
      if (line.startsWith(name)) {
        return Long.parseLong(line.substring(name.length()).trim().split("\\s+")[0]);
      }
    }
    throw new IllegalStateException(name + " missing in /proc/" + pid + "/status");
  }

  private static String read(Path path) {
    try {
      return Files.readString(path);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + path + " (has the process exited?)", e);
    }
  }
}
