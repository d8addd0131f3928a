package dev.switchboard.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The push benchmark (docs/benchmarks-push.md, issue 3 item 7): personal messages from N senders to N receivers
 * that acknowledge each one, on one node and on 2 clustered nodes (senders on node 1, receivers on node 2,
 * backups on as shipped), with a sync request/response baseline of the same shape against the same broker(s)
 * in the same run.
 * <p>
 * The brokers run in JVMs of their own from the packaged jar (a copy taken at start, so a rebuild during the run
 * changes nothing) with the main benchmark's JVM flags; the clients run in this JVM on {@code --loops} event
 * loops. For each window the report gives throughput, p50/p99 latency, broker CPU per operation from
 * /proc/&lt;pid&gt;/stat (per node and summed), the CPU other processes used meanwhile, the ratio push / sync and
 * whether the targets are met. {@code --jfr true} runs each broker with Java Flight Recorder from its
 * start and summarises where the samples of the push window went ({@link PushBenchProfile}); the figures of such
 * a run include the recorder's overhead.
 * <p>
 * Run: {@code mvn -q -B -DskipTests package && bench/run-push.sh [options]}; {@code --help} lists them. Not a
 * test: surefire never runs it. Every wait is bounded; a watchdog ends the run after {@code --max-minutes}, and
 * the brokers are killed on any exit ({@link ServerProcess}'s shutdown hook).
 */
public final class PushBenchmark {

  static final double TARGET_SINGLE_RATE = 30_000;
  static final double TARGET_SINGLE_CPU_MICROS = 20;
  static final double TARGET_CLUSTER_RATE = 8_000;

  private record Options(Path jar, Path out, int seconds, int warmup, int maxWarmup, int pairs, int window, int loops, int padBytes,
                         int syncClients, int syncWindow, int quietWait, int maxMinutes, long maxPerPair,
                         boolean flightRecorder, List<String> scenarios) {
    static Options parse(String[] args) {
      Map<String, String> given = new HashMap<>();
      for (int i = 0; i < args.length; i++) {
        if (args[i].equals("--help") || args[i].equals("-h")) {
          throw new IllegalArgumentException(USAGE);
        }
        if (!args[i].startsWith("--") || i + 1 >= args.length) {
          throw new IllegalArgumentException("unknown argument " + args[i] + "\n" + USAGE);
        }
        given.put(args[i].substring(2), args[++i]);
      }
      List<String> known = List.of("jar", "out", "seconds", "warmup", "max-warmup", "pairs", "window", "loops", "pad", "sync-clients",
        "sync-window", "quiet-wait", "max-minutes", "max-per-pair", "jfr", "scenarios");
      for (String key : given.keySet()) {
        if (!known.contains(key)) {
          throw new IllegalArgumentException("unknown option --" + key + "\n" + USAGE);
        }
      }
      int pairs = positive(given, "pairs", 32);
      int window = positive(given, "window", 8);
      List<String> scenarios = List.of(given.getOrDefault("scenarios", "single,cluster").split(","));
      for (String scenario : scenarios) {
        if (!scenario.equals("single") && !scenario.equals("cluster")) {
          throw new IllegalArgumentException("unknown scenario " + scenario + " (single, cluster)\n" + USAGE);
        }
      }
      return new Options(Path.of(given.getOrDefault("jar", "target/switchboard.jar")),
        Path.of(given.getOrDefault("out", "target/push-bench")),
        positive(given, "seconds", 10), nonNegative(given, "warmup", 15), nonNegative(given, "max-warmup", 90), pairs, window,
        positive(given, "loops", 2), nonNegative(given, "pad", 64),
        positive(given, "sync-clients", pairs), positive(given, "sync-window", window),
        nonNegative(given, "quiet-wait", 10), positive(given, "max-minutes", 10),
        Long.parseLong(given.getOrDefault("max-per-pair", "10000000")),
        Boolean.parseBoolean(given.getOrDefault("jfr", "false")), scenarios);
    }

    private static int positive(Map<String, String> given, String key, int fallback) {
      int value = Integer.parseInt(given.getOrDefault(key, Integer.toString(fallback)));
      if (value <= 0) {
        throw new IllegalArgumentException("--" + key + " must be positive");
      }
      return value;
    }

    private static int nonNegative(Map<String, String> given, String key, int fallback) {
      int value = Integer.parseInt(given.getOrDefault(key, Integer.toString(fallback)));
      if (value < 0) {
        throw new IllegalArgumentException("--" + key + " must not be negative");
      }
      return value;
    }
  }

  private static final String USAGE = """
    usage: bench/run-push.sh [options]
      --scenarios LIST   single (one node), cluster (2 nodes: senders on node 1, receivers on node 2); default both
      --pairs N          senders, each sending to its own receiver (32)
      --window W         messages a sender keeps outstanding, i.e. sent and not yet MESSAGE_REPLY'd (8)
      --sync-clients N   sync clients of the baseline (= --pairs)
      --sync-window W    requests each sync client keeps outstanding (= --window)
      --loops N          event loops of the load generator (2)
      --pad N            characters of padding in each message's text / request's data (64)
      --seconds N        measured window per workload (10)
      --warmup N         warm-up seconds at least before each window (15)
      --max-warmup N     ... and at most: it goes on while the brokers' JIT is busy or the rate climbs (90)
      --quiet-wait N     at most N seconds waiting for other processes to leave the CPUs alone (10)
      --jfr true         run the brokers with JFR (2 ms sampling) and summarise the samples of the push windows
      --max-per-pair N   messages (requests) per sender (sync client) at most (10000000)
      --max-minutes N    watchdog: the run is ended (brokers killed) after N minutes (10)
      --jar PATH         the broker jar (target/switchboard.jar; a copy is run)
      --out DIR          logs, configurations, recordings and report.md (target/push-bench)""";

  /** CPU of one broker node over a window. */
  private record NodeCpu(String name, long cpuMillis, Map<String, Long> byThreadKind, long contextSwitches) {
  }

  /** One measured window. */
  private record Figure(String topology, String workload, String unit, long operations, double seconds,
                        List<NodeCpu> nodes, long generatorCpuMillis, long machineBusyMillis,
                        LatencyHistogram latency, LatencyHistogram receipt, String loadAverage, int warmup,
                        String note) {
    double perSecond() {
      return operations / seconds;
    }

    long brokerCpuMillis() {
      return nodes.stream().mapToLong(NodeCpu::cpuMillis).sum();
    }

    double brokerMicrosPerOperation() {
      return operations == 0 ? Double.NaN : brokerCpuMillis() * 1000.0 / operations;
    }

    double brokerCores() {
      return brokerCpuMillis() / 1000.0 / seconds;
    }

    double generatorCores() {
      return generatorCpuMillis / 1000.0 / seconds;
    }

    double othersCores() {
      return Math.max(0, machineBusyMillis - brokerCpuMillis() - generatorCpuMillis) / 1000.0 / seconds;
    }
  }

  private final Options options;
  private final ServerJvm jvm;
  private final ServerLauncher brokers;
  private final List<Figure> figures = new ArrayList<>();
  private final Map<String, PushBenchProfile.Summary> profiles = new LinkedHashMap<>();
  private final List<String> problems = new ArrayList<>();

  private PushBenchmark(Options options, Path jar) {
    this.options = options;
    ServerJvm plain = ServerJvm.recommended(ServerJvm.currentJava(), List.of());
    this.jvm = options.flightRecorder()
      ? ServerJvm.recommended(plain.java(), List.of(PushBenchRecording.recordingFlag(
        PushBenchRecording.writeRecordingSettings(plain, options.out().toAbsolutePath(), 2))))
      : plain;
    // Each broker with push.token set; the rest keeps the shipped defaults (one synchronous backup of every sb.* map).
    this.brokers = new ServerLauncher(jar, options.out().toAbsolutePath(), new PortAllocator(43000), false,
      "\"push\":{\"token\":\"" + PushBenchClients.TOKEN + "\"}");
  }

  public static void main(String[] args) throws Exception {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    if (!Files.isRegularFile(options.jar())) {
      System.err.println("broker jar " + options.jar() + " not found: run `mvn -q -B -DskipTests package` first");
      System.exit(2);
    }
    Files.createDirectories(options.out());
    startWatchdog(options.maxMinutes());
    // A rebuild of target/switchboard.jar during the run must not change (or stop) the broker under test.
    Path jar = options.out().toAbsolutePath().resolve("push-broker-under-test.jar");
    Files.copy(options.jar(), jar, StandardCopyOption.REPLACE_EXISTING);
    String report;
    try {
      report = new PushBenchmark(options, jar).run("bench/run-push.sh " + String.join(" ", args));
    } catch (RuntimeException e) {
      e.printStackTrace();
      System.exit(1);
      return;
    }
    Path file = options.out().resolve("report.md");
    Files.writeString(file, report);
    System.out.println();
    System.out.println(report);
    System.out.println("report written to " + file);
    // Vert.x threads must not keep the JVM alive; the shutdown hook kills any broker left.
    System.exit(0);
  }

  private static void startWatchdog(int minutes) {
    Thread watchdog = new Thread(() -> {
      try {
        Thread.sleep(minutes * 60_000L);
      } catch (InterruptedException e) {
        return;
      }
      System.err.println("push benchmark: still running after " + minutes + " min, giving up (brokers are killed)");
      // Kill the brokers here rather than trusting the shutdown hooks of a JVM that may be stuck.
      ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
      Runtime.getRuntime().halt(3);
    }, "push-bench-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
  }

  private String run(String command) {
    System.out.println("broker JVM: " + jvm.version() + " " + String.join(" ", jvm.flags()));
    Vertx load = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(options.loops()));
    try {
      if (options.scenarios().contains("single")) {
        single(load);
      }
      if (options.scenarios().contains("cluster")) {
        cluster(load);
      }
    } finally {
      try {
        load.close().await(30, TimeUnit.SECONDS);
      } catch (Exception ignored) {
        // the report matters more than a clean close
      }
    }
    return report(command);
  }

  private void single(Vertx load) {
    System.out.println("== one node");
    ServerProcess node = brokers.startBroker(jvm, "push-single");
    try {
      quiet();
      List<ServerProcess> nodes = List.of(node);
      sync(load, "1 node", nodes, node.publicPort(), node.publicPort());
      push(load, "1 node", nodes, node.publicPort(), node.publicPort());
      requireAlive(nodes);
    } finally {
      node.stop();
    }
  }

  private void cluster(Vertx load) {
    System.out.println("== 2 clustered nodes (senders / sync clients on node 1, receivers / sync service on node 2)");
    List<ServerProcess> nodes = brokers.startCluster(jvm, "push-cluster", 2);
    try {
      quiet();
      sync(load, "2 nodes", nodes, nodes.get(0).publicPort(), nodes.get(1).publicPort());
      push(load, "2 nodes", nodes, nodes.get(0).publicPort(), nodes.get(1).publicPort());
      requireAlive(nodes);
    } finally {
      nodes.forEach(ServerProcess::stop);
    }
  }

  private void quiet() {
    if (options.quietWait() > 0) {
      MachineLoad.awaitQuiet(0.3, options.quietWait());
    }
  }

  private void sync(Vertx load, String topology, List<ServerProcess> nodes, int clientPort, int servicePort) {
    System.out.printf("-- sync request/response: %d clients × %d outstanding, one echo service%n",
      options.syncClients(), options.syncWindow());
    try (PushBenchSync sync = new PushBenchSync(load, options.syncWindow(), options.padBytes(), options.maxPerPair())) {
      sync.connect(clientPort, servicePort, options.syncClients());
      Sleep.millis(500);
      sync.start();
      Figure figure = measure(topology, "sync request/response", "responses/s", nodes, sync::responses,
        sync::openWindow, sync::closeWindow);
      long missing = sync.stopAndDrain(15);
      LatencyHistogram latency = sync.latency();
      String note = "request → response; " + sync.errors() + " error responses"
        + (missing > 0 ? "; " + missing + " responses missing at the end" : "");
      figures.add(withLatency(figure, latency, null, note));
      if (sync.errors() > 0 || missing > 0) {
        problems.add(topology + " sync: " + note);
      }
    }
  }

  private void push(Vertx load, String topology, List<ServerProcess> nodes, int senderPort, int receiverPort) {
    System.out.printf("-- push personal messages: %d senders → %d receivers, %d outstanding per sender%n",
      options.pairs(), options.pairs(), options.window());
    String prefix = "pb" + (topology.startsWith("1") ? "1" : "2");
    try (PushBenchClients clients = new PushBenchClients(load, options.padBytes(), options.window(),
      options.maxPerPair())) {
      clients.connect(senderPort, receiverPort, options.pairs(), prefix);
      Sleep.millis(500);
      clients.start();
      // With --jfr, the profile is of the window only: its start and end pick the samples out of the recording.
      Instant[] window = new Instant[2];
      Figure figure = measure(topology, "push personal, acknowledged", "acknowledged messages/s", nodes,
        clients::acknowledged, () -> {
          window[0] = Instant.now();
          clients.openWindow();
        }, () -> {
          clients.closeWindow();
          window[1] = Instant.now();
        });
      if (options.flightRecorder()) {
        for (ServerProcess node : nodes) {
          Path file = options.out().toAbsolutePath().resolve(node.name() + "-push.jfr");
          PushBenchRecording.dumpRecording(jvm, node, file);
          summarize(node.name(), file, window[0], window[1]);
        }
      }
      long missing = clients.stopAndDrain(15);
      LatencyHistogram[] latencies = clients.latencies();
      String note = String.format(Locale.ROOT, "send → MESSAGE_REPLY; %d received, %d acknowledged, %d replies not ok,"
          + " %d re-sent deliveries, %d replies without receipt, %d other frames%s",
        clients.received(), clients.acknowledged(), clients.notAcknowledged(), clients.duplicates(),
        clients.repliesWithoutReceipt(), clients.otherFrames(),
        missing > 0 ? ", " + missing + " replies missing at the end" : "");
      figures.add(withLatency(figure, latencies[0], latencies[1], note));
      if (clients.notAcknowledged() > 0 || clients.otherFrames() > 0 || missing > 0) {
        problems.add(topology + " push: " + note + (clients.otherSamples().isEmpty() ? ""
          : "; e.g. " + String.join(" / ", clients.otherSamples())));
      }
    }
  }

  private void summarize(String name, Path file, Instant from, Instant to) {
    try {
      PushBenchProfile.Summary summary = PushBenchProfile.summarize(file, 20, from, to);
      profiles.put(name, summary);
      Files.writeString(options.out().resolve(name + "-push.profile.txt"), summary.text());
    } catch (IOException | RuntimeException e) {
      problems.add("profile of " + name + " could not be read: " + e.getMessage());
    }
  }

  private static Figure withLatency(Figure figure, LatencyHistogram latency, LatencyHistogram receipt, String note) {
    return new Figure(figure.topology(), figure.workload(), figure.unit(), figure.operations(), figure.seconds(),
      figure.nodes(), figure.generatorCpuMillis(), figure.machineBusyMillis(), latency, receipt,
      figure.loadAverage(), figure.warmup(), note);
  }

  /**
   * Warms up for at least {@code --warmup} seconds and then as long as the path is still being compiled — a
   * broker's JIT threads used more than 0.1 core over the last 5 s — or the rate still climbs (the last 5 s more
   * than 3 % above the 5 s before), but at most {@code --max-warmup} seconds. A slow path warms up slowly: the
   * 2-node push path needs 60-90 s before C2 has compiled Hazelcast's side of it. Answers the seconds.
   */
  private int warmUp(LongSupplier counter, List<ServerProcess> nodes) {
    List<Long> counts = new ArrayList<>();
    List<Long> jit = new ArrayList<>();
    long start = System.nanoTime();
    counts.add(counter.getAsLong());
    jit.add(jitMillis(nodes));
    int second = 0;
    while (second < Math.max(options.warmup(), options.maxWarmup())) {
      second++;
      Sleep.untilNanos(start + second * 1_000_000_000L);
      counts.add(counter.getAsLong());
      jit.add(jitMillis(nodes));
      if (second >= options.warmup() && second >= 10) {
        long recent = counts.get(second) - counts.get(second - 5);
        long before = counts.get(second - 5) - counts.get(second - 10);
        long compiling = jit.get(second) - jit.get(second - 5);
        if (recent <= before * 1.03 && compiling <= 500L * nodes.size()) {
          break;
        }
      }
      if (second % 5 == 0) {
        System.out.printf("   warm-up %2ds: %d/s, JIT %d ms in the last 5 s%n", second,
          (counts.get(second) - counts.get(second - 5)) / 5, jit.get(second) - jit.get(second - 5));
      }
    }
    System.out.printf("   warm-up took %d s%n", second);
    return second;
  }

  /** CPU milliseconds the JIT compiler threads of these brokers have used so far. */
  private static long jitMillis(List<ServerProcess> nodes) {
    long total = 0;
    for (ServerProcess node : nodes) {
      total += ProcessProbe.cpuMillisByThreadKind(node.pid()).getOrDefault("jit", 0L);
    }
    return total;
  }

  /** Warm-up, then the window: operations, CPU per node and thread kind, the generator's and the machine's. */
  private Figure measure(String topology, String workload, String unit, List<ServerProcess> nodes,
                         LongSupplier counter, Runnable openWindow, Runnable closeWindow) {
    int warmedUp = warmUp(counter, nodes);
    // Opened first: with --jfr, starting the recording (a jcmd round trip) is not part of the window's seconds.
    openWindow.run();
    long self = ProcessHandle.current().pid();
    List<Long> cpuBefore = new ArrayList<>();
    List<Map<String, Long>> kindsBefore = new ArrayList<>();
    List<Long> switchesBefore = new ArrayList<>();
    for (ServerProcess node : nodes) {
      cpuBefore.add(node.cpuMillis());
      kindsBefore.add(ProcessProbe.cpuMillisByThreadKind(node.pid()));
      switchesBefore.add(PushBenchProbe.voluntaryContextSwitches(node.pid()));
    }
    long selfBefore = ProcessProbe.cpuMillis(self);
    long busyBefore = MachineLoad.busyMillis();
    long countBefore = counter.getAsLong();
    long start = System.nanoTime();
    for (int second = 1; second <= options.seconds(); second++) {
      long last = counter.getAsLong();
      Sleep.untilNanos(start + second * 1_000_000_000L);
      System.out.printf("   t=%2ds %8d %s%n", second, counter.getAsLong() - last, unit.replace("/s", ""));
    }
    long count = counter.getAsLong() - countBefore;
    double seconds = (System.nanoTime() - start) / 1e9;
    closeWindow.run();
    List<NodeCpu> cpu = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      ServerProcess node = nodes.get(i);
      cpu.add(new NodeCpu(node.name(), node.cpuMillis() - cpuBefore.get(i),
        PushBenchProbe.minus(ProcessProbe.cpuMillisByThreadKind(node.pid()), kindsBefore.get(i)),
        PushBenchProbe.voluntaryContextSwitches(node.pid()) - switchesBefore.get(i)));
    }
    Figure figure = new Figure(topology, workload, unit, count, seconds, cpu, ProcessProbe.cpuMillis(self) - selfBefore,
      MachineLoad.busyMillis() - busyBefore, null, null, PushBenchProbe.loadAverage(), warmedUp, "");
    System.out.printf(Locale.ROOT, "   %s, %s: %.0f %s, broker %.2f cores (%.1f µs per operation), generator %.2f cores,"
        + " other processes %.2f cores, loadavg %s%n", topology, workload, figure.perSecond(), unit,
      figure.brokerCores(), figure.brokerMicrosPerOperation(), figure.generatorCores(), figure.othersCores(),
      figure.loadAverage());
    return figure;
  }

  private void requireAlive(List<ServerProcess> nodes) {
    for (ServerProcess node : nodes) {
      if (!node.isAlive()) {
        throw new IllegalStateException(node.name() + " died during the run:\n" + node.logTail());
      }
    }
  }

  // ---- report ----

  private String report(String command) {
    MachineInfo machine = MachineInfo.read();
    StringBuilder out = new StringBuilder();
    out.append("### push benchmark, ").append(Instant.now().toString(), 0, 16).append("Z\n\n");
    out.append("Command: `").append(command.trim()).append("`  \n");
    out.append(String.format(Locale.ROOT, "Machine: %d cores, %d MiB, %s; load average at the end %s.  %n",
      machine.cores(), machine.memoryMib(), machine.cpuModel(), PushBenchProbe.loadAverage()));
    out.append(String.format(Locale.ROOT, "Broker JVM: %s `%s`; load generator in one JVM on %d event loops, same "
        + "cores. Window %d s after a warm-up of %d s at least, longer (up to %d s) while the brokers' JIT was busy or "
        + "the rate still climbed. Push: %d senders → %d receivers (personal, one receiver each), "
        + "%d messages outstanding per sender, %d-character text padding. Sync: %d clients × %d outstanding "
        + "requests, one echo service.%n%n", jvm.version(), String.join(" ", jvm.flags()), options.loops(),
      options.seconds(), options.warmup(), options.maxWarmup(), options.pairs(), options.pairs(), options.window(), options.padBytes(),
      options.syncClients(), options.syncWindow()));
    out.append("| topology | workload | throughput | ratio push / sync | p50 | p99 | broker CPU per op "
      + "(sum; per node) | broker cores | generator cores | other processes | warm-up | loadavg (1/5/15 min) |\n");
    out.append("|---|---|---:|---:|---:|---:|---|---:|---:|---:|---:|---|\n");
    for (Figure figure : figures) {
      Figure sync = syncOf(figure.topology());
      String ratio = figure.workload().startsWith("push") && sync != null
        ? String.format(Locale.ROOT, "%.2f", figure.perSecond() / sync.perSecond()) : "—";
      out.append(String.format(Locale.ROOT, "| %s | %s | %,.0f %s | %s | %s | %s | %s | %.2f | %.2f | %.2f cores | %d s | %s |%n",
        figure.topology(), figure.workload(), figure.perSecond(), figure.unit(), ratio,
        millis(figure.latency().percentileNanos(50)), millis(figure.latency().percentileNanos(99)),
        cpuPerOperation(figure), figure.brokerCores(), figure.generatorCores(), figure.othersCores(),
        figure.warmup(), figure.loadAverage()));
    }
    out.append("\nLatency: sync = request → response; push = send → MESSAGE_REPLY (the broker sends it once the "
      + "receiver's MESSAGE_CALLBACK is processed). Push send → receipt by the receiver: ");
    List<String> receipts = new ArrayList<>();
    for (Figure figure : figures) {
      if (figure.receipt() != null) {
        receipts.add(String.format(Locale.ROOT, "%s p50 %s, p99 %s", figure.topology(),
          millis(figure.receipt().percentileNanos(50)), millis(figure.receipt().percentileNanos(99))));
      }
    }
    out.append(receipts.isEmpty() ? "—" : String.join("; ", receipts)).append(".\n\n");

    out.append("| target (issue 3, item 7) | measured | target | verdict |\n|---|---:|---:|---|\n");
    for (Figure figure : figures) {
      if (!figure.workload().startsWith("push")) {
        continue;
      }
      if (figure.topology().startsWith("1")) {
        out.append(verdict("1 node: acknowledged messages/s", figure.perSecond(), TARGET_SINGLE_RATE, true, "%,.0f/s"));
        out.append(verdict("1 node: broker CPU per acknowledged message", figure.brokerMicrosPerOperation(),
          TARGET_SINGLE_CPU_MICROS, false, "%.1f µs"));
      } else {
        out.append(verdict("2 nodes, backups on: acknowledged messages/s", figure.perSecond(), TARGET_CLUSTER_RATE,
          true, "%,.0f/s"));
      }
      Figure sync = syncOf(figure.topology());
      if (sync != null) {
        out.append(String.format(Locale.ROOT, "| %s: ratio to sync request/response | %.2f | (reported) | — |%n",
          figure.topology(), figure.perSecond() / sync.perSecond()));
      }
      out.append(String.format(Locale.ROOT, "| %s: p99 send → callback (MESSAGE_REPLY) | %s | (reported) | — |%n",
        figure.topology(), millis(figure.latency().percentileNanos(99))));
    }

    out.append("\nBroker CPU in each window by thread kind (ms of CPU over the window; /proc/<pid>/task), and voluntary "
      + "context switches of all its threads per operation (a thread going to sleep to wait: ~ one hand-off):\n\n");
    out.append("| topology | workload | node | total ms | µs per op | µs per op without JIT threads | µs per op on "
      + "event loops | thread wake-ups per op | by thread kind (ms) |\n|---|---|---|---:|---:|---:|---:|---:|---|\n");
    for (Figure figure : figures) {
      for (NodeCpu node : figure.nodes()) {
        double operations = Math.max(1, figure.operations());
        long jit = node.byThreadKind().getOrDefault("jit", 0L);
        long loops = node.byThreadKind().getOrDefault("loops", 0L);
        out.append(String.format(Locale.ROOT, "| %s | %s | %s | %d | %.1f | %.1f | %.1f | %.2f | %s |%n",
          figure.topology(), figure.workload(), node.name(), node.cpuMillis(), node.cpuMillis() * 1000.0 / operations,
          (node.cpuMillis() - jit) * 1000.0 / operations, loops * 1000.0 / operations,
          node.contextSwitches() / operations, node.byThreadKind()));
      }
    }
    out.append("\nNotes:\n");
    for (Figure figure : figures) {
      out.append("- ").append(figure.topology()).append(", ").append(figure.workload()).append(": ")
        .append(figure.note()).append('\n');
    }
    if (!problems.isEmpty()) {
      out.append("\nProblems seen:\n");
      problems.forEach(problem -> out.append("- ").append(problem).append('\n'));
    }
    for (Map.Entry<String, PushBenchProfile.Summary> profile : profiles.entrySet()) {
      out.append("\n#### JFR profile of ").append(profile.getKey()).append(" (push window)\n\n```\n")
        .append(profile.getValue().text()).append("```\n");
    }
    return out.toString();
  }

  private Figure syncOf(String topology) {
    return figures.stream().filter(figure -> figure.topology().equals(topology)
      && figure.workload().startsWith("sync")).findFirst().orElse(null);
  }

  private static String cpuPerOperation(Figure figure) {
    StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%.1f µs", figure.brokerMicrosPerOperation()));
    if (figure.nodes().size() > 1) {
      List<String> each = new ArrayList<>();
      for (NodeCpu node : figure.nodes()) {
        each.add(String.format(Locale.ROOT, "%.1f", figure.operations() == 0 ? Double.NaN
          : node.cpuMillis() * 1000.0 / figure.operations()));
      }
      text.append(" (").append(String.join(" + ", each)).append(")");
    }
    return text.toString();
  }

  private static String verdict(String what, double measured, double target, boolean atLeast, String format) {
    boolean met = atLeast ? measured >= target : measured <= target;
    String by;
    if (met) {
      by = "met";
    } else {
      double gap = atLeast ? target - measured : measured - target;
      by = String.format(Locale.ROOT, "**missed** by " + format + " (%.0f %%)", gap, 100.0 * gap / target);
    }
    return String.format(Locale.ROOT, "| %s | " + format + " | %s" + format + " | %s |%n", what, measured,
      atLeast ? "≥ " : "≤ ", target, by);
  }

  private static String millis(long nanos) {
    return String.format(Locale.ROOT, "%.2f ms", nanos / 1e6);
  }
}
