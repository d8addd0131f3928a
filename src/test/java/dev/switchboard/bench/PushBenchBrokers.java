package dev.switchboard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts the broker JVMs of the push benchmark from the packaged jar with the main benchmark's JVM flags
 * ({@link ServerJvm#recommended}): one node, or two nodes forming a cluster of their own (a unique
 * {@code SB_CLUSTER_NAME}, their own Hazelcast ports in {@code SB_CLUSTER_MEMBERS}, {@code -cluster}, everything
 * on 127.0.0.1). Every node has its own public, API and sidecar ports and {@code push.token} set; the rest keeps
 * the shipped defaults — in particular one synchronous backup of every {@code sb.*} map ({@code cluster.xml}).
 * {@link ServerProcess} registers each JVM with a shutdown hook that kills it forcibly if the benchmark ends
 * any other way than through {@link ServerProcess#stop()}.
 */
final class PushBenchBrokers {

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

  private final Path jar;
  private final Path workDirectory;
  private final PortAllocator ports;

  PushBenchBrokers(Path jar, Path workDirectory, PortAllocator ports) {
    this.jar = jar;
    this.workDirectory = workDirectory;
    this.ports = ports;
  }

  ServerProcess single(ServerJvm jvm, String name) {
    int publicPort = ports.next();
    int apiPort = ports.next();
    return ServerProcess.start(name, jvm, arguments(name, publicPort, apiPort), Map.of(), publicPort, apiPort,
      workDirectory.resolve(name + ".log")).awaitReady(READY_TIMEOUT);
  }

  List<ServerProcess> cluster(ServerJvm jvm, String name, int count) {
    String clusterName = "push-bench-" + ProcessHandle.current().pid() + "-" + System.nanoTime() % 1_000_000;
    List<Integer> hazelcastPorts = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      hazelcastPorts.add(ports.next());
    }
    String members = String.join(",", hazelcastPorts.stream().map(port -> "127.0.0.1:" + port).toList());
    List<ServerProcess> nodes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String nodeName = name + "-node" + (i + 1);
      int publicPort = ports.next();
      int apiPort = ports.next();
      List<String> arguments = new ArrayList<>(arguments(nodeName, publicPort, apiPort));
      arguments.addAll(List.of("-cluster", "-cluster-host", "127.0.0.1"));
      Map<String, String> env = Map.of(
        "SB_CLUSTER_NAME", clusterName,
        "SB_CLUSTER_MEMBERS", members,
        "SB_CLUSTER_PORT", Integer.toString(hazelcastPorts.get(i)),
        "SB_CLUSTER_HOST", "127.0.0.1");
      nodes.add(ServerProcess.start(nodeName, jvm, arguments, env, publicPort, apiPort,
        workDirectory.resolve(nodeName + ".log")));
    }
    nodes.forEach(node -> node.awaitReady(READY_TIMEOUT));
    return nodes;
  }

  private List<String> arguments(String name, int publicPort, int apiPort) {
    Path config = workDirectory.resolve(name + ".json");
    String json = "{\"public\":{\"host\":\"127.0.0.1\",\"port\":" + publicPort + "},"
      + "\"api\":{\"host\":\"127.0.0.1\",\"port\":" + apiPort + ",\"token\":\"bench-token\"},"
      + "\"push\":{\"token\":\"" + PushBenchClients.TOKEN + "\"},"
      + "\"tapr\":{\"sidecar\":{\"host\":\"127.0.0.1\",\"port\":" + ports.next() + "}},"
      + "\"shutdown\":{\"graceMs\":1000}}";
    try {
      Files.writeString(config, json);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write " + config, e);
    }
    return List.of("-jar", jar.toString(), "-conf", config.toString());
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
