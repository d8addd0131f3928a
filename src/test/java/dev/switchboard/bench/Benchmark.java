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
    Benchmark benchmark = new Benchmark(options);
    String command = "bench/run.sh " + String.join(" ", args);
    Path file = options.outputDirectory().resolve("report.md");
    startWatchdog(options.maxMinutes(), () -> Files.writeString(file,
      "**Incomplete: stopped by --max-minutes " + options.maxMinutes() + ".**\n\n" + benchmark.report.markdown(command)));
    String markdown = benchmark.runAll(command);
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

  /** One scenario against one single-node target (broker or relay), run again when the machine was busy. */
  private void loadRun(String scenario, Target target, int clients, LoadPlan.Mode mode, double rate, String data) {
    measure(scenario, target.label, target.name().toLowerCase(), name -> List.of(target.start(launcher, jvm, name)),
      0, 0, clients, mode, rate, data, options.warmupSeconds());
  }

  /** Starts the servers of one run; the run's name names their logs and configurations. */
  private interface Servers {
    List<ServerProcess> start(String runName);
  }

  /**
   * Starts fresh servers, runs the load (service on server {@code serviceNode}, clients on {@code clientNode}),
   * stops them; repeats up to {@code --retries} times while other processes disturbed the measured window, and
   * reports the least disturbed attempt.
   */
  private void measure(String scenario, String label, String suffix, Servers servers, int serviceNode, int clientNode,
                       int clients, LoadPlan.Mode mode, double rate, String data, int warmupSeconds) {
    LoadResult best = null;
    for (int attempt = 0; attempt <= options.retries(); attempt++) {
      String name = runName(scenario, suffix);
      System.out.println("== " + name + ": " + scenario + " against the " + label);
      List<ServerProcess> started = new ArrayList<>();
      try {
        started.addAll(servers.start(name));
        LoadResult result = runner.run(scenario, label, started, started.get(serviceNode).publicPort(),
          started.get(clientNode).publicPort(), clients, mode, options.window(), rate, data, warmupSeconds);
        started.forEach(Benchmark::requireAlive);
        if (best == null || result.otherCores() < best.otherCores()) {
          best = result;
        }
      } catch (RuntimeException e) {
        failed(name, started.isEmpty() ? null : started.get(0), e);
        return;
      } finally {
        started.forEach(ServerProcess::stop);
      }
      if (!best.disturbed()) {
        break;
      }
      System.out.printf("   other processes used %.2f cores during the window: %s%n", best.otherCores(),
        attempt < options.retries() ? "running it again" : "keeping the least disturbed run");
    }
    report.add(best);
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
      measure("cluster", SINGLE_NODE, "single", name -> List.of(launcher.startBroker(jvm, name)), 0, 0,
        options.clients(), LoadPlan.Mode.CLOSED_LOOP, 0, payload, options.warmupSeconds());
    }
    // Two JVMs share the JIT's work and the cores: they get twice the warm-up. The service registers on node 2
    // and node 1 routes to it (SPEC: registrations converge within 1 s, well before the load starts).
    measure("cluster", TWO_NODES, "2nodes", name -> launcher.startCluster(jvm, name, 2), 1, 0,
      options.clients(), LoadPlan.Mode.CLOSED_LOOP, 0, payload, 2 * options.warmupSeconds());
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

  /** What the watchdog does before it stops the JVM: write what has been measured so far. */
  private interface LastWords {
    void write() throws Exception;
  }

  /** Every run is bounded: past the limit the JVM exits and its shutdown hook kills the servers. */
  private static void startWatchdog(int maxMinutes, LastWords lastWords) {
    Thread watchdog = new Thread(() -> {
      Sleep.millis(maxMinutes * 60_000L);
      System.err.println("benchmark exceeded --max-minutes " + maxMinutes + ": writing a partial report and stopping");
      try {
        lastWords.write();
      } catch (Exception e) {
        System.err.println("could not write the partial report: " + e);
      }
      System.exit(3);
    }, "benchmark-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
  }
}
