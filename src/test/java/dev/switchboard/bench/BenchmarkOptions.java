package dev.switchboard.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The command line of {@link Benchmark}, with the defaults BENCHMARKS.md documents. */
record BenchmarkOptions(
  Set<String> scenarios,
  int warmupSeconds,
  int durationSeconds,
  int clients,
  int window,
  int fixedRate,
  int fanoutClients,
  int noticeRate,
  int idleConnections,
  int idleSettleSeconds,
  int clientLoops,
  int payloadBytes,
  Path brokerJar,
  Path outputDirectory,
  int portBase,
  Path serverJava,
  List<Path> extraIdleJavas,
  List<String> serverFlags,
  boolean flightRecorder,
  int maxMinutes,
  List<Target> targets,
  int quietWaitSeconds,
  int retries) {

  static final List<String> ALL = List.of("reqres", "fixedrate", "fanout", "idle", "cluster");

  static final String USAGE = """
    usage: Benchmark [options]
      --scenario LIST        all (default) or a comma-separated subset of: reqres,fixedrate,fanout,idle,cluster
      --warmup S             warm-up seconds before each measured window (default 15)
      --duration S           measured seconds per run (default 10)
      --clients C            clients for request/response and cluster (default 50)
      --window W             outstanding requests per client, closed loop (default 16)
      --rate R               requests per second, fixed-rate scenario (default 5000)
      --fanout-clients N     clients receiving notices (default 1000)
      --notice-rate R        notices per second (default 50)
      --idle-connections N   idle sync client connections (default 20000)
      --idle-settle S        seconds to wait before reading memory (default 10)
      --loops L              client event loops of the load generator, plus one for the service (default 2)
      --payload B            request data size in bytes (default 100)
      --jar FILE             broker fat jar (default target/switchboard.jar)
      --out DIR              report, logs, configs, recordings (default target/bench)
      --port-base P          first loopback port to try (default 21000)
      --server-java FILE     java binary for broker and relay (default: the one running this)
      --idle-java FILE       also run the idle scenario on this java (repeatable)
      --server-flag FLAG     extra JVM flag for broker and relay alike (repeatable)
      --jfr                  record broker and relay with JFR (profile settings) to DIR/<run>.jfr
      --max-minutes M        hard limit for the whole run (default 40)
      --quiet-wait S         before each run, wait up to S s for other processes to go below 0.3 cores (default 60)
      --retries N            run a load run again (up to N times) when other processes used > 0.25 cores (default 2)
      --targets LIST         broker,relay (default both; one alone gives no ratios: for profiling)
    """;

  static BenchmarkOptions parse(String[] args) {
    Set<String> scenarios = new LinkedHashSet<>(ALL);
    int warmup = 15, duration = 10, clients = 50, window = 16, rate = 5000, fanoutClients = 1000, noticeRate = 50;
    int idle = 20000, settle = 10, loops = 2, payload = 100, portBase = 21000, maxMinutes = 40, quietWait = 60, retries = 2;
    Path jar = Path.of("target/switchboard.jar");
    Path out = Path.of("target/bench");
    Path java = ServerJvm.currentJava();
    List<Path> idleJavas = new ArrayList<>();
    List<String> flags = new ArrayList<>();
    boolean jfr = false;
    List<Target> targets = List.of(Target.values());
    for (int i = 0; i < args.length; i++) {
      String option = args[i];
      if (option.equals("--jfr")) {
        jfr = true;
        continue;
      }
      if (option.equals("-h") || option.equals("--help")) {
        System.out.print(USAGE);
        System.exit(0);
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
      }
      String value = args[++i];
      switch (option) {
        case "--scenario" -> {
          scenarios = new LinkedHashSet<>(value.equals("all") ? ALL : Arrays.asList(value.split(",")));
          for (String scenario : scenarios) {
            if (!ALL.contains(scenario)) {
              throw new IllegalArgumentException("unknown scenario " + scenario + "\n" + USAGE);
            }
          }
        }
        case "--warmup" -> warmup = positive(option, value);
        case "--duration" -> duration = positive(option, value);
        case "--clients" -> clients = positive(option, value);
        case "--window" -> window = positive(option, value);
        case "--rate" -> rate = positive(option, value);
        case "--fanout-clients" -> fanoutClients = positive(option, value);
        case "--notice-rate" -> noticeRate = positive(option, value);
        case "--idle-connections" -> idle = positive(option, value);
        case "--idle-settle" -> settle = positive(option, value);
        case "--loops" -> loops = positive(option, value);
        case "--payload" -> payload = positive(option, value);
        case "--jar" -> jar = Path.of(value);
        case "--out" -> out = Path.of(value);
        case "--port-base" -> portBase = positive(option, value);
        case "--server-java" -> java = Path.of(value);
        case "--idle-java" -> idleJavas.add(Path.of(value));
        case "--server-flag" -> flags.add(value);
        case "--max-minutes" -> maxMinutes = positive(option, value);
        case "--quiet-wait" -> quietWait = positive(option, value);
        case "--retries" -> retries = Integer.parseInt(value);
        case "--targets" -> targets = Arrays.stream(value.split(","))
          .map(name -> Target.valueOf(name.trim().toUpperCase(Locale.ROOT))).toList();
        default -> throw new IllegalArgumentException("unknown option " + option + "\n" + USAGE);
      }
    }
    return new BenchmarkOptions(scenarios, warmup, duration, clients, window, rate, fanoutClients, noticeRate, idle,
      settle, loops, payload, jar, out, portBase, java, List.copyOf(idleJavas), List.copyOf(flags), jfr, maxMinutes, targets, quietWait, retries);
  }

  private static int positive(String option, String value) {
    try {
      int parsed = Integer.parseInt(value);
      if (parsed > 0) {
        return parsed;
      }
    } catch (NumberFormatException ignored) {
      // Reported below.
    }
    throw new IllegalArgumentException(option + " needs a positive integer, got " + value);
  }
}
