package dev.switchboard.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Collects the results of a run and writes them as Markdown: the machine, one table per scenario (broker,
 * relay, ratio) and the targets of the benchmark issue with met/missed.
 */
final class Report {

  private final BenchmarkOptions options;
  private final MachineInfo machine;
  private final ServerJvm jvm;
  private final Map<String, LoadResult> loads = new LinkedHashMap<>();
  private final List<IdleResult> idles = new ArrayList<>();
  private final List<String> failures = new ArrayList<>();
  private final List<String> targetRows = new ArrayList<>();

  Report(BenchmarkOptions options, MachineInfo machine, ServerJvm jvm) {
    this.options = options;
    this.machine = machine;
    this.jvm = jvm;
  }

  void add(LoadResult result) {
    loads.put(result.scenario() + "/" + result.target(), result);
  }

  void add(IdleResult result) {
    idles.add(result);
  }

  void failed(String run, Exception e) {
    failures.add(run + ": " + e.getMessage());
  }

  LoadResult load(String scenario, String target) {
    return loads.get(scenario + "/" + target);
  }

  String markdown(String command) {
    StringBuilder out = new StringBuilder();
    out.append("# Switchboard benchmark report\n\n");
    out.append("Command: `").append(command).append("`\n\n");
    out.append(String.format(Locale.ROOT, "Machine: %d cores (%s), %d MiB memory. Server JVM: %s; flags `%s`, env "
        + "MALLOC_ARENA_MAX=2%s. Load generator: this JVM (%s), %d client event loops + 1 service loop.\n\n",
      machine.cores(), machine.cpuModel(), machine.memoryMib(), jvm.version(), String.join(" ", jvm.flags()),
      jvm.nativeTrim() ? "" : " (TrimNativeHeapInterval not supported by this java: left out)",
      System.getProperty("java.version"), options.clientLoops()));
    int nice = ProcessProbe.niceness(ProcessHandle.current().pid());
    out.append(nice < 0
      ? "Priority: the benchmark and its servers ran at nice " + nice + " (BENCH_NICE; session autogroup nice "
        + MachineLoad.autogroupNiceness() + "), above the other processes of the machine; the column \"other "
        + "processes\" shows what they used of the CPU left over.\n\n"
      : "Priority: normal (nice " + nice + "); runs during which other processes used more than "
        + LoadResult.DISTURBED_CORES + " cores are marked disturbed.\n\n");
    out.append("## Targets\n\n| target | measured (broker) | baseline | ratio | limit | result |\n|---|---|---|---|---|---|\n");
    evaluateTargets(out);
    out.append('\n');
    appendLoadTable(out);
    appendIdleTable(out);
    loads.values().stream().filter(r -> r.tally().firstError != null).forEach(r -> out.append("First error response, ")
      .append(r.scenario()).append(" / ").append(r.target()).append(": `").append(r.tally().firstError).append("`\n\n"));
    if (!failures.isEmpty()) {
      out.append("## Failures\n\n");
      failures.forEach(failure -> out.append("- ").append(failure.replace("\n", "\n  ")).append('\n'));
      out.append('\n');
    }
    return out.toString();
  }

  private void evaluateTargets(StringBuilder out) {
    String broker = Target.BROKER.label;
    String relay = Target.RELAY.label;
    LoadResult reqres = load("reqres", broker);
    LoadResult reqresRelay = load("reqres", relay);
    if (reqres != null && reqresRelay != null) {
      ratioRow(out, "request/response: server CPU per request", reqres.serverCpuMicrosPerOperation(),
        reqresRelay.serverCpuMicrosPerOperation(), "µs", true, 1.3);
      ratioRow(out, "request/response: throughput", reqres.throughput(), reqresRelay.throughput(), "req/s", false, 0.7);
    }
    LoadResult fixed = load("fixedrate", broker);
    LoadResult fixedRelay = load("fixedrate", relay);
    if (fixed != null && fixedRelay != null) {
      ratioRow(out, "fixed " + options.fixedRate() + " req/s: p99", fixed.p99Millis(), fixedRelay.p99Millis(), "ms", true, 1.5);
      ratioRow(out, "fixed " + options.fixedRate() + " req/s: server CPU per request", fixed.serverCpuMicrosPerOperation(),
        fixedRelay.serverCpuMicrosPerOperation(), "µs", true, 1.3);
    }
    LoadResult fanout = load("fanout", broker);
    LoadResult fanoutRelay = load("fanout", relay);
    if (fanout != null) {
      long expected = fanout.tally().noticesSentInWindow * options.fanoutClients();
      long delivered = fanout.tally().noticesDeliveredInWindow;
      out.append(String.format(Locale.ROOT, "| fan-out: every notice delivered | %d of %d | | | all | %s |\n",
        delivered, expected, delivered == expected && expected > 0 ? "met" : "MISSED"));
    }
    if (fanout != null && fanoutRelay != null) {
      ratioRow(out, "fan-out: server CPU per delivery", fanout.serverCpuMicrosPerOperation(),
        fanoutRelay.serverCpuMicrosPerOperation(), "µs", true, 1.3);
      ratioRow(out, "fan-out: p99", fanout.p99Millis(), fanoutRelay.p99Millis(), "ms", true, 1.5);
    }
    for (IdleResult idle : idles) {
      if (idle.target().equals(broker)) {
        double perConnection = idle.rssPerConnectionKib();
        out.append(String.format(Locale.ROOT, "| idle: RSS per connection (%s) | %.2f KiB | | | <= 16 KiB | %s |\n",
          idle.java(), perConnection, perConnection <= 16 ? "met" : "MISSED"));
      }
    }
    LoadResult cluster = load("cluster", "2-node broker");
    LoadResult single = reqres != null ? reqres : load("cluster", "single-node broker");
    if (cluster != null && single != null) {
      ratioRow(out, "cluster: throughput vs single node", cluster.throughput(), single.throughput(), "req/s", false, 0.4);
    }
  }

  private static void ratioRow(StringBuilder out, String name, double measured, double baseline, String unit,
                               boolean lowerIsBetter, double limit) {
    double ratio = measured / baseline;
    boolean met = lowerIsBetter ? ratio <= limit : ratio >= limit;
    String missBy = met ? "" : String.format(Locale.ROOT, " (by %.0f %%)",
      Math.abs(lowerIsBetter ? ratio / limit - 1 : 1 - ratio / limit) * 100);
    out.append(String.format(Locale.ROOT, "| %s | %.2f %s | %.2f %s | %.2f | %s %.1f | %s%s |\n", name, measured, unit,
      baseline, unit, ratio, lowerIsBetter ? "<=" : ">=", limit, met ? "met" : "MISSED", missBy));
  }

  private void appendLoadTable(StringBuilder out) {
    if (loads.isEmpty()) {
      return;
    }
    out.append("## Load runs\n\n| scenario | target | ops/s | server CPU µs/op | server cores | server CPU by thread | generator cores "
      + "| other processes cores | p50 ms | p99 ms | p99.9 ms | max ms | errors (in window) | skipped | unanswered | delivered/expected |\n"
      + "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (LoadResult r : loads.values()) {
      String delivered = r.scenario().equals("fanout")
        ? r.tally().noticesDeliveredInWindow + "/" + r.operations() : "";
      out.append(String.format(Locale.ROOT, "| %s | %s | %.0f | %.2f | %.2f | %s | %.2f | %s | %.2f | %.2f | %.2f | %.1f | %s | %d | %d | %s |\n",
        r.scenario(), r.target(), r.throughput(), r.serverCpuMicrosPerOperation(), r.serverCores(), r.cpuSplit(), r.generatorCores(),
        String.format(Locale.ROOT, "%.2f%s", r.otherCores(), r.disturbed() ? " (disturbed)" : ""),
        r.p50Millis(), r.p99Millis(), r.p999Millis(), r.maxMillis(), r.tally().errors + " (" + r.tally().errorsInWindow + ")",
        r.tally().skipped,
        r.tally().unanswered, delivered));
    }
    out.append('\n');
  }

  private void appendIdleTable(StringBuilder out) {
    if (idles.isEmpty()) {
      return;
    }
    out.append("## Idle connections\n\n| target | java | connections | connect s | RSS before KiB | RSS after KiB "
      + "| RSS KiB/conn | RSS KiB/conn after full GC | live heap KiB/conn |\n|---|---|---|---|---|---|---|---|---|\n");
    for (IdleResult r : idles) {
      out.append(String.format(Locale.ROOT, "| %s | %s | %d | %.1f | %d | %d | %.2f | %.2f | %.2f |\n", r.target(),
        r.java(), r.connections(), r.connectSeconds(), r.rssBeforeKib(), r.rssAfterKib(), r.rssPerConnectionKib(),
        r.rssPerConnectionAfterGcKib(), r.heapPerConnectionKib()));
    }
    out.append('\n');
    for (IdleResult r : idles) {
      if (r.heapGrowth().isEmpty()) {
        continue;
      }
      out.append("Live heap growth, ").append(r.target()).append(" on ").append(r.java())
        .append(" (bytes per connection by class, top 15):\n\n| class | instances/conn | bytes/conn |\n|---|---|---|\n");
      r.heapGrowth().stream().limit(15).forEach(e -> out.append(String.format(Locale.ROOT, "| `%s` | %.2f | %.0f |\n",
        e.className(), e.instances() / (double) r.connections(), e.bytes() / (double) r.connections())));
      out.append('\n');
    }
    appendBrokerOwnHeap(out);
  }

  /** What the broker keeps per connection beyond what the bare relay keeps: its own state, by class. */
  private void appendBrokerOwnHeap(StringBuilder out) {
    for (IdleResult broker : idles) {
      IdleResult relay = idles.stream()
        .filter(r -> r.target().equals(Target.RELAY.label) && r.java().equals(broker.java())).findFirst().orElse(null);
      if (!broker.target().equals(Target.BROKER.label) || relay == null || broker.heapGrowth().isEmpty()) {
        continue;
      }
      Map<String, double[]> difference = new LinkedHashMap<>();
      broker.heapGrowth().forEach(e -> difference.computeIfAbsent(e.className(), k -> new double[2])[0] +=
        e.bytes() / (double) broker.connections());
      relay.heapGrowth().forEach(e -> difference.computeIfAbsent(e.className(), k -> new double[2])[1] +=
        e.bytes() / (double) relay.connections());
      out.append(String.format(Locale.ROOT, "Broker minus bare relay, live heap per connection on %s: %.0f bytes; "
          + "largest differences by class:%n%n| class | broker bytes/conn | relay bytes/conn | difference |%n|---|---|---|---|%n",
        broker.java(), (broker.heapPerConnectionKib() - relay.heapPerConnectionKib()) * 1024));
      difference.entrySet().stream()
        .sorted((a, b) -> Double.compare(Math.abs(b.getValue()[0] - b.getValue()[1]), Math.abs(a.getValue()[0] - a.getValue()[1])))
        .limit(10)
        .forEach(e -> out.append(String.format(Locale.ROOT, "| `%s` | %.0f | %.0f | %+.0f |%n", e.getKey(), e.getValue()[0],
          e.getValue()[1], e.getValue()[0] - e.getValue()[1])));
      out.append('\n');
    }
  }
}
