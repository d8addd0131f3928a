package dev.switchboard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The Switchboard benchmark (BENCHMARKS.md): runs each scenario against the sync dialect of the broker and,
 * in the same run, against the {@link BareRelay}, each server in its own JVM with the same flags, and
 * writes {@code <out>/report.md} with the ratios. Run it with {@code bench/run.sh [options]}; {@code --help}
 * lists the options. Not a test: surefire never runs it.
 */
public final class Benchmark {

  private static final String TWO_NODES = "2-node broker";
  private static final String SINGLE_NODE = "single-node broker";

  private final BenchmarkOptions options;
  private final ServerJvm jvm;
  private final ServerLauncher launcher;
  private final LoadRunner runner;
  private final Report report;
  private final String payload;
  private int runNumber;

  private Benchmark(BenchmarkOptions options) {
    this.options = options;
    this.jvm = ServerJvm.recommended(options.serverJava(), options.serverFlags());
    this.launcher = new ServerLauncher(copyOfBrokerJar(options), options.outputDirectory().toAbsolutePath(),
      new PortAllocator(options.portBase()), options.flightRecorder());
    this.runner = new LoadRunner(options);
    this.report = new Report(options, MachineInfo.read(), jvm);
    this.payload = FrameText.payload(options.payloadBytes());
  }

  public static void main(String[] args) throws IOException {
    BenchmarkOptions options;
    try {
      options = BenchmarkOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    if (!Files.isRegularFile(options.brokerJar())) {
      System.err.println("broker jar " + options.brokerJar() + " not found: run `mvn -q -B -DskipTests package` first");
      System.exit(2);
    }
    Files.createDirectories(options.outputDirectory());
    startWatchdog(options.maxMinutes());
    Benchmark benchmark = new Benchmark(options);
    String markdown = benchmark.runAll("bench/run.sh " + String.join(" ", args));
    Path file = options.outputDirectory().resolve("report.md");
    Files.writeString(file, markdown);
    System.out.println();
    System.out.println(markdown);
    System.out.println("report written to " + file);
    // Vert.x and JDK threads must not keep the JVM alive; the shutdown hook kills any server left.
    System.exit(0);
  }

  /**
   * Every broker of a run starts from one copy of the jar, so a rebuild of {@code target/switchboard.jar} during
   * the run (or a cleanup that kills processes by that jar's name) cannot change or stop the broker under test.
   */
  private static Path copyOfBrokerJar(BenchmarkOptions options) {
    Path copy = options.outputDirectory().toAbsolutePath().resolve("broker-under-test.jar");
    try {
      Files.copy(options.brokerJar(), copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new IllegalStateException("cannot copy " + options.brokerJar() + " to " + copy, e);
    }
    return copy;
  }

  private String runAll(String command) {
    System.out.println("server JVM: " + jvm.version() + " " + String.join(" ", jvm.flags()));
    if (options.scenarios().contains("reqres")) {
      for (Target target : options.targets()) {
        loadRun("reqres", target, options.clients(), LoadPlan.Mode.CLOSED_LOOP, 0, payload);
      }
    }
    if (options.scenarios().contains("fixedrate")) {
      for (Target target : options.targets()) {
        loadRun("fixedrate", target, options.clients(), LoadPlan.Mode.FIXED_RATE, options.fixedRate(), payload);
      }
    }
    if (options.scenarios().contains("fanout")) {
      String pad = "x".repeat(Math.max(0, options.payloadBytes() - 40));
      for (Target target : options.targets()) {
        loadRun("fanout", target, options.fanoutClients(), LoadPlan.Mode.NOTICES, options.noticeRate(), pad);
      }
    }
    if (options.scenarios().contains("idle")) {
      idleRuns();
    }
    if (options.scenarios().contains("cluster")) {
      clusterRuns();
    }
    return report.markdown(command);
  }

  private void loadRun(String scenario, Target target, int clients, LoadPlan.Mode mode, double rate, String data) {
    String name = runName(scenario, target.name().toLowerCase());
    System.out.println("== " + name + ": " + scenario + " against the " + target.label);
    ServerProcess server = null;
    try {
      server = target.start(launcher, jvm, name);
      int port = server.publicPort();
      report.add(runner.run(scenario, target.label, List.of(server), port, port, clients, mode, options.window(), rate, data));
      requireAlive(server);
    } catch (RuntimeException e) {
      failed(name, server, e);
    } finally {
      if (server != null) {
        server.stop();
      }
    }
  }

  private void idleRuns() {
    IdleConnectionsScenario idle = new IdleConnectionsScenario(options, launcher);
    List<ServerJvm> javas = new ArrayList<>();
    javas.add(jvm);
    for (Path java : options.extraIdleJavas()) {
      javas.add(ServerJvm.recommended(java, options.serverFlags()));
    }
    for (ServerJvm each : javas) {
      String label = "Java " + javaVersion(each);
      for (Target target : options.targets()) {
        String name = runName("idle", target.name().toLowerCase());
        System.out.println("== " + name + ": " + options.idleConnections() + " idle connections to the " + target.label
          + " on " + label);
        try {
          report.add(idle.run(target, each, label, name));
        } catch (RuntimeException e) {
          failed(name, null, e);
        }
      }
    }
  }

  private void clusterRuns() {
    if (report.load("reqres", Target.BROKER.label) == null) {
      // The ratio needs a single-node figure from the same run.
      String name = runName("cluster", "single");
      System.out.println("== " + name + ": single-node request/response baseline for the cluster ratio");
      ServerProcess single = null;
      try {
        single = launcher.startBroker(jvm, name);
        report.add(runner.run("cluster", SINGLE_NODE, List.of(single), single.publicPort(), single.publicPort(),
          options.clients(), LoadPlan.Mode.CLOSED_LOOP, options.window(), 0, payload));
      } catch (RuntimeException e) {
        failed(name, single, e);
      } finally {
        if (single != null) {
          single.stop();
        }
      }
    }
    String name = runName("cluster", "2nodes");
    System.out.println("== " + name + ": clients on node 1, service on node 2");
    List<ServerProcess> nodes = List.of();
    try {
      nodes = launcher.startCluster(jvm, name, 2);
      // The service registers on node 2; node 1 must see it (SPEC: within 1 s).
      report.add(runner.run("cluster", TWO_NODES, nodes, nodes.get(1).publicPort(), nodes.get(0).publicPort(),
        options.clients(), LoadPlan.Mode.CLOSED_LOOP, options.window(), 0, payload));
      nodes.forEach(Benchmark::requireAlive);
    } catch (RuntimeException e) {
      failed(name, nodes.isEmpty() ? null : nodes.get(0), e);
    } finally {
      nodes.forEach(ServerProcess::stop);
    }
  }

  private String runName(String scenario, String target) {
    return String.format("%02d-%s-%s", ++runNumber, scenario, target);
  }

  private void failed(String name, ServerProcess server, RuntimeException e) {
    String detail = e.getMessage() + (server == null ? "" : "\nserver log tail (" + server.name() + ".log):\n" + server.logTail());
    System.err.println("!! " + name + " failed: " + detail);
    e.printStackTrace();
    report.failed(name, new IllegalStateException(detail, e));
  }

  private static void requireAlive(ServerProcess server) {
    if (!server.isAlive()) {
      throw new IllegalStateException(server.name() + " died during the run");
    }
  }

  private static String javaVersion(ServerJvm jvm) {
    String version = jvm.version();
    int quote = version.indexOf('"');
    return quote >= 0 ? version.substring(quote + 1, version.indexOf('"', quote + 1)) : version;
  }

  /** Every run is bounded: past the limit the JVM exits and its shutdown hook kills the servers. */
  private static void startWatchdog(int maxMinutes) {
    Thread watchdog = new Thread(() -> {
      Sleep.millis(maxMinutes * 60_000L);
      System.err.println("benchmark exceeded --max-minutes " + maxMinutes + ": stopping");
      System.exit(3);
    }, "benchmark-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
  }
}
