package dev.switchboard.bench;

import dev.switchboard.NativeTransport;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The socket.io benchmark (issue 4, docs/benchmarks-socketio.md): Switchboard's socket.io dialect against the npm
 * {@code socket.io} 4.x Node server ({@code src/test/node/bench-server.js}) running the same workload, side by side
 * on loopback, driven by the same clients ({@link SocketIoBenchClients}) and the same app
 * ({@link SocketIoBenchApp}) from this JVM. Scenarios, each run against both servers in turn:
 * <ol>
 *   <li>{@code idle}: RSS growth of each server for N idle socket.io connections (fresh servers, first);</li>
 *   <li>{@code fanout}: N sockets in one room, room emits as fast as the server delivers them → deliveries/s;</li>
 *   <li>{@code ack}: K clients each with one event in flight that asks for an ack; the server POSTs the message
 *   webhook to the app and answers the ack with the app's reply → round trips/s, p50/p99;</li>
 *   <li>{@code fixedrate}: the same round trips at each of several fixed total rates (equal offered load for both
 *   servers, where comparing p99s is fair), latency from the scheduled send time; the servers take turns in short
 *   slices, and a third one runs with them, {@link BareSocketIoRelay}, the floor no server can go under on this
 *   machine with these clients and this app.</li>
 * </ol>
 * Run: {@code mvn -q -B -DskipTests package && bench/run-socketio.sh}; {@code --help} lists the options.
 */
public final class SocketIoBenchmark {

  private record Options(Path jar, Path out, String node, int seconds, int warmup, int fanoutClients, int senders,
                         int ackClients, List<Integer> rates, int idleConnections, int idleSettle, int padBytes, int quietWait,
                         boolean flightRecorder, List<String> scenarios, String brokerOptions, List<String> jvmFlags,
                         int slices) {
    static Options parse(String[] args) {
      List<String> known = List.of("jar", "out", "node", "seconds", "warmup", "fanout-clients", "senders",
        "ack-clients", "rate", "idle-connections", "idle-settle", "pad", "quiet-wait", "jfr", "scenarios",
        "broker-options", "jvm-flags", "slices");
      Map<String, String> given = BenchCommandLine.options(args, known, USAGE);
      return new Options(Path.of(given.getOrDefault("jar", "target/switchboard.jar")),
        Path.of(given.getOrDefault("out", "target/socketio-bench")), given.getOrDefault("node", "node"),
        Integer.parseInt(given.getOrDefault("seconds", "10")), Integer.parseInt(given.getOrDefault("warmup", "15")),
        Integer.parseInt(given.getOrDefault("fanout-clients", "1000")),
        Integer.parseInt(given.getOrDefault("senders", "64")),
        Integer.parseInt(given.getOrDefault("ack-clients", "50")),
        Arrays.stream(given.getOrDefault("rate", "1000,2000,4000").split(",")).map(String::trim)
          .map(Integer::valueOf).toList(),
        Integer.parseInt(given.getOrDefault("idle-connections", "5000")),
        Integer.parseInt(given.getOrDefault("idle-settle", "5")),
        Integer.parseInt(given.getOrDefault("pad", "100")),
        Integer.parseInt(given.getOrDefault("quiet-wait", "60")),
        Boolean.parseBoolean(given.getOrDefault("jfr", "false")),
        List.of(given.getOrDefault("scenarios", "idle,fanout,ack,fixedrate").split(",")),
        given.get("broker-options"),
        Arrays.stream(given.getOrDefault("jvm-flags", "").split(" ")).filter(flag -> !flag.isBlank()).toList(),
        Integer.parseInt(given.getOrDefault("slices", "20")));
    }
  }

  private static final String USAGE = """
    usage: bench/run-socketio.sh [options]
      --seconds N           measured window of each fan-out and closed-loop run (10)
      --warmup N            warm-up before each window, long enough for the broker's JIT (15)
      --fanout-clients N    sockets in the fan-out room (1000)
      --senders N           concurrent room emit calls in the fan-out scenario (64)
      --ack-clients N       clients of the ack scenarios (50)
      --rate N[,N...]       total events per second of the fixed-rate ack scenario, one run per rate
                            (1000,2000,4000: rates both servers carry, so their p99s compare at equal load)
      --slices N            1-second slices per server in the closed-loop ack scenario and per server and rate
                            in the fixed-rate one, the servers taking turns (20)
      --idle-connections N  idle connections per server in the memory scenario (5000)
      --idle-settle N       seconds before the idle memory is read (5)
      --pad N               padding bytes in each client event (100)
      --quiet-wait N        seconds to wait for other processes to leave the CPUs alone before each run (60)
      --scenarios LIST      of idle,fanout,ack,fixedrate (all)
      --jfr true            record the broker with Java Flight Recorder into <out>/broker.jfr
      --broker-options JSON Vert.x options for the broker's launcher (-options), e.g. {"eventLoopPoolSize":2};
                            none by default: the broker runs as shipped
      --jvm-flags "F ..."   more JVM flags for the broker and the floor, after the recommended ones (none)
      --node PATH           the node binary (node)
      --jar PATH            the broker jar (target/switchboard.jar)
      --out DIR             where logs, configuration and report.md go (target/socketio-bench)""";

  private static final String API_TOKEN = "bench-token";
  private static final String NODE_ID = "siobench";
  private static final String FLOOR = "floor: bare Vert.x relay";

  /** A server under test and how the load reaches it. */
  private record Server(String label, ServerProcess process, int socketPort, SocketIoBenchEmitter.Trigger trigger) {
  }

  /** One measured window against one server. */
  private record Figure(String scenario, String server, long operations, double seconds, long serverCpuMillis,
                        long generatorCpuMillis, long otherCpuMillis, LatencyHistogram latencies, String note) {
    double perSecond() {
      return operations / seconds;
    }

    /** Two windows of the same scenario and server as one (the thread split of the first is kept). */
    Figure plus(Figure other) {
      return new Figure(scenario, server, operations + other.operations, seconds + other.seconds,
        serverCpuMillis + other.serverCpuMillis, generatorCpuMillis + other.generatorCpuMillis,
        otherCpuMillis + other.otherCpuMillis, null, note);
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

    double otherCores() {
      return otherCpuMillis / 1000.0 / seconds;
    }

    double percentileMillis(double percentile) {
      return latencies == null || latencies.count() == 0 ? Double.NaN : latencies.percentileNanos(percentile) / 1e6;
    }
  }

  /** Memory of one server for the idle connections. */
  private record Idle(String server, int connections, long rssBeforeKib, long rssAfterKib, double connectSeconds,
                      List<ClassHistogram.Entry> heapGrowth, double liveHeapBytesPerConnection) {
    double kibPerConnection() {
      return (rssAfterKib - rssBeforeKib) / (double) connections;
    }
  }

  private final Options options;
  private final List<Figure> figures = new ArrayList<>();
  private final List<Idle> idles = new ArrayList<>();

  private SocketIoBenchmark(Options options) {
    this.options = options;
  }

  public static void main(String[] args) throws Exception {
    Options options = BenchCommandLine.parseOrExit(args, Options::parse);
    BenchCommandLine.runAndReport("bench/run-socketio.sh", args, options.jar(), options.out(),
      new SocketIoBenchmark(options)::run);
  }

  private String run(String command) throws Exception {
    List<String> extraFlags = new ArrayList<>(BenchCommandLine.flightRecorderFlags(options.flightRecorder(),
      options.out()));
    extraFlags.addAll(options.jvmFlags());
    ServerJvm jvm = ServerJvm.recommended(ServerJvm.currentJava(), extraFlags);
    // Clients and app on the native transport too: the JDK selector's millisecond sleeps would add to every round
    // trip of both servers alike and hide the difference between them.
    Vertx load = Vertx.vertx(NativeTransport.prefer(new VertxOptions().setEventLoopPoolSize(2)));
    Vertx appVertx = Vertx.vertx(NativeTransport.prefer(new VertxOptions().setEventLoopPoolSize(1)));
    List<Server> servers = new ArrayList<>();
    String nodeVersion = String.join(" ", Commands.run(List.of(options.node(), "--version"), 20));
    try (SocketIoBenchApp app = new SocketIoBenchApp(appVertx)) {
      PortAllocator ports = new PortAllocator(43000);
      servers.add(startBroker(jvm, ports, app.port()));
      servers.add(startNode(ports, app.port()));
      // The fixed-rate scenarios run a third server, the floor; it is stopped with the others.
      List<Server> compared = List.copyOf(servers);
      // Without the broker's flight recording (one broker.jfr).
      servers.add(startFloor(ServerJvm.recommended(ServerJvm.currentJava(), options.jvmFlags()), ports, app.port()));
      for (String scenario : options.scenarios()) {
        // Each fixed rate is a run of its own, the servers taking turns in it.
        List<Integer> rates = scenario.equals("fixedrate") ? options.rates() : List.of(0);
        for (int rate : rates) {
          if (scenario.equals("fixedrate")) {
            servers.forEach(SocketIoBenchmark::requireAlive);
            MachineLoad.awaitQuiet(0.3, options.quietWait());
            fixedRate(load, servers, app, rate);
            continue;
          }
          if (scenario.equals("ack")) {
            compared.forEach(SocketIoBenchmark::requireAlive);
            MachineLoad.awaitQuiet(0.3, options.quietWait());
            closedLoopAcks(load, compared, app);
            continue;
          }
          for (Server server : compared) {
            requireAlive(server);
            MachineLoad.awaitQuiet(0.3, options.quietWait());
            switch (scenario) {
              case "idle" -> idle(load, server, app);
              case "fanout" -> fanout(load, server, app);
              default -> throw new IllegalArgumentException("unknown scenario " + scenario + "\n" + USAGE);
            }
          }
        }
      }
    } finally {
      servers.forEach(server -> server.process().stop());
      load.close().await(30, TimeUnit.SECONDS);
      appVertx.close().await(30, TimeUnit.SECONDS);
    }
    return report(command, jvm, nodeVersion);
  }

  private Server startBroker(ServerJvm jvm, PortAllocator ports, int appPort) throws IOException {
    int publicPort = ports.next();
    int apiPort = ports.next();
    Path config = options.out().toAbsolutePath().resolve("broker.json");
    Files.writeString(config, "{\"node\":{\"id\":\"" + NODE_ID + "\"},"
      + "\"public\":{\"host\":\"127.0.0.1\",\"port\":" + publicPort + "},"
      + "\"api\":{\"host\":\"127.0.0.1\",\"port\":" + apiPort + ",\"token\":\"" + API_TOKEN + "\"},"
      + "\"socketio\":{\"app\":{\"url\":\"http://127.0.0.1:" + appPort + "/socketio\"}},"
      + "\"tapr\":{\"sidecar\":{\"host\":\"127.0.0.1\",\"port\":" + ports.next() + "}},"
      // The Node server waits for the app without a limit; 2 s refused connects on a machine busy with other work.
      + "\"webhook\":{\"timeoutMs\":10000},"
      + "\"shutdown\":{\"graceMs\":1000}}");
    System.out.println("broker JVM: " + jvm.version() + " " + String.join(" ", jvm.flags()));
    // A copy, so rebuilding target/switchboard.jar during a run cannot touch the broker under test.
    Path jar = options.out().toAbsolutePath().resolve("broker-under-test.jar");
    Files.copy(options.jar(), jar, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    List<String> arguments = new ArrayList<>(List.of("-jar", jar.toString(), "-conf", config.toString()));
    if (options.brokerOptions() != null) {
      arguments.addAll(List.of("-options", options.brokerOptions()));
    }
    ServerProcess broker = ServerProcess.start("socketio-bench-broker", jvm, arguments, Map.of(), publicPort, apiPort,
      options.out().toAbsolutePath().resolve("broker.log")).awaitReady(Duration.ofSeconds(60));
    SocketIoBenchEmitter.Trigger api = SocketIoBenchEmitter.Trigger.switchboard(apiPort, API_TOKEN);
    int status = api.probe();
    if (status != 200) {
      throw new IllegalStateException("POST /api/send to a socket.io room answered " + status);
    }
    return new Server("switchboard", broker, publicPort, api);
  }

  private Server startNode(PortAllocator ports, int appPort) {
    int port = ports.next();
    int controlPort = ports.next();
    List<String> command = List.of(options.node(), Path.of("src/test/node/bench-server.js").toAbsolutePath().toString(),
      "--port", Integer.toString(port), "--control-port", Integer.toString(controlPort),
      "--app-url", "http://127.0.0.1:" + appPort + "/socketio");
    ServerProcess node = ServerProcess.startCommand("socketio-bench-node", command, Map.of(), port, controlPort,
      options.out().toAbsolutePath().resolve("node.log"), null).awaitReady(Duration.ofSeconds(60));
    return new Server("node socket.io", node, port, SocketIoBenchEmitter.Trigger.node(controlPort));
  }

  /** {@link BareSocketIoRelay} in a JVM of its own, with the broker's flags. */
  private Server startFloor(ServerJvm jvm, PortAllocator ports, int appPort) {
    int port = ports.next();
    List<String> arguments = List.of("-cp", System.getProperty("java.class.path"), BareSocketIoRelay.class.getName(),
      "--port", Integer.toString(port), "--app-url", "http://127.0.0.1:" + appPort + "/socketio");
    ServerProcess relay = ServerProcess.start("socketio-bench-floor", jvm, arguments, Map.of(), port, port,
      options.out().toAbsolutePath().resolve("floor.log")).awaitReady(Duration.ofSeconds(60));
    return new Server(FLOOR, relay, port, null);
  }

  // ---- scenarios ----

  private void idle(Vertx load, Server server, SocketIoBenchApp app) {
    int count = options.idleConnections();
    System.out.println("== idle: " + count + " socket.io connections to " + server.label());
    Sleep.millis(3000);
    long before = server.process().rssKib();
    // The JVM's live heap by class (jcmd runs a full GC first), read after RSS so RSS is what a server really uses.
    ClassHistogram heapBefore = heapOf(server);
    long opensBefore = app.opens();
    long start = System.nanoTime();
    try (SocketIoBenchClients clients = new SocketIoBenchClients(load, Integer.MAX_VALUE)) {
      clients.connect(server.socketPort(), count, 200);
      double connectSeconds = (System.nanoTime() - start) / 1e9;
      BenchCommandLine.awaitCount("opens", () -> app.opens() - opensBefore, count, 120);
      Sleep.millis(options.idleSettle() * 1000L);
      long after = server.process().rssKib();
      ClassHistogram heapAfter = heapOf(server);
      Idle idle = new Idle(server.label(), count, before, after, connectSeconds,
        heapAfter == null ? List.of() : heapAfter.growthSince(heapBefore),
        heapAfter == null ? -1 : (heapAfter.totalBytes() - heapBefore.totalBytes()) / (double) count);
      idles.add(idle);
      System.out.printf(Locale.ROOT, "   RSS %d → %d KiB: %.2f KiB per connection (connected in %.1f s)%n", before,
        after, idle.kibPerConnection(), connectSeconds);
    }
    BenchCommandLine.awaitStill(app::closes);
  }

  private static ClassHistogram heapOf(Server server) {
    ServerJvm jvm = server.process().jvm();
    return jvm == null || jvm.jcmd() == null ? null : ClassHistogram.of(jvm.jcmd(), server.process().pid());
  }

  private void fanout(Vertx load, Server server, SocketIoBenchApp app) {
    int count = options.fanoutClients();
    System.out.println("== fan-out: " + count + " sockets in one room of " + server.label() + ", "
      + options.senders() + " concurrent emit calls");
    long opensBefore = app.opens();
    try (SocketIoBenchClients clients = new SocketIoBenchClients(load, 10)) {
      clients.connect(server.socketPort(), count, 100);
      BenchCommandLine.awaitCount("opens", () -> app.opens() - opensBefore, count, 120);
      Sleep.millis(500);
      SocketIoBenchEmitter emitter = new SocketIoBenchEmitter(load, server.trigger(), count, clients::events,
        4L * count);
      emitter.start(options.senders());
      long[] emitsAt = new long[2];
      Figure deliveries = measure("fan-out", server, clients::events, on -> {
        emitsAt[on ? 0 : 1] = emitter.emits();
        clients.recording(on);
      });
      long emits = emitsAt[1] - emitsAt[0];
      emitter.stop();
      BenchCommandLine.awaitStill(clients::events);
      long expected = emitter.emits() * count;
      emitter.close();
      figures.add(withLatencies(deliveries, clients.eventLatencies(), String.format(Locale.ROOT,
        "%.0f emits/s, %d failed emits%s; %d of %d deliveries of all answered emits arrived; %d unexpected frames",
        emits / deliveries.seconds(), emitter.failures(), emitter.failures() == 0 ? "" : " (" + emitter.lastFailure()
          + ")", clients.events(), expected, clients.unexpected())));
    }
    BenchCommandLine.awaitStill(app::closes);
  }

  private static void requireAlive(Server server) {
    if (!server.process().isAlive()) {
      throw new IllegalStateException(server.label() + " died during the run:\n" + server.process().logTail());
    }
  }

  /**
   * Every client keeps one event in flight: each server at its own maximum rate. As in the fixed-rate scenario the
   * servers take turns in {@code --slices} slices of one second (after each has been warmed up until its JIT is
   * quiet), so a spell of outside load falls on both alike: a closed loop drives the whole machine, and a single
   * 10 s window per server left its p99 to whatever else the machine was doing in those seconds.
   */
  private void closedLoopAcks(Vertx load, List<Server> servers, SocketIoBenchApp app) {
    String name = "ack round trips, closed loop";
    List<ServerRun> runs = new ArrayList<>();
    try {
      for (Server server : servers) {
        ServerRun run = startRun(load, server, app, name);
        runs.add(run);
        run.startLoop();
        Sleep.millis(options.warmup() * 1000L);
        awaitJitDone(server, JIT_IDLE_MILLIS_PER_3S);
        awaitJitDone(server, JIT_QUIET_MILLIS_PER_3S);
        run.stopLoop();
      }
      for (int round = 0; round < options.slices(); round++) {
        for (int i = 0; i < runs.size(); i++) {
          ServerRun run = runs.get(round % 2 == 0 ? i : runs.size() - 1 - i);
          run.startLoop();
          // Every client sends at once when the loop starts: the first round trips are a burst, left out.
          Sleep.millis(SETTLE_MILLIS);
          Window window = Window.open(run.server, run.clients::acks);
          run.recording = true;
          Sleep.millis(SLICE_MILLIS);
          run.recording = false;
          run.add(window.close(name));
          run.stopLoop();
        }
      }
      for (ServerRun run : runs) {
        Figure figure = run.figure;
        System.out.printf(Locale.ROOT, "   %s, %s: %.0f/s over %d slices, server %.2f cores (%.2f µs per operation), "
            + "generator %.2f cores, other processes %.2f cores%n", name, run.server.label(), figure.perSecond(),
          options.slices(), figure.serverCores(), figure.serverMicrosPerOperation(), figure.generatorCores(),
          figure.otherCores());
        figures.add(withLatencies(figure, run.roundTrips.merged(), endNote(run.clients, String.format(Locale.ROOT,
          "; %d slices of 1 s interleaved with the other server", options.slices()))));
      }
    } finally {
      runs.forEach(run -> run.clients.close());
    }
    BenchCommandLine.awaitStill(app::closes);
  }

  /**
   * The same round trips at a fixed total rate, the servers (Switchboard, Node, the floor) in the same run and
   * interleaved: after each has been warmed up, the window is cut into {@code --slices} slices of one second each
   * per server, taking turns (the order flipping every round), so a spell of load from outside the benchmark falls
   * on all alike instead of on whichever server's window it hit. Latency is taken from each event's due time.
   */
  private void fixedRate(Vertx load, List<Server> servers, SocketIoBenchApp app, int rate) {
    String name = "ack round trips, " + rate + "/s";
    List<ServerRun> runs = new ArrayList<>();
    try {
      for (Server server : servers) {
        ServerRun run = startRun(load, server, app, name);
        runs.add(run);
        // Warmed at 4 000/s at least, then at the rate itself until the JIT is all but idle: the broker's JIT kept
        // compiling in the slices of a lower rate after a warm-up at another one (C2 bursts of tens of ms take one
        // of the two cores: a p99 of 2-3 ms for every process instead of the floor's 0.6 ms).
        try (FixedRatePacer<SocketIoBenchClients.Peer> warming = run.pace(Math.max(rate, WARM_UP_RATE))) {
          Sleep.millis(options.warmup() * 1000L);
          awaitJitDone(server, JIT_IDLE_MILLIS_PER_3S);
        }
        try (FixedRatePacer<SocketIoBenchClients.Peer> warming = run.pace(rate)) {
          Sleep.millis(RATE_WARM_UP_MILLIS);
          awaitJitDone(server, JIT_QUIET_MILLIS_PER_3S);
        }
      }
      int rounds = options.slices();
      for (int round = 0; round < rounds; round++) {
        for (int i = 0; i < runs.size(); i++) {
          ServerRun run = runs.get(round % 2 == 0 ? i : runs.size() - 1 - i);
          try (FixedRatePacer<SocketIoBenchClients.Peer> pacer = run.pace(rate)) {
            // The first events of a slice meet a server that has just been idle for a slice: left out.
            Sleep.millis(SETTLE_MILLIS);
            Window window = Window.open(run.server, run.clients::acks);
            app.recordInboundLeg(run.inbound);
            run.recording = true;
            Sleep.millis(SLICE_MILLIS);
            run.recording = false;
            app.recordInboundLeg(null);
            run.add(window.close(name));
          }
          BenchCommandLine.awaitStill(run.clients::acks);
        }
      }
      for (ServerRun run : runs) {
        Figure figure = run.figure;
        System.out.printf(Locale.ROOT, "   %s, %s: %.0f/s over %d slices, server %.2f µs per operation%n", name,
          run.server.label(), figure.perSecond(), rounds, figure.serverMicrosPerOperation());
        figures.add(withLatencies(figure, run.roundTrips.merged(), endNote(run.clients, String.format(Locale.ROOT,
          "; %d slices of 1 s interleaved with the other servers; p50 / p99: events written %s after their due "
            + "time, client → server → app %s, app → server → client %s", rounds,
          microsP50P99(run.startLateness.merged()), microsP50P99(run.inbound), microsP50P99(run.outbound.merged())))));
      }
    } finally {
      runs.forEach(run -> run.clients.close());
    }
    BenchCommandLine.awaitStill(app::closes);
  }

  /**
   * Short slices, many of them: p99 over a few seconds is set by a handful of stalls of the machine, and the more
   * often the servers take turns the more evenly such stalls fall on all of them.
   */
  private static final long SLICE_MILLIS = 1000;
  private static final int WARM_UP_RATE = 4000;
  private static final long RATE_WARM_UP_MILLIS = 5000;
  /** JIT threads under 0.1 core: compiled enough to measure throughput. */
  private static final long JIT_IDLE_MILLIS_PER_3S = 300;
  /** Under 0.02 core: few enough compile bursts left for a p99 at a low rate. */
  private static final long JIT_QUIET_MILLIS_PER_3S = 60;
  private static final long SETTLE_MILLIS = 300;

  /** One server's clients and tallies in an interleaved scenario: the closed loop or a fixed rate. */
  /** One server's ack clients, connected, with their answers recorded into a new {@link ServerRun}. */
  private ServerRun startRun(Vertx load, Server server, SocketIoBenchApp app, String scenario) {
    System.out.println("== " + scenario + ": " + options.ackClients() + " clients of " + server.label());
    return new ServerRun(server, connectAckClients(load, server, app), "x".repeat(options.padBytes()));
  }

  private static final class ServerRun {
    final Server server;
    final SocketIoBenchClients clients;
    final PerThreadHistograms roundTrips = new PerThreadHistograms();
    // How late the generator itself wrote each event: a share of every round trip that is not the server's.
    final PerThreadHistograms startLateness = new PerThreadHistograms();
    // The two legs of a round trip, each through the server once: recorded by the app and by the clients.
    final LatencyHistogram inbound = new LatencyHistogram();
    final PerThreadHistograms outbound = new PerThreadHistograms();
    /** In the closed loop: whether each answer sends the next event. */
    volatile boolean looping;
    volatile boolean recording;
    Figure figure;

    private final String padding;

    /** Records each answer while {@link #recording}; in the closed loop, each answer also sends the next event. */
    ServerRun(Server server, SocketIoBenchClients clients, String padding) {
      this.server = server;
      this.clients = clients;
      this.padding = padding;
      clients.onAck((peer, due, now, replied) -> {
        if (recording) {
          roundTrips.record(now - due);
          if (replied > 0) {
            outbound.record(now - replied);
          }
        }
        if (looping) {
          clients.emitWithAck(peer, System.nanoTime(), padding);
        }
      });
    }

    FixedRatePacer<SocketIoBenchClients.Peer> pace(int rate) {
      return new FixedRatePacer<>(clients.peers(), SocketIoBenchClients.Peer::context, rate, (peer, due) -> {
        if (recording) {
          startLateness.record(System.nanoTime() - due);
        }
        clients.emitWithAck(peer, due, padding);
      });
    }

    /** Closed loop: each client sends its first event; every answer then sends the next (the ack handler). */
    void startLoop() {
      looping = true;
      for (SocketIoBenchClients.Peer peer : clients.peers()) {
        peer.context().runOnContext(ignored -> clients.emitWithAck(peer, System.nanoTime(), padding));
      }
    }

    /** Closed loop: no more events; returns once the last answers are in. */
    void stopLoop() {
      looping = false;
      BenchCommandLine.awaitStill(clients::acks);
    }

    void add(Figure slice) {
      figure = figure == null ? slice : figure.plus(slice);
    }
  }

  private SocketIoBenchClients connectAckClients(Vertx load, Server server, SocketIoBenchApp app) {
    long opensBefore = app.opens();
    SocketIoBenchClients clients = new SocketIoBenchClients(load, Integer.MAX_VALUE);
    clients.connect(server.socketPort(), options.ackClients(), 100);
    BenchCommandLine.awaitCount("opens", () -> app.opens() - opensBefore, options.ackClients(), 120);
    return clients;
  }

  private static String microsP50P99(LatencyHistogram histogram) {
    return String.format(Locale.ROOT, "%.0f / %.0f µs", histogram.percentileNanos(50) / 1e3,
      histogram.percentileNanos(99) / 1e3);
  }

  private static String endNote(SocketIoBenchClients clients, String more) {
    BenchCommandLine.awaitStill(clients::acks);
    Sleep.millis(200);
    long outstanding = clients.peers().stream().mapToLong(SocketIoBenchClients.Peer::outstanding).sum();
    return String.format(Locale.ROOT, "%d events unanswered at the end, %d unexpected frames%s", outstanding,
      clients.unexpected(), more);
  }

  /** One histogram per recording thread (histograms are not thread-safe), merged after the window. */
  private static final class PerThreadHistograms {
    private final ConcurrentLinkedQueue<LatencyHistogram> all = new ConcurrentLinkedQueue<>();
    private final ThreadLocal<LatencyHistogram> mine = ThreadLocal.withInitial(() -> {
      LatencyHistogram histogram = new LatencyHistogram();
      all.add(histogram);
      return histogram;
    });

    void record(long nanos) {
      mine.get().record(nanos);
    }

    LatencyHistogram merged() {
      LatencyHistogram merged = new LatencyHistogram();
      all.forEach(merged::add);
      return merged;
    }
  }

  // ---- measuring ----

  /** Warm-up, then counts {@code counter} and the CPU of server and generator over the window. */
  private Figure measure(String scenario, Server server, LongSupplier counter,
                         java.util.function.Consumer<Boolean> recording) {
    Sleep.millis(options.warmup() * 1000L);
    awaitJitDone(server, JIT_IDLE_MILLIS_PER_3S);
    Window window = Window.open(server, counter);
    recording.accept(true);
    for (int second = 1; second <= options.seconds(); second++) {
      long last = counter.getAsLong();
      Sleep.untilNanos(window.startNanos + second * 1_000_000_000L);
      System.out.printf("   t=%2ds %8d%n", second, counter.getAsLong() - last);
    }
    recording.accept(false);
    Figure figure = window.close(scenario);
    System.out.printf(Locale.ROOT, "   %s, %s: %.0f/s, server %.2f cores (%.2f µs per operation), generator %.2f "
        + "cores, other processes %.2f cores%n", scenario, server.label(), figure.perSecond(), figure.serverCores(),
      figure.serverMicrosPerOperation(), figure.generatorCores(), figure.otherCores());
    return figure;
  }

  /** A measured stretch: the operations counted and the CPU of server, generator and everything else. */
  private static final class Window {
    private final Server server;
    private final LongSupplier counter;
    private final Map<String, Long> byThreadBefore;
    private final long countBefore;
    private final long serverBefore;
    private final long selfBefore;
    private final long machineBefore;
    final long startNanos;

    private Window(Server server, LongSupplier counter) {
      this.server = server;
      this.counter = counter;
      this.byThreadBefore = ProcessProbe.cpuMillisByThreadKind(server.process().pid());
      this.countBefore = counter.getAsLong();
      this.serverBefore = server.process().cpuMillis();
      this.selfBefore = ProcessProbe.cpuMillis(ProcessHandle.current().pid());
      this.machineBefore = MachineLoad.busyMillis();
      this.startNanos = System.nanoTime();
    }

    static Window open(Server server, LongSupplier counter) {
      return new Window(server, counter);
    }

    /** The figure since {@link #open}; its note splits a JVM server's CPU by thread kind. */
    Figure close(String scenario) {
      double seconds = (System.nanoTime() - startNanos) / 1e9;
      long serverCpu = server.process().cpuMillis() - serverBefore;
      long generator = ProcessProbe.cpuMillis(ProcessHandle.current().pid()) - selfBefore;
      Map<String, Long> byThread = ProcessProbe.cpuMillisByThreadKind(server.process().pid());
      byThreadBefore.forEach((kind, millis) -> byThread.merge(kind, -millis, Long::sum));
      StringBuilder split = new StringBuilder();
      if (server.process().jvm() != null) {
        split.append("server CPU:");
        byThread.forEach((kind, millis) -> {
          if (millis > 0) {
            split.append(' ').append(kind).append(' ').append(Math.round(100.0 * millis / Math.max(1, serverCpu)))
              .append('%');
          }
        });
      }
      return new Figure(scenario, server.label(), counter.getAsLong() - countBefore, seconds, serverCpu,
        generator, Math.max(0, MachineLoad.busyMillis() - machineBefore - serverCpu - generator), null,
        split.toString());
    }
  }

  /**
   * A JVM server keeps compiling for a while after the warm-up (the webhook path most): waits, at most 60 s more,
   * until its JIT threads used under {@code jitMillisPer3s} of CPU over 3 s, so the window measures compiled code.
   */
  private static void awaitJitDone(Server server, long jitMillisPer3s) {
    if (server.process().jvm() == null) {
      return;
    }
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() < deadline) {
      long before = ProcessProbe.cpuMillisByThreadKind(server.process().pid()).getOrDefault("jit", 0L);
      Sleep.millis(3000);
      long jit = ProcessProbe.cpuMillisByThreadKind(server.process().pid()).getOrDefault("jit", 0L) - before;
      if (jit < jitMillisPer3s) {
        return;
      }
      System.out.printf(Locale.ROOT, "   still compiling (JIT %.2f cores): warming up longer%n", jit / 3000.0);
    }
  }

  private static Figure withLatencies(Figure figure, LatencyHistogram latencies, String note) {
    note = figure.note().isEmpty() ? note : note + "; " + figure.note();
    Figure result = new Figure(figure.scenario(), figure.server(), figure.operations(), figure.seconds(),
      figure.serverCpuMillis(), figure.generatorCpuMillis(), figure.otherCpuMillis(), latencies, note);
    System.out.printf(Locale.ROOT, "   p50 %.2f ms, p90 %.2f ms, p95 %.2f ms, p99 %.2f ms, p99.9 %.2f ms; %s%n",
      result.percentileMillis(50), result.percentileMillis(90), result.percentileMillis(95),
      result.percentileMillis(99), result.percentileMillis(99.9), note);
    return result;
  }

  // ---- report ----

  private String report(String command, ServerJvm jvm, String nodeVersion) {
    MachineInfo machine = MachineInfo.read();
    StringBuilder out = new StringBuilder();
    out.append("### socket.io benchmark, ").append(Instant.now().toString(), 0, 16).append("Z\n\n");
    out.append("Command: `").append(command.trim()).append("`  \n");
    out.append(String.format(Locale.ROOT, "Machine: %d cores, %d MiB, %s. Switchboard JVM: %s `%s`. Node %s, "
        + "socket.io 4.8.1 (src/test/node/bench-server.js). Both servers run side by side; the clients and the app "
        + "run in the benchmark JVM on the same cores, all on the native transport. Fan-out: window %d s after %d s "
        + "warm-up. The closed-loop ack and the fixed rates: %d slices of 1 s per server, the servers (at the fixed "
        + "rates with the floor, a bare Vert.x relay with the broker's JVM flags) taking turns after a warm-up until "
        + "their JIT is quiet, at the fixed rates at %d/s at least.%n%n", machine.cores(),
      machine.memoryMib(), machine.cpuModel(), jvm.version(), String.join(" ", jvm.flags()), nodeVersion,
      options.seconds(), options.warmup(), options.slices(), WARM_UP_RATE));
    if (options.brokerOptions() != null) {
      out.append("Broker launcher options: `-options ").append(options.brokerOptions()).append("`.\n\n");
    }
    out.append("Switchboard's room emits: `POST /api/send`; the Node server's: its `POST /emit`.\n\n");
    out.append(targets());
    if (!figures.isEmpty()) {
      out.append("\n| scenario | server | throughput /s | server CPU | server CPU per op | p50 ms | p99 ms | p99.9 ms "
        + "| max ms | generator CPU | other processes | notes |\n");
      out.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
      for (Figure figure : figures) {
        out.append(String.format(Locale.ROOT, "| %s | %s | %,.0f | %.2f cores | %.2f µs | %.2f | %.2f | %.2f | %.1f "
            + "| %.2f cores | %.2f cores | %s |%n", figure.scenario(), figure.server(), figure.perSecond(),
          figure.serverCores(), figure.serverMicrosPerOperation(), figure.percentileMillis(50),
          figure.percentileMillis(99), figure.percentileMillis(99.9),
          figure.latencies() == null ? Double.NaN : figure.latencies().maxNanos() / 1e6, figure.generatorCores(),
          figure.otherCores(), figure.note()));
      }
    }
    if (!idles.isEmpty()) {
      out.append("\n| idle connections | server | connect s | RSS before → after (KiB) | RSS per connection |\n");
      out.append("|---:|---|---:|---|---:|\n");
      for (Idle idle : idles) {
        out.append(String.format(Locale.ROOT, "| %d | %s | %.1f | %,d → %,d | %.2f KiB |%n", idle.connections(),
          idle.server(), idle.connectSeconds(), idle.rssBeforeKib(), idle.rssAfterKib(), idle.kibPerConnection()));
      }
      for (Idle idle : idles) {
        if (idle.liveHeapBytesPerConnection() < 0) {
          continue;
        }
        out.append(String.format(Locale.ROOT, "%n%s: live heap %.0f bytes per idle connection (class histogram "
            + "difference after a full GC); largest classes, bytes (instances) per connection:%n%n| class | bytes | "
            + "instances |%n|---|---:|---:|%n", idle.server(), idle.liveHeapBytesPerConnection()));
        idle.heapGrowth().stream().limit(20).forEach(entry -> out.append(String.format(Locale.ROOT,
          "| `%s` | %.0f | %.1f |%n", entry.className(), entry.bytes() / (double) idle.connections(),
          entry.instances() / (double) idle.connections())));
      }
    }
    out.append(String.format(Locale.ROOT, "%nSettings: fan-out %d sockets in one room, %d concurrent emit calls "
        + "(at most 4 × room size deliveries outstanding); ack %d clients, %d-byte padded events, fixed rates %s/s "
        + "in total; idle %d connections, read %d s after the last connected.%n", options.fanoutClients(),
      options.senders(), options.ackClients(), options.padBytes(),
      options.rates().stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", ")),
      options.idleConnections(),
      options.idleSettle()));
    return out.toString();
  }

  private String targets() {
    StringBuilder out = new StringBuilder("| target | switchboard | node socket.io | ratio | limit | result |\n"
      + "|---|---:|---:|---:|---|---|\n");
    Figure[] fanout = pair("fan-out");
    if (fanout != null) {
      double ratio = fanout[0].perSecond() / fanout[1].perSecond();
      out.append(String.format(Locale.ROOT, "| room fan-out: deliveries/s | %,.0f | %,.0f | %.2f | ≥ 2 | %s |%n",
        fanout[0].perSecond(), fanout[1].perSecond(), ratio, ratio >= 2 ? "met" : "**missed**"));
      out.append(String.format(Locale.ROOT, "| room fan-out: server CPU per delivery | %.2f µs | %.2f µs | %.2f | "
          + "(reported) | |%n", fanout[0].serverMicrosPerOperation(), fanout[1].serverMicrosPerOperation(),
        fanout[0].serverMicrosPerOperation() / fanout[1].serverMicrosPerOperation()));
    }
    List<String> ackScenarios = new ArrayList<>(List.of("ack round trips, closed loop"));
    options.rates().forEach(rate -> ackScenarios.add("ack round trips, " + rate + "/s"));
    for (String scenario : ackScenarios) {
      Figure[] acks = pair(scenario);
      if (acks != null) {
        double ratio = acks[0].percentileMillis(99) / acks[1].percentileMillis(99);
        out.append(String.format(Locale.ROOT, "| %s: p99 | %.2f ms | %.2f ms | %.2f | ≤ 0.5 | %s |%n", scenario,
          acks[0].percentileMillis(99), acks[1].percentileMillis(99), ratio, ratio <= 0.5 ? "met" : "**missed**"));
        out.append(String.format(Locale.ROOT, "| %s: round trips/s | %,.0f | %,.0f | %.2f | (reported) | |%n",
          scenario, acks[0].perSecond(), acks[1].perSecond(), acks[0].perSecond() / acks[1].perSecond()));
        out.append(String.format(Locale.ROOT, "| %s: server CPU per round trip | %.2f µs | %.2f µs | %.2f | "
            + "(reported) | |%n", scenario, acks[0].serverMicrosPerOperation(), acks[1].serverMicrosPerOperation(),
          acks[0].serverMicrosPerOperation() / acks[1].serverMicrosPerOperation()));
      }
    }
    if (idles.size() == 2) {
      double ratio = idles.get(0).kibPerConnection() / idles.get(1).kibPerConnection();
      out.append(String.format(Locale.ROOT, "| idle: RSS per connection (%d connections) | %.2f KiB | %.2f KiB | %.2f "
          + "| ≤ 1 | %s |%n", idles.get(0).connections(), idles.get(0).kibPerConnection(),
        idles.get(1).kibPerConnection(), ratio, ratio <= 1 ? "met" : "**missed**"));
    }
    return out.toString();
  }

  /** The figures of one scenario, Switchboard's first, or {@code null} when either is missing. */
  private Figure[] pair(String scenario) {
    List<Figure> both = figures.stream()
      .filter(figure -> figure.scenario().equals(scenario) && !figure.server().equals(FLOOR)).toList();
    return both.size() == 2 ? both.toArray(new Figure[0]) : null;
  }
}
