package dev.switchboard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The push benchmark's JFR profile of the brokers ({@code --jfr}): settings with a finer execution sample, the
 * flag that records from the broker's start, and dumps of the recording while it runs. The brokers themselves are
 * started by {@link ServerLauncher}.
 */
final class PushBenchRecording {

  private PushBenchRecording() {
  }

  /**
   * Writes the JFR settings the brokers record with under {@code --jfr}: the JDK's {@code profile} settings with
   * Java execution sampled every {@code samplePeriodMs} (profile: 10 ms; finer gives more samples of a short
   * window). The recording runs from the broker's start ({@link #recordingFlag}): starting JFR in a running,
   * warmed-up broker deoptimises it for many seconds, which would make the profiled window unlike the others.
   */
  static Path writeRecordingSettings(ServerJvm jvm, Path workDirectory, int samplePeriodMs) {
    Path settings = workDirectory.resolve("push-bench-profile.jfc");
    Path jdkProfile = jvm.java().getParent().getParent().resolve("lib/jfr/profile.jfc");
    try {
      String text = Files.readString(jdkProfile);
      // <event name="jdk.ExecutionSample"> ... <setting name="period" ...>10 ms</setting> ... </event>
      int event = text.indexOf("<event name=\"jdk.ExecutionSample\">");
      int period = text.indexOf("<setting name=\"period\"", event);
      if (event < 0 || period < 0 || period > text.indexOf("</event>", event)) {
        throw new IOException("no jdk.ExecutionSample period in " + jdkProfile);
      }
      int value = text.indexOf('>', period) + 1;
      int valueEnd = text.indexOf('<', value);
      Files.writeString(settings, text.substring(0, value) + samplePeriodMs + " ms" + text.substring(valueEnd));
    } catch (IOException e) {
      throw new IllegalStateException("cannot write the JFR settings " + settings + ": " + e.getMessage(), e);
    }
    return settings;
  }

  /** The broker JVM flag that starts the recording at boot. */
  static String recordingFlag(Path settings) {
    return "-XX:StartFlightRecording=name=pushbench,settings=" + settings.toAbsolutePath();
  }

  /** Writes what the broker's recording holds so far to {@code file} (the window is picked out when reading). */
  static void dumpRecording(ServerJvm jvm, ServerProcess broker, Path file) {
    jcmd(jvm, broker, "JFR.dump", "name=pushbench", "filename=" + file.toAbsolutePath());
  }

  private static void jcmd(ServerJvm jvm, ServerProcess broker, String... command) {
    Path jcmd = jvm.jcmd();
    if (jcmd == null) {
      throw new IllegalStateException("--jfr needs jcmd next to " + jvm.java());
    }
    List<String> all = new ArrayList<>(List.of(jcmd.toString(), Long.toString(broker.pid())));
    all.addAll(List.of(command));
    List<String> output = Commands.run(all, 60);
    System.out.println("   jcmd " + String.join(" ", command) + " → " + String.join(" | ", output).trim());
  }
}
