package dev.switchboard.testing;

import io.vertx.core.json.JsonObject;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A broker in its own JVM, started the way operators start it (the launcher with {@code -conf}, optionally
 * {@code -cluster} and {@code SB_CLUSTER_*}), so a test can kill it for real. Output goes to
 * {@code target/process-logs/}. {@link #close()} kills it if it is still running.
 */
public final class BrokerProcess implements AutoCloseable {

  private final String name;
  private final Process process;
  private final int publicPort;
  private final int apiPort;
  private final Path log;

  private BrokerProcess(String name, Process process, int publicPort, int apiPort, Path log) {
    this.name = name;
    this.process = process;
    this.publicPort = publicPort;
    this.apiPort = apiPort;
    this.log = log;
  }

  /**
   * The environment (SPEC §7) that makes member {@code index} of {@code count} broker processes on loopback join
   * cluster {@code cluster}, Hazelcast ports {@code base}, {@code base + 1}, ... (start them with {@code -cluster}).
   */
  public static Map<String, String> clusterEnvironment(String cluster, int base, int count, int index) {
    String members = java.util.stream.IntStream.range(0, count).mapToObj(i -> "127.0.0.1:" + (base + i))
      .collect(java.util.stream.Collectors.joining(","));
    return Map.of("SB_CLUSTER_NAME", cluster, "SB_CLUSTER_MEMBERS", members,
      "SB_CLUSTER_PORT", Integer.toString(base + index), "SB_CLUSTER_HOST", "127.0.0.1");
  }

  /** Starts {@code dev.switchboard.Main} from the test classpath. */
  public static BrokerProcess start(String name, JsonObject config, Map<String, String> environment, String... args) {
    List<String> command = new ArrayList<>(List.of(
      Path.of(System.getProperty("java.home"), "bin", "java").toString(),
      "-Xmx256m", "-XX:+UseSerialGC",
      "-Djava.util.logging.config.file=" + Path.of("src/test/resources/test-logging.properties").toAbsolutePath(),
      "-cp", System.getProperty("java.class.path"),
      "dev.switchboard.Main"));
    return launch(name, command, config, environment, args);
  }

  /** Starts the fat jar ({@code java -jar target/switchboard.jar}), as the README does. */
  public static BrokerProcess startJar(String name, Path jar, JsonObject config, Map<String, String> environment,
                                       String... args) {
    List<String> command = new ArrayList<>(List.of(
      Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-jar", jar.toString()));
    return launch(name, command, config, environment, args);
  }

  private static BrokerProcess launch(String name, List<String> command, JsonObject config,
                                      Map<String, String> environment, String... args) {
    int publicPort = FreePorts.next();
    int apiPort = FreePorts.next();
    JsonObject effective = config.copy();
    effective.put("public", effective.getJsonObject("public", new JsonObject()).put("port", publicPort).put("host", "127.0.0.1"));
    effective.put("api", effective.getJsonObject("api", new JsonObject()).put("port", apiPort).put("host", "127.0.0.1"));
    TestBroker.withFreeSidecarPort(effective);
    command.add("-conf");
    command.add(effective.encode());
    command.addAll(List.of(args));
    try {
      Path logs = Files.createDirectories(Path.of("target", "process-logs"));
      Path log = logs.resolve(name + ".log");
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
      builder.environment().keySet().removeIf(key -> key.startsWith("SB_"));
      builder.environment().putAll(environment);
      return new BrokerProcess(name, builder.start(), publicPort, apiPort, log);
    } catch (IOException e) {
      throw new IllegalStateException("could not start " + name, e);
    }
  }

  /** Runs the launcher to completion (for {@code -h} or a bad configuration) and returns exit code and output. */
  public static Result run(Path jar, Map<String, String> environment, String... args) {
    List<String> command = new ArrayList<>(List.of(
      Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
    command.addAll(List.of(args));
    try {
      File output = File.createTempFile("switchboard-run", ".log");
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output);
      builder.environment().keySet().removeIf(key -> key.startsWith("SB_"));
      builder.environment().putAll(environment);
      Process process = builder.start();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("the launcher did not exit within 60 s: " + String.join(" ", args));
      }
      String text = Files.readString(output.toPath());
      output.delete();
      return new Result(process.exitValue(), text);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  public record Result(int exitCode, String output) {
  }

  /** Waits until {@code /health/ready} answers 200; fails with the process log otherwise. */
  public BrokerProcess awaitReady(Duration timeout) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError(name + " exited with " + process.exitValue() + ":\n" + output());
      }
      try {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + apiPort + "/health/ready")).timeout(Duration.ofSeconds(2)).build(),
          HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          return this;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      sleep(200);
    }
    throw new AssertionError(name + " was not ready within " + timeout + ":\n" + output());
  }

  /** SIGTERM, as an orchestrator stops a pod: the node drains. */
  public void terminate() {
    process.destroy();
  }

  /** Waits for the process to end and returns its exit status. */
  public int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError(name + " did not exit within " + timeout + ":\n" + output());
    }
    return process.exitValue();
  }

  /** kill -9: no shutdown hook runs, the node vanishes from the cluster as a crashed machine would. */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  public int publicPort() {
    return publicPort;
  }

  public int apiPort() {
    return apiPort;
  }

  public long pid() {
    return process.pid();
  }

  public String output() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
