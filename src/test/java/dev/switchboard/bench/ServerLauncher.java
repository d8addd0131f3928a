package dev.switchboard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts the servers a scenario runs against, each in its own JVM with the same {@link ServerJvm}: a
 * single broker node ({@code java -jar target/switchboard.jar -conf FILE}), a clustered broker node
 * ({@code -cluster} with {@code SB_CLUSTER_*}), or the {@link BareRelay} from the test classpath.
 */
final class ServerLauncher {

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

  private final Path brokerJar;
  private final Path workDirectory;
  private final PortAllocator ports;
  private final boolean flightRecorder;
  private final String extraConfig;

  ServerLauncher(Path brokerJar, Path workDirectory, PortAllocator ports, boolean flightRecorder) {
    this(brokerJar, workDirectory, ports, flightRecorder, "");
  }

  /** {@code extraConfig}: members added to every broker's configuration object, e.g. {@code "push":{...}}. */
  ServerLauncher(Path brokerJar, Path workDirectory, PortAllocator ports, boolean flightRecorder, String extraConfig) {
    this.brokerJar = brokerJar;
    this.workDirectory = workDirectory;
    this.ports = ports;
    this.flightRecorder = flightRecorder;
    this.extraConfig = extraConfig.isEmpty() ? "" : extraConfig + ",";
  }

  ServerProcess startBroker(ServerJvm jvm, String name) {
    int publicPort = ports.next();
    int apiPort = ports.next();
    List<String> arguments = brokerArguments(name, publicPort, apiPort);
    return ServerProcess.start(name, jvm, withRecording(name, arguments), Map.of(), publicPort, apiPort,
      log(name)).awaitReady(READY_TIMEOUT);
  }

  /** Starts {@code count} broker nodes that form one cluster of their own (a unique name and member list). */
  List<ServerProcess> startCluster(ServerJvm jvm, String name, int count) {
    String clusterName = "switchboard-bench-" + ProcessHandle.current().pid() + "-" + System.nanoTime() % 100000;
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
      List<String> arguments = new ArrayList<>(brokerArguments(nodeName, publicPort, apiPort));
      arguments.add("-cluster");
      arguments.add("-cluster-host");
      arguments.add("127.0.0.1");
      Map<String, String> env = Map.of(
        "SB_CLUSTER_NAME", clusterName,
        "SB_CLUSTER_MEMBERS", members,
        "SB_CLUSTER_PORT", Integer.toString(hazelcastPorts.get(i)),
        "SB_CLUSTER_HOST", "127.0.0.1");
      nodes.add(ServerProcess.start(nodeName, jvm, withRecording(nodeName, arguments), env, publicPort, apiPort,
        log(nodeName)));
    }
    nodes.forEach(node -> node.awaitReady(READY_TIMEOUT));
    return nodes;
  }

  ServerProcess startRelay(ServerJvm jvm, String name) {
    int port = ports.next();
    List<String> arguments = List.of("-cp", System.getProperty("java.class.path"), BareRelay.class.getName(),
      "--port", Integer.toString(port));
    return ServerProcess.start(name, jvm, withRecording(name, arguments), Map.of(), port, port, log(name))
      .awaitReady(READY_TIMEOUT);
  }

  private List<String> brokerArguments(String name, int publicPort, int apiPort) {
    Path config = workDirectory.resolve(name + ".json");
    // Only loopback; every port of its own (two nodes run side by side); a short shutdown grace so stopping a
    // node never waits for the 20 s drain. Everything else keeps the shipped defaults.
    String json = "{\"public\":{\"host\":\"127.0.0.1\",\"port\":" + publicPort + "},"
      + "\"api\":{\"host\":\"127.0.0.1\",\"port\":" + apiPort + ",\"token\":\"bench-token\"},"
      + "\"tapr\":{\"sidecar\":{\"host\":\"127.0.0.1\",\"port\":" + ports.next() + "}},"
      + extraConfig + "\"shutdown\":{\"graceMs\":1000}}";
    try {
      Files.writeString(config, json);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write " + config, e);
    }
    return List.of("-jar", brokerJar.toString(), "-conf", config.toString());
  }

  /** With {@code --jfr}, the JVM records CPU samples to {@code <name>.jfr}, written when it is stopped. */
  private List<String> withRecording(String name, List<String> arguments) {
    if (!flightRecorder) {
      return arguments;
    }
    List<String> all = new ArrayList<>();
    all.add("-XX:StartFlightRecording=filename=" + workDirectory.resolve(name + ".jfr") + ",settings=profile,dumponexit=true");
    all.addAll(arguments);
    return all;
  }

  private Path log(String name) {
    return workDirectory.resolve(name + ".log");
  }
}
