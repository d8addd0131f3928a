package dev.switchboard.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The dashboard ({@code /admin/}) in real headless Chromium, driven from a test: runs
 * {@code node src/test/node/dashboard.js} (playwright-core with Debian's {@code /usr/bin/chromium}) and sends it one
 * command at a time — open a URL, log in, read what the page shows, search, close a connection, take a screenshot —
 * each answered with a JSON object. {@link #close()} ends the browser and the process.
 */
public final class DashboardBrowser implements AutoCloseable {

  public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  /** One command's budget; the script's own waits are 15 s, so a timeout here means the script hung. */
  private static final Duration ANSWER_WAIT = Duration.ofSeconds(40);

  private final NodeScript script;
  private int sequence;

  private DashboardBrowser(NodeScript script) {
    this.script = script;
  }

  /** Whether the browser this test needs is installed ({@code .ci/run} installs Debian's chromium). */
  public static boolean chromiumInstalled() {
    return Files.isExecutable(CHROMIUM);
  }

  /** Starts Chromium through the script; fails when it cannot (playwright-core missing, browser crash). */
  public static DashboardBrowser start() {
    DashboardBrowser browser = new DashboardBrowser(NodeScript.start("dashboard.js"));
    browser.answer(0);
    return browser;
  }

  /** Opens {@code url}; answers a {@link #snapshot()} once the page has signed in or out. */
  public JsonObject open(String url) {
    return call(new JsonObject().put("cmd", "open").put("url", url));
  }

  /** Types {@code token} into the token field and presses Connect; answers a snapshot once the page decided. */
  public JsonObject login(String token) {
    return call(new JsonObject().put("cmd", "login").put("token", token));
  }

  /**
   * What the page shows: {@code state}, {@code error}, {@code nodes:[{id,address,cells}]},
   * {@code counts:{dialect:N}}, {@code rates:{dialect:{in,out}}}, {@code charts:{chart-in|chart-out:{samples,peak,
   * pixels:{dialect:N}}}}.
   */
  public JsonObject snapshot() {
    return call(new JsonObject().put("cmd", "snapshot"));
  }

  /** Reads snapshots until {@code condition} holds (every 250 ms, at most {@code within}); fails with the last one. */
  public JsonObject awaitSnapshot(String what, Predicate<JsonObject> condition, Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    JsonObject last;
    do {
      last = snapshot();
      if (condition.test(last)) {
        return last;
      }
      sleep(250);
    } while (System.nanoTime() < deadline);
    return fail("the dashboard never showed " + what + " within " + within + "; last: " + last.encodePrettily());
  }

  /** Fills the search form (null: empty) and submits it; answers {@code {rows:[{id,dialect,user}], status}}. */
  public JsonObject search(String id, String user, String dialect) {
    return call(new JsonObject().put("cmd", "search").put("id", id).put("user", user).put("dialect", dialect));
  }

  /** Presses the row's Close button and accepts the confirmation; answers {@code {confirm, toast, rows}}. */
  public JsonObject closeConnection(String id) {
    return call(new JsonObject().put("cmd", "close").put("id", id));
  }

  public void screenshot(Path path) {
    call(new JsonObject().put("cmd", "screenshot").put("path", path.toAbsolutePath().toString()));
  }

  /** Console errors, uncaught page errors (a refused 401 excepted) seen so far. */
  public JsonArray problems() {
    return call(new JsonObject().put("cmd", "problems")).getJsonArray("result");
  }

  private JsonObject call(JsonObject command) {
    int seq = ++sequence;
    script.send(command.put("seq", seq));
    JsonObject answer = answer(seq);
    Object result = answer.getValue("result");
    return result instanceof JsonObject object ? object : answer;
  }

  private JsonObject answer(int seq) {
    try {
      JsonObject answer = script.poll(ANSWER_WAIT.toMillis());
      if (answer == null) {
        return fail("the dashboard script did not answer command " + seq + " within " + ANSWER_WAIT
          + script.exitNote());
      }
      if (answer.getInteger("seq") != seq) {
        return fail("answer out of order: expected " + seq + ", got " + answer.encode());
      }
      if (!answer.getBoolean("ok")) {
        return fail("the dashboard script failed: " + answer.getString("error"));
      }
      return answer;
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    script.close(new JsonObject().put("cmd", "exit").put("seq", ++sequence), Duration.ofSeconds(10));
  }
}
