package dev.switchboard.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A broker or bare-relay JVM started by the benchmark: its pid (for CPU and RSS probes), its ports and its
 * log file. Every instance is registered so a JVM shutdown hook kills whatever is still running, whichever
 * way the benchmark ends.
 */
final class ServerProcess {

  private static final Set<ServerProcess> RUNNING = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(ServerProcess::kill), "kill-servers"));
  }

  private final String name;
  private final Process process;
  private final int publicPort;
  private final int readyPort;
  private final Path log;
  private final ServerJvm jvm;

  private ServerProcess(String name, Process process, int publicPort, int readyPort, Path log, ServerJvm jvm) {
    this.name = name;
    this.process = process;
    this.publicPort = publicPort;
    this.readyPort = readyPort;
    this.log = log;
    this.jvm = jvm;
  }

  static ServerProcess start(String name, ServerJvm jvm, List<String> arguments, java.util.Map<String, String> env,
                             int publicPort, int readyPort, Path log) {
    List<String> command = new java.util.ArrayList<>();
    command.add(jvm.java().toString());
    command.addAll(jvm.flags());
    command.addAll(arguments);
    java.util.Map<String, String> environment = new java.util.HashMap<>(jvm.environment());
    environment.putAll(env);
    return startCommand(name, command, environment, publicPort, readyPort, log, jvm);
  }

  /**
   * Any server program ({@code jvm} is {@code null} for one that is no JVM, e.g. the socket.io benchmark's Node
   * server); {@code readyPort} must answer {@code GET /health/ready}.
   */
  static ServerProcess startCommand(String name, List<String> command, java.util.Map<String, String> env,
                                    int publicPort, int readyPort, Path log, ServerJvm jvm) {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
      .redirectOutput(log.toFile());
    // Our own SB_ variables (if any) must not leak into the server's configuration.
    builder.environment().keySet().removeIf(key -> key.startsWith("SB_"));
    builder.environment().putAll(env);
    try {
      Files.writeString(log, "");
      ServerProcess server = new ServerProcess(name, builder.start(), publicPort, readyPort, log, jvm);
      RUNNING.add(server);
      return server;
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + name + ": " + e.getMessage(), e);
    }
  }

  String name() {
    return name;
  }

  long pid() {
    return process.pid();
  }

  int publicPort() {
    return publicPort;
  }

  ServerJvm jvm() {
    return jvm;
  }

  long cpuMillis() {
    return ProcessProbe.cpuMillis(pid());
  }

  long rssKib() {
    return ProcessProbe.rssKib(pid());
  }

  /** Polls {@code GET /health/ready} until it answers 200; fails early when the process dies. */
  ServerProcess awaitReady(Duration timeout) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + readyPort + "/health/ready"))
      .timeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited with status " + process.exitValue() + "; log tail:\n" + logTail());
      }
      try {
        if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return this;
        }
      } catch (IOException notYet) {
        // Not listening yet.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
      Sleep.millis(200);
    }
    throw new IllegalStateException(name + " not ready after " + timeout.toSeconds() + " s; log tail:\n" + logTail());
  }

  /** SIGTERM (so a JFR recording is written), then SIGKILL if it is still there after a few seconds. */
  void stop() {
    process.destroy();
    try {
      if (!process.waitFor(8, TimeUnit.SECONDS)) {
        kill();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      kill();
    }
    RUNNING.remove(this);
  }

  boolean isAlive() {
    return process.isAlive();
  }

  String logTail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
