package dev.switchboard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine a report was measured on: cores, memory and CPU model, read from /proc. */
record MachineInfo(int cores, long memoryMib, String cpuModel) {

  static MachineInfo read() {
    return new MachineInfo(Runtime.getRuntime().availableProcessors(), readMemoryMib(), readCpuModel());
  }

  private static long readMemoryMib() {
    for (String line : lines("/proc/meminfo")) {
      if (line.startsWith("MemTotal:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
      }
    }
    return -1;
  }

  private static String readCpuModel() {
    for (String line : lines("/proc/cpuinfo")) {
      if (line.startsWith("model name")) {
        return line.substring(line.indexOf(':') + 1).trim();
      }
    }
    return "unknown";
  }

  private static java.util.List<String> lines(String file) {
    try {
      return Files.readAllLines(Path.of(file));
    } catch (IOException e) {
      return java.util.List.of();
    }
  }
}
