package dev.switchboard.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The tapr benchmark (docs/benchmarks-tapr.md): one broker node in its own JVM (the packaged jar, the same JVM
 * flags as the main benchmark), and in this JVM the app, the clients and the app's sidecar calls. In one run,
 * against the same broker:
 * <ol>
 *   <li>sync request/response, closed loop — the baseline the tapr figures are divided by;</li>
 *   <li>client messages → app webhook: every client sends numbered messages as fast as the broker takes them,
 *   the app answers 200 at once and checks each connection's order;</li>
 *   <li>sidecar send by user: the app POSTs {@code {"users":[u],payload}} and each call reaches all of u's
 *   connections; deliveries are the frames the clients receive.</li>
 * </ol>
 * Run: {@code mvn -q -B -DskipTests package && bench/run-tapr.sh [--seconds N] ...}; {@code --help} lists the
 * options. Not a test: surefire never runs it.
 */
public final class TaprBenchmark {

  private record Options(Path jar, Path out, int seconds, int warmup, int syncClients, int webhookClients,
                         int window, int users, int connectionsPerUser, int senders, int padBytes, int quietWait,
                         boolean flightRecorder, List<String> scenarios) {
    static Options parse(String[] args) {
      List<String> known = List.of("jar", "out", "seconds", "warmup", "sync-clients", "webhook-clients", "window",
        "users", "per-user", "senders", "pad", "quiet-wait", "jfr", "scenarios");
      Map<String, String> given = BenchCommandLine.options(args, known, USAGE);
      Options options = new Options(Path.of(given.getOrDefault("jar", "target/switchboard.jar")),
        Path.of(given.getOrDefault("out", "target/tapr-bench")),
        Integer.parseInt(given.getOrDefault("seconds", "15")), Integer.parseInt(given.getOrDefault("warmup", "15")),
        Integer.parseInt(given.getOrDefault("sync-clients", "50")),
        Integer.parseInt(given.getOrDefault("webhook-clients", "50")),
        Integer.parseInt(given.getOrDefault("window", "32")),
        Integer.parseInt(given.getOrDefault("users", "10")), Integer.parseInt(given.getOrDefault("per-user", "20")),
        Integer.parseInt(given.getOrDefault("senders", "8")), Integer.parseInt(given.getOrDefault("pad", "100")),
        Integer.parseInt(given.getOrDefault("quiet-wait", "300")),
        Boolean.parseBoolean(given.getOrDefault("jfr", "false")),
        List.of(given.getOrDefault("scenarios", "sync,webhook,fanout").split(",")));
      return options;
    }
  }

  private static final String USAGE = """
    usage: bench/run-tapr.sh [options]
      --seconds N          measured window per scenario (15)
      --warmup N           warm-up before each window, long enough for the JIT (15)
      --sync-clients N     sync clients of the request/response baseline (50)
      --webhook-clients N  tapr clients sending messages to the app (50)
      --window N           messages a tapr client keeps ahead of what the app has received (32)
      --users N            users of the fan-out scenario (10)
      --per-user N         connections per user in the fan-out scenario (20)
      --senders N          concurrent sidecar send calls (8)
      --pad N              padding bytes in each client message (100)
      --quiet-wait N       seconds to wait for other processes to leave the CPUs alone (300)
      --scenarios LIST     which to run, of sync,webhook,fanout (all; the ratios need sync)
      --jfr true           record the broker with Java Flight Recorder into <out>/broker.jfr
      --jar PATH           the broker jar (target/switchboard.jar)
      --out DIR            where the broker log, its configuration and report.md go (target/tapr-bench)""";

  /** One measured window. */
  private record Figure(String scenario, String unit, long operations, double seconds, long serverCpuMillis,
                        long generatorCpuMillis, long otherCpuMillis, String note) {
    /** The same figure with {@code text} before its note. */
    Figure withNote(String text) {
      return new Figure(scenario, unit, operations, seconds, serverCpuMillis, generatorCpuMillis, otherCpuMillis,
        note.isEmpty() ? text : text + "; " + note);
    }

    /** CPU other processes on the machine used meanwhile (another test suite would distort the figures). */
    double otherCores() {
      return otherCpuMillis / 1000.0 / seconds;
    }

    double perSecond() {
      return operations / seconds;
    }

    double serverCores() {
      return serverCpuMillis / 1000.0 / seconds;
    }

    double serverMicrosPerOperation() {
      return operations == 0 ? Double.NaN : serverCpuMillis * 1000.0 / operations;
    }

    double generatorCores() {
      return generatorCpuMillis / 1000.0 / seconds;
    }
  }

  private final Options options;
  private final List<Figure> figures = new ArrayList<>();

  private TaprBenchmark(Options options) {
    this.options = options;
  }

  public static void main(String[] args) throws Exception {
    Options options = BenchCommandLine.parseOrExit(args, Options::parse);
    BenchCommandLine.runAndReport("bench/run-tapr.sh", args, options.jar(), options.out(),
      new TaprBenchmark(options)::run);
  }

  private String run(String command) throws Exception {
    ServerJvm jvm = ServerJvm.recommended(ServerJvm.currentJava(),
      BenchCommandLine.flightRecorderFlags(options.flightRecorder(), options.out()));
    // The app on an event loop of its own, so clients busy writing never hold up its answers.
    Vertx load = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    Vertx appVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    ServerProcess broker = null;
    try (TaprBenchApp app = new TaprBenchApp(appVertx)) {
      PortAllocator ports = new PortAllocator(42000);
      int publicPort = ports.next();
      int apiPort = ports.next();
      int sidecarPort = ports.next();
      broker = startBroker(jvm, publicPort, apiPort, sidecarPort, app.port());
      MachineLoad.awaitQuiet(0.3, options.quietWait());
      if (options.scenarios().contains("sync")) {
        syncBaseline(load, broker, publicPort);
      }
      if (options.scenarios().contains("webhook")) {
        webhook(load, broker, publicPort, app);
      }
      if (options.scenarios().contains("fanout")) {
        fanout(load, broker, publicPort, sidecarPort, app);
      }
      if (!broker.isAlive()) {
        throw new IllegalStateException("the broker died during the run:\n" + broker.logTail());
      }
    } finally {
      if (broker != null) {
        broker.stop();
      }
      load.close().await(30, TimeUnit.SECONDS);
      appVertx.close().await(30, TimeUnit.SECONDS);
    }
    return report(command, jvm);
  }

  private ServerProcess startBroker(ServerJvm jvm, int publicPort, int apiPort, int sidecarPort, int appPort)
    throws IOException {
    Path config = options.out().toAbsolutePath().resolve("broker.json");
    Files.writeString(config, "{\"public\":{\"host\":\"127.0.0.1\",\"port\":" + publicPort + "},"
      + "\"api\":{\"host\":\"127.0.0.1\",\"port\":" + apiPort + ",\"token\":\"bench-token\"},"
      + "\"tapr\":{\"app\":{\"port\":" + appPort + "},\"sidecar\":{\"port\":" + sidecarPort + "}},"
      + "\"shutdown\":{\"graceMs\":1000}}");
    System.out.println("broker JVM: " + jvm.version() + " " + String.join(" ", jvm.flags()));
    return ServerProcess.start("tapr-bench-broker", jvm, List.of("-jar", options.jar().toAbsolutePath().toString(),
        "-conf", config.toString()), Map.of(), publicPort, apiPort, options.out().toAbsolutePath().resolve("broker.log"))
      .awaitReady(Duration.ofSeconds(60));
  }

  private void syncBaseline(Vertx load, ServerProcess broker, int publicPort) {
    System.out.println("== sync request/response: " + options.syncClients() + " clients, one echo service");
    try (TaprBenchSync sync = new TaprBenchSync(load)) {
      sync.connect(publicPort, options.syncClients());
      Sleep.millis(1000);
      sync.start();
      figures.add(measure("sync request/response", "responses/s", broker, sync::responses, ""));
      sync.stop();
    }
  }

  private void webhook(Vertx load, ServerProcess broker, int publicPort, TaprBenchApp app) {
    System.out.println("== tapr client messages → app webhook: " + options.webhookClients() + " clients");
    try (TaprBenchClients clients = new TaprBenchClients(load)) {
      for (int i = 0; i < options.webhookClients(); i++) {
        clients.connect(publicPort, "sender-" + i, 1);
      }
      BenchCommandLine.awaitCount("opens", app::opens, options.webhookClients(), 60);
      app.onProgress((user, count) -> clients.received(Integer.parseInt(user.substring("sender-".length())), count));
      clients.startSending("x".repeat(options.padBytes()), options.window());
      Figure sent = measure("tapr client messages → app webhook", "messages/s", broker, app::messages, "");
      clients.stopSending();
      BenchCommandLine.awaitStill(app::messages);
      String order = (app.gaps() == 0 ? "order kept on every connection" : app.gaps() + " GAPS (lost or overtaken)")
        + " (" + app.messages() + " messages checked, " + app.repeats() + " repeated by retries)";
      figures.add(sent.withNote(order));
    }
  }

  private void fanout(Vertx load, ServerProcess broker, int publicPort, int sidecarPort, TaprBenchApp app) {
    int connections = options.users() * options.connectionsPerUser();
    System.out.println("== sidecar send by user: " + options.users() + " users × " + options.connectionsPerUser()
      + " connections, " + options.senders() + " concurrent calls");
    long opensBefore = app.opens();
    try (TaprBenchClients clients = new TaprBenchClients(load)) {
      String[] users = new String[options.users()];
      for (int i = 0; i < users.length; i++) {
        users[i] = "fan-" + i;
        clients.connect(publicPort, users[i], options.connectionsPerUser());
      }
      BenchCommandLine.awaitCount("opens", () -> app.opens() - opensBefore, connections, 60);
      TaprBenchFanout fanout = new TaprBenchFanout(load, sidecarPort, users, options.connectionsPerUser(),
        clients::received, 4L * connections);
      fanout.start(options.senders());
      long callsBefore = fanout.calls();
      Figure deliveries = measure("sidecar send by user (fan-out)", "deliveries/s", broker, clients::received, "");
      long calls = fanout.calls() - callsBefore;
      fanout.stop();
      fanout.close();
      figures.add(deliveries.withNote(String.format(Locale.ROOT,
          "%.0f send calls/s, %d frames per call, %d failed calls", calls / deliveries.seconds(),
          options.connectionsPerUser(), fanout.failures())));
    }
  }

  /** Warm-up, then counts {@code counter} and the CPU of broker and generator over the window. */
  private Figure measure(String scenario, String unit, ServerProcess broker, LongSupplier counter, String note) {
    Sleep.millis(options.warmup() * 1000L);
    long self = ProcessHandle.current().pid();
    long countBefore = counter.getAsLong();
    long serverBefore = broker.cpuMillis();
    long selfBefore = ProcessProbe.cpuMillis(self);
    long machineBefore = MachineLoad.busyMillis();
    Map<String, Long> byThreadBefore = ProcessProbe.cpuMillisByThreadKind(broker.pid());
    long start = System.nanoTime();
    for (int second = 1; second <= options.seconds(); second++) {
      long last = counter.getAsLong();
      Sleep.untilNanos(start + second * 1_000_000_000L);
      System.out.printf("   t=%2ds %8d %s%n", second, counter.getAsLong() - last, unit.replace("/s", ""));
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    long server = broker.cpuMillis() - serverBefore;
    long generator = ProcessProbe.cpuMillis(self) - selfBefore;
    Map<String, Long> byThread = ProcessProbe.cpuMillisByThreadKind(broker.pid());
    byThreadBefore.forEach((kind, millis) -> byThread.merge(kind, -millis, Long::sum));
    StringBuilder split = new StringBuilder("broker CPU: ");
    byThread.forEach((kind, millis) -> {
      if (millis > 0) {
        split.append(kind).append(' ').append(Math.round(100.0 * millis / Math.max(1, server))).append("% ");
      }
    });
    Figure figure = new Figure(scenario, unit, counter.getAsLong() - countBefore, seconds, server, generator,
      Math.max(0, MachineLoad.busyMillis() - machineBefore - server - generator),
      note.isEmpty() ? split.toString().trim() : note + "; " + split.toString().trim());
    System.out.printf(Locale.ROOT, "   %s: %.0f %s, broker %.2f cores (%.1f µs per operation), generator %.2f cores, "
        + "other processes %.2f cores%n", scenario, figure.perSecond(), unit, figure.serverCores(),
      figure.serverMicrosPerOperation(), figure.generatorCores(), figure.otherCores());
    return figure;
  }

  private String report(String command, ServerJvm jvm) {
    MachineInfo machine = MachineInfo.read();
    Figure baseline = figures.stream().filter(figure -> figure.scenario().startsWith("sync")).findFirst()
      .orElse(null);
    StringBuilder out = new StringBuilder();
    out.append("### tapr benchmark, ").append(Instant.now().toString(), 0, 16).append("Z\n\n");
    out.append("Command: `").append(command.trim()).append("`  \n");
    out.append(String.format(Locale.ROOT, "Machine: %d cores, %d MiB, %s. Broker JVM: %s `%s`. One broker node; the "
        + "app, clients and sidecar calls run in the benchmark JVM on the same cores. Window %d s after %d s warm-up.%n%n",
      machine.cores(), machine.memoryMib(), machine.cpuModel(), jvm.version(), String.join(" ", jvm.flags()),
      options.seconds(), options.warmup()));
    out.append("| scenario | throughput | ratio to sync req/res | broker CPU | broker CPU per op | generator CPU "
      + "| other processes | notes |\n");
    out.append("|---|---:|---:|---:|---:|---:|---:|---|\n");
    for (Figure figure : figures) {
      out.append(String.format(Locale.ROOT, "| %s | %,.0f %s | %.2f | %.2f cores | %.1f µs | %.2f cores | %.2f cores "
          + "| %s |%n", figure.scenario(), figure.perSecond(), figure.unit(),
        baseline == null ? Double.NaN : figure.perSecond() / baseline.perSecond(), figure.serverCores(),
        figure.serverMicrosPerOperation(), figure.generatorCores(), figure.otherCores(), figure.note()));
    }
    out.append(String.format(Locale.ROOT, "%nSettings: %d sync clients, one request outstanding each; %d tapr "
        + "clients sending %d-byte-padded messages, each at most %d ahead of the app; fan-out %d users × %d "
        + "connections, %d concurrent send calls.%n", options.syncClients(), options.webhookClients(),
      options.padBytes(), options.window(), options.users(), options.connectionsPerUser(), options.senders()));
    return out.toString();
  }
}
