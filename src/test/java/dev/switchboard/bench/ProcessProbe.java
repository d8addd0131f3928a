package dev.switchboard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

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
