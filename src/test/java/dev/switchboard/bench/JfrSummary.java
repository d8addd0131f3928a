package dev.switchboard.bench;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Summarises a JFR recording made with {@code Benchmark --jfr}: CPU samples by the method on top of the stack
 * (self) and by every method on the stack (inclusive), the allocation weight by class and by the first
 * Switchboard frame, and GC pauses. Usage: {@code java -cp <test classpath> dev.switchboard.bench.JfrSummary
 * FILE.jfr [top N]}.
 */
public final class JfrSummary {

  private JfrSummary() {
  }

  public static void main(String[] args) throws IOException {
    if (args.length < 1) {
      System.err.println("usage: JfrSummary FILE.jfr [N]");
      System.exit(2);
    }
    int top = args.length > 1 ? Integer.parseInt(args[1]) : 25;
    Map<String, Long> self = new HashMap<>();
    Map<String, Long> inclusive = new HashMap<>();
    Map<String, Long> selfByLibrary = new HashMap<>();
    Map<String, Long> allocationByClass = new HashMap<>();
    Map<String, Long> allocationBySite = new HashMap<>();
    long samples = 0;
    long allocated = 0;
    long gcCount = 0;
    Duration gcPause = Duration.ZERO;
    for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(args[0]))) {
      String type = event.getEventType().getName();
      switch (type) {
        case "jdk.ExecutionSample" -> {
          RecordedStackTrace stack = event.getStackTrace();
          if (stack == null || stack.getFrames().isEmpty()) {
            continue;
          }
          samples++;
          List<RecordedFrame> frames = stack.getFrames();
          self.merge(name(frames.get(0)), 1L, Long::sum);
          selfByLibrary.merge(library(name(frames.get(0))), 1L, Long::sum);
          Set<String> seen = new HashSet<>();
          for (RecordedFrame frame : frames) {
            String name = name(frame);
            if (seen.add(name)) {
              inclusive.merge(name, 1L, Long::sum);
            }
          }
        }
        case "jdk.ObjectAllocationSample" -> {
          long weight = event.getLong("weight");
          allocated += weight;
          allocationByClass.merge(event.getClass("objectClass").getName(), weight, Long::sum);
          allocationBySite.merge(firstProjectFrame(event.getStackTrace()), weight, Long::sum);
        }
        case "jdk.GarbageCollection" -> {
          gcCount++;
          gcPause = gcPause.plus(event.getDuration("sumOfPauses"));
        }
        default -> {
        }
      }
    }
    System.out.printf("%d CPU samples; %d GCs, %d ms paused in total; %.0f MB allocated (sampled weight)%n%n",
      samples, gcCount, gcPause.toMillis(), allocated / 1e6);
    print("CPU self (top of stack)", self, samples, top, "%");
    print("CPU self by library", selfByLibrary, samples, top, "%");
    print("CPU inclusive (anywhere on the stack)", inclusive, samples, top, "%");
    Map<String, Long> project = new HashMap<>();
    inclusive.forEach((method, count) -> {
      if (method.startsWith("dev.switchboard.") || method.startsWith("io.vertx.core.eventbus.")) {
        project.put(method, count);
      }
    });
    print("CPU inclusive, dev.switchboard and Vert.x event-bus methods", project, samples, top, "%");
    print("allocation by class", allocationByClass, allocated, top, "%");
    print("allocation by first dev.switchboard / vert.x frame", allocationBySite, allocated, top, "%");
  }

  private static String name(RecordedFrame frame) {
    return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
  }

  /** The library a method belongs to, by package: what share of the CPU is parsing, netty, the event bus... */
  private static String library(String method) {
    String[] prefixes = {"dev.switchboard.", "com.fasterxml.jackson.", "io.vertx.core.eventbus.", "io.vertx.",
      "io.netty.", "java.util.regex.", "com.hazelcast.", "sun.nio.", "java.", "jdk.", "sun."};
    for (String prefix : prefixes) {
      if (method.startsWith(prefix)) {
        return prefix + "*";
      }
    }
    return "other";
  }

  private static String firstProjectFrame(RecordedStackTrace stack) {
    if (stack == null) {
      return "(no stack)";
    }
    for (RecordedFrame frame : stack.getFrames()) {
      String name = name(frame);
      if (name.startsWith("dev.switchboard.") || name.startsWith("io.vertx.")) {
        return name;
      }
    }
    return stack.getFrames().isEmpty() ? "(empty)" : name(stack.getFrames().get(0));
  }

  private static void print(String title, Map<String, Long> counts, long total, int top, String unit) {
    System.out.println("## " + title);
    counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(top)
      .forEach(e -> System.out.printf("%6.2f %s  %s%n", 100.0 * e.getValue() / Math.max(1, total), unit, e.getKey()));
    System.out.println();
  }
}
