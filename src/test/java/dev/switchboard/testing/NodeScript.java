package dev.switchboard.testing;

import io.vertx.core.json.JsonObject;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A Node program under {@code src/test/node} that a test talks to in JSON lines: commands go to its stdin, every
 * stdout line that is a JSON object is queued for {@link #poll}; its stderr goes to the test's. Used by
 * {@link SocketIoNodeClient} (driver.js) and {@link DashboardBrowser} (dashboard.js).
 */
final class NodeScript {

  private final Process process;
  private final Writer stdin;
  private final BlockingQueue<JsonObject> lines = new LinkedBlockingQueue<>();

  private NodeScript(Process process, String name) {
    this.process = process;
    this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    Thread reader = new Thread(() -> {
      try (BufferedReader out = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = out.readLine()) != null) {
          if (line.startsWith("{")) {
            lines.add(new JsonObject(line));
          }
        }
      } catch (IOException ignored) {
        // the process ended
      }
    }, name);
    reader.setDaemon(true);
    reader.start();
  }

  /** Runs {@code node src/test/node/<script>} (needs {@code npm ci --prefix src/test/node} to have run). */
  static NodeScript start(String script) {
    try {
      Process process = new ProcessBuilder("node", Path.of("src", "test", "node", script).toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
      return new NodeScript(process, script);
    } catch (IOException e) {
      throw new IllegalStateException("could not start node (is Node 20 installed?)", e);
    }
  }

  synchronized void send(JsonObject command) {
    try {
      stdin.write(command.encode());
      stdin.write('\n');
      stdin.flush();
    } catch (IOException e) {
      throw new IllegalStateException("the node script is gone", e);
    }
  }

  /** The next JSON line, or null when none came within {@code millis}. */
  JsonObject poll(long millis) throws InterruptedException {
    return lines.poll(millis, TimeUnit.MILLISECONDS);
  }

  /** {@code ""} while running, else {@code " (it exited with N)"}: for failure messages. */
  String exitNote() {
    return process.isAlive() ? "" : " (it exited with " + process.exitValue() + ")";
  }

  /** Sends {@code exit}, waits up to {@code wait} for the process to end, then kills it. */
  void close(JsonObject exit, Duration wait) {
    try {
      send(exit);
    } catch (RuntimeException ignored) {
      // already gone
    }
    try {
      if (!process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
    }
  }
}
