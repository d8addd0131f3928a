package dev.switchboard.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * What the dialect benchmarks ({@link TaprBenchmark}, {@link SocketIoBenchmark}) share around their scenarios:
 * {@code --name value} options checked against the known names, the run-and-report {@code main}, and the bounded
 * waits for counters.
 */
final class BenchCommandLine {

  /** A benchmark run: the report's Markdown, given the command line that started it. */
  interface Run {
    String report(String command) throws Exception;
  }

  private BenchCommandLine() {
  }

  /**
   * {@code --name value} pairs by name.
   *
   * @throws IllegalArgumentException with {@code usage} for {@code --help}, a stray argument or an unknown name
   */
  static Map<String, String> options(String[] args, List<String> known, String usage) {
    Map<String, String> given = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--help") || args[i].equals("-h")) {
        throw new IllegalArgumentException(usage);
      }
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("unknown argument " + args[i] + "\n" + usage);
      }
      given.put(args[i].substring(2), args[++i]);
    }
    for (String key : given.keySet()) {
      if (!known.contains(key)) {
        throw new IllegalArgumentException("unknown option --" + key + "\n" + usage);
      }
    }
    return given;
  }

  /** The parsed options, or (usage or a bad option) the message on stderr and exit status 2. */
  static <T> T parseOrExit(String[] args, java.util.function.Function<String[], T> parse) {
    try {
      return parse.apply(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return null;
    }
  }

  /** The server JVM flags that record it with JFR into {@code out/broker.jfr} when {@code record}, else none. */
  static List<String> flightRecorderFlags(boolean record, Path out) {
    return record ? List.of("-XX:StartFlightRecording=filename=" + out.toAbsolutePath().resolve("broker.jfr")
      + ",settings=profile,dumponexit=true") : List.of();
  }

  /** Checks the broker jar, runs, prints the report and writes it to {@code out/report.md}; exits the JVM. */
  static void runAndReport(String script, String[] args, Path jar, Path out, Run run) throws Exception {
    if (!Files.isRegularFile(jar)) {
      System.err.println("broker jar " + jar + " not found: run `mvn -q -B -DskipTests package` first");
      System.exit(2);
    }
    Files.createDirectories(out);
    String report = run.report(script + " " + String.join(" ", args));
    Path file = out.resolve("report.md");
    Files.writeString(file, report);
    System.out.println();
    System.out.println(report);
    System.out.println("report written to " + file);
    System.exit(0);
  }

  /** Waits until {@code count} reaches {@code expected}; fails after {@code seconds}. */
  static void awaitCount(String what, LongSupplier count, long expected, int seconds) {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    while (count.getAsLong() < expected) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(what + ": " + count.getAsLong() + " of " + expected + " after " + seconds
          + " s");
      }
      Sleep.millis(20);
    }
  }

  /** Waits (at most 60 s) until {@code count} stops moving: the server has delivered what it had queued. */
  static void awaitStill(LongSupplier count) {
    long deadline = System.nanoTime() + 60_000_000_000L;
    long last = -1;
    while (count.getAsLong() != last && System.nanoTime() < deadline) {
      last = count.getAsLong();
      Sleep.millis(500);
    }
  }
}
