package dev.switchboard.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * How a server process (broker or bare relay) is started: which {@code java}, with which flags and
 * environment. Broker and relay always get the same one, so a ratio compares code, not JVM settings.
 * The flags are the memory settings DESIGN "Stack facts" recommends.
 */
record ServerJvm(Path java, List<String> flags, Map<String, String> environment, boolean nativeTrim) {

  static ServerJvm recommended(Path java, List<String> extraFlags) {
    List<String> flags = new ArrayList<>(List.of(
      "-XX:+UseSerialGC", "-Xmn32m", "-XX:SurvivorRatio=2",
      "-Djava.util.concurrent.ForkJoinPool.common.parallelism=2"));
    boolean trim = supportsNativeTrim(java);
    if (trim) {
      flags.add("-XX:+UnlockExperimentalVMOptions");
      flags.add("-XX:TrimNativeHeapInterval=1000");
    }
    flags.addAll(extraFlags);
    return new ServerJvm(java, List.copyOf(flags), Map.of("MALLOC_ARENA_MAX", "2"), trim);
  }

  /** The {@code java} of the JVM running the benchmark. */
  static Path currentJava() {
    return Path.of(System.getProperty("java.home"), "bin", "java");
  }

  /** {@code jcmd} next to this JVM's {@code java}, or {@code null} when that JDK has none. */
  Path jcmd() {
    Path jcmd = java.getParent().resolve("jcmd");
    return Files.isExecutable(jcmd) ? jcmd : null;
  }

  /** The first line of {@code java -version}, e.g. {@code openjdk version "17.0.15" 2025-04-15}. */
  String version() {
    List<String> lines = Commands.run(List.of(java.toString(), "-version"), 20);
    return String.join(" / ", lines.subList(0, Math.min(2, lines.size())));
  }

  /** TrimNativeHeapInterval is a product flag from JDK 22 and an experimental backport in some 17 builds. */
  private static boolean supportsNativeTrim(Path java) {
    try {
      Process probe = new ProcessBuilder(java.toString(), "-XX:+UnlockExperimentalVMOptions",
        "-XX:TrimNativeHeapInterval=1000", "-version").redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!probe.waitFor(20, TimeUnit.SECONDS)) {
        probe.destroyForcibly();
        return false;
      }
      return probe.exitValue() == 0;
    } catch (Exception e) {
      return false;
    }
  }
}
