package dev.switchboard.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The live heap of a JVM by class, from {@code jcmd <pid> GC.class_histogram} (which runs a full GC first,
 * so only live objects count), and the difference between two of them: where the bytes of N connections go.
 */
final class ClassHistogram {

  record Entry(String className, long instances, long bytes) {
  }

  private final Map<String, Entry> byClass;

  private ClassHistogram(Map<String, Entry> byClass) {
    this.byClass = byClass;
  }

  static ClassHistogram of(Path jcmd, long pid) {
    Map<String, Entry> byClass = new HashMap<>();
    for (String line : Commands.run(List.of(jcmd.toString(), Long.toString(pid), "GC.class_histogram"), 120)) {
      // "   1:        123456       7890123  [B (java.base@17.0.15)"
      String[] fields = line.trim().split("\\s+");
      if (fields.length < 4 || !fields[0].endsWith(":")) {
        continue;
      }
      try {
        byClass.put(fields[3], new Entry(fields[3], Long.parseLong(fields[1]), Long.parseLong(fields[2])));
      } catch (NumberFormatException notARow) {
        // Header or total line.
      }
    }
    if (byClass.isEmpty()) {
      throw new IllegalStateException("jcmd " + pid + " GC.class_histogram printed no classes");
    }
    return new ClassHistogram(byClass);
  }

  long totalBytes() {
    return byClass.values().stream().mapToLong(Entry::bytes).sum();
  }

  /** What {@code this} holds more than {@code before}, largest first. */
  List<Entry> growthSince(ClassHistogram before) {
    List<Entry> growth = new ArrayList<>();
    byClass.forEach((name, entry) -> {
      Entry old = before.byClass.get(name);
      long instances = entry.instances() - (old == null ? 0 : old.instances());
      long bytes = entry.bytes() - (old == null ? 0 : old.bytes());
      if (bytes != 0) {
        growth.add(new Entry(name, instances, bytes));
      }
    });
    growth.sort(Comparator.comparingLong(Entry::bytes).reversed());
    return growth;
  }
}
