package dev.switchboard.e2e;

import dev.switchboard.testing.DashboardBrowser;
import dev.switchboard.testing.SocketIoNodeClient;
import dev.switchboard.testing.SyncPeers;
import dev.switchboard.testing.TaprClient;
import dev.switchboard.testing.TaprFixture;
import dev.switchboard.testing.TestBroker;
import dev.switchboard.testing.TestSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The dashboard at {@code /admin/} (SPEC §5). Its files as HTTP serves them (public, right types and cache headers,
 * nothing else reachable through it), and the page in real headless Chromium against a real broker with real
 * clients (tapr, sync, the official socket.io client): a wrong token shows the 401 error, the right one shows the
 * node, connection counts follow clients connecting, the rate charts draw the messages they send, and a connection
 * found by user, dialect or id is closed from the page — the client sees the close. Leaves a screenshot in
 * {@code target/dashboard.png}.
 */
class DashboardEndToEndTest {

  private static final String TOKEN = "dashboard-test-token";
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void theFilesAreServedPubliclyWithTheirTypesAndNothingElseIs() throws Exception {
    try (TestBroker broker = TestBroker.start(new JsonObject().put("api", new JsonObject().put("token", TOKEN)))) {
      int port = broker.apiPort();

      HttpResponse<String> redirect = get(port, "/admin", Map.of());
      assertEquals(301, redirect.statusCode());
      assertEquals("/admin/", redirect.headers().firstValue("Location").orElse(null));
      assertEquals("/admin/?token=abc", get(port, "/admin?token=abc", Map.of()).headers().firstValue("Location")
        .orElse(null), "the token of the address survives the redirect");

      HttpResponse<String> page = get(port, "/admin/", Map.of());
      assertEquals(200, page.statusCode(), "the page needs no token");
      assertEquals("text/html; charset=utf-8", header(page, "Content-Type"));
      assertTrue(page.body().contains("<script src=\"app.js\""), page.body());
      assertEquals("no-cache", header(page, "Cache-Control"));
      assertEquals("nosniff", header(page, "X-Content-Type-Options"));
      assertEquals("no-referrer", header(page, "Referrer-Policy"));
      assertTrue(header(page, "Content-Security-Policy").contains("default-src 'none'"));
      String etag = header(page, "ETag");
      assertNotNull(etag);
      assertEquals(304, get(port, "/admin/", Map.of("If-None-Match", etag)).statusCode());
      assertEquals(200, get(port, "/admin/index.html", Map.of()).statusCode());

      HttpResponse<String> script = get(port, "/admin/app.js", Map.of());
      assertEquals(200, script.statusCode());
      assertEquals("text/javascript; charset=utf-8", header(script, "Content-Type"));
      assertTrue(script.body().contains("Authorization: 'Bearer '"), "the page calls /api with the bearer token");
      assertEquals("text/css; charset=utf-8", header(get(port, "/admin/app.css", Map.of()), "Content-Type"));

      // Only the three files: no other name, and no way out of the directory, however it is spelled.
      for (String path : List.of("/admin/missing.js", "/admin/..%2Fopenapi.yaml", "/admin/%2e%2e%2fopenapi.yaml",
        "/admin/..%5C..%5Cpom.xml", "/admin/ui%2Fapp.js", "/admin/%2Fetc%2Fpasswd", "/admin/app.js%00.html",
        "/admin/..%2F..%2F..%2Fdev%2Fswitchboard%2Fadmin%2Fopenapi.yaml")) {
        HttpResponse<String> answer = get(port, path, Map.of());
        assertTrue(answer.statusCode() == 404 || answer.statusCode() == 400, path + " → " + answer.statusCode());
        assertFalse(answer.body().contains("openapi:") || answer.body().contains("root:"), path + " leaked a file");
      }
      // A dot-segment is resolved before routing: it lands on /api, which still wants the token.
      assertEquals(401, get(port, "/admin/../api/nodes", Map.of()).statusCode());
    }
  }

  @Test
  void theDashboardInChromiumFollowsTheClusterAndClosesAConnection() throws Exception {
    assumeTrue(DashboardBrowser.chromiumInstalled(), "skipped: " + DashboardBrowser.CHROMIUM + " is not installed "
      + "(.ci/run installs Debian's chromium); the dashboard test needs a real browser");
    AtomicBoolean trafficOn = new AtomicBoolean(true);
    AtomicLong sent = new AtomicLong();
    Thread traffic = null;
    try (TaprFixture tapr = new TaprFixture();
         SocketIoNodeClient socketIo = SocketIoNodeClient.start();
         DashboardBrowser browser = DashboardBrowser.start()) {
      TestBroker broker = tapr.broker(new JsonObject().put("api", new JsonObject().put("token", TOKEN)));
      String admin = "http://127.0.0.1:" + broker.apiPort() + "/admin/";

      JsonObject refused = browser.open(admin + "?token=not-the-token");
      assertEquals("signed-out", refused.getString("state"), refused::encodePrettily);
      assertNotNull(refused.getString("error"), "a wrong token shows an error");
      assertTrue(refused.getString("error").contains("401") && refused.getString("error").contains("refused"),
        refused.getString("error"));
      assertTrue(refused.getBoolean("loginVisible"), "the token field is offered again");
      assertFalse(refused.getString("url").contains("token="), "the token is dropped from the address");

      JsonObject signedIn = browser.login(TOKEN);
      assertEquals("live", signedIn.getString("state"), signedIn::encodePrettily);
      assertNull(signedIn.getString("error"));
      JsonObject node = signedIn.getJsonArray("nodes").getJsonObject(0);
      assertEquals(broker.nodeId(), node.getString("id"));
      assertEquals("127.0.0.1:" + broker.publicPort(), node.getString("address"));
      assertEquals(0, signedIn.getJsonObject("counts").getInteger("tapr"));

      List<TaprFixture.Opened> users = List.of(tapr.open(broker, "alice"), tapr.open(broker, "bob"),
        tapr.open(broker, "carol"));
      TestSocket syncOne = SyncPeers.client(tapr.peers(), broker.publicPort());
      TestSocket syncTwo = SyncPeers.client(tapr.peers(), broker.publicPort());
      JsonObject web = socketIo.connect("web", "http://127.0.0.1:" + broker.publicPort() + "/web",
        new JsonObject().put("transports", new JsonArray().add("websocket")));
      assertEquals("connect", web.getString("type"), web::encode);
      // The tiles (from /api/stats) and the node's row (from /api/nodes): sync, push, socket.io, tapr, total.
      browser.awaitSnapshot("3 tapr, 2 sync and 1 socket.io connections", snapshot ->
        count(snapshot, "tapr") == 3 && count(snapshot, "sync") == 2 && count(snapshot, "socketio") == 1
          && nodeCells(snapshot).subList(4, 9).equals(List.of("2", "0", "1", "3", "6")), WAIT);

      // Messages both ways: tapr pings (answered with pongs), sync requests (answered with errors: no service).
      traffic = new Thread(() -> {
        long end = System.currentTimeMillis() + 60_000;
        while (trafficOn.get() && System.currentTimeMillis() < end) {
          try {
            // bob is closed from the page half-way through; the others keep talking.
            users.stream().map(TaprFixture.Opened::client).filter(client -> !client.isClosed())
              .forEach(TaprClient::ping);
            syncOne.send(SyncPeers.request("r" + sent.incrementAndGet(), "nobody.home", null));
            syncTwo.send(SyncPeers.request("r" + sent.incrementAndGet(), "nobody.home", null));
          } catch (RuntimeException closing) {
            // a client closed between the check and the send
          }
          pause(100);
        }
      }, "dashboard-traffic");
      traffic.setDaemon(true);
      traffic.start();
      // About 30 tapr pings and 20 sync requests a second are sent: the first sample may catch only part of that.
      JsonObject charted = browser.awaitSnapshot("message rates in both charts", snapshot ->
        rate(snapshot, "tapr", "in") > 0 && rate(snapshot, "tapr", "out") > 0 && rate(snapshot, "sync", "in") > 0
          && pixels(snapshot, "chart-in", "tapr") > 20 && pixels(snapshot, "chart-out", "tapr") > 20
          && pixels(snapshot, "chart-in", "sync") > 20 && peak(snapshot, "chart-in") > 10, WAIT);
      assertTrue(peak(charted, "chart-in") < 1000, "chart-in peak " + peak(charted, "chart-in") + " msg/s");
      assertEquals(0, pixels(charted, "chart-in", "push"), "no push traffic, no push line");

      JsonObject everything = browser.search(null, null, null);
      assertEquals(6, everything.getJsonArray("rows").size(), everything::encodePrettily);
      assertEquals(1, browser.search(null, null, "socketio").getJsonArray("rows").size());

      TaprFixture.Opened bob = users.get(1);
      JsonArray byUser = browser.search(null, "bob", null).getJsonArray("rows");
      assertEquals(1, byUser.size(), byUser::encodePrettily);
      assertEquals(bob.id(), byUser.getJsonObject(0).getString("id"));
      assertEquals("tapr", byUser.getJsonObject(0).getString("dialect"));
      Set<String> byDialect = ids(browser.search(null, null, "tapr").getJsonArray("rows"));
      assertEquals(users.stream().map(TaprFixture.Opened::id).collect(Collectors.toSet()), byDialect);
      JsonArray byId = browser.search(bob.id(), null, null).getJsonArray("rows");
      assertEquals(List.of(bob.id()), List.copyOf(ids(byId)));

      JsonObject closed = browser.closeConnection(bob.id());
      assertTrue(closed.getString("confirm").contains(bob.id()), "the confirmation names the connection: " + closed);
      assertTrue(closed.getString("toast").contains("Closed connection " + bob.id()), closed.getString("toast"));
      assertTrue(closed.getJsonArray("rows").isEmpty(), "the row is gone");
      assertEquals(1000, bob.client().awaitClose(), "the client saw the close the page asked for");
      assertFalse(users.get(0).client().isClosed() || users.get(2).client().isClosed(), "only bob was closed");
      browser.awaitSnapshot("2 tapr connections after the close", snapshot -> count(snapshot, "tapr") == 2, WAIT);
      JsonObject gone = browser.search(bob.id(), null, null);
      assertTrue(gone.getJsonArray("rows").isEmpty() && gone.getString("status").contains("no open connection"),
        gone::encodePrettily);

      browser.search(null, null, null);
      Path screenshot = Path.of("target", "dashboard.png");
      Files.createDirectories(screenshot.getParent());
      browser.screenshot(screenshot);
      assertTrue(Files.size(screenshot) > 10_000, "a screenshot of the whole page");
      assertEquals(new JsonArray(), browser.problems(), "no console or page errors");
      syncOne.close();
      syncTwo.close();
    } finally {
      trafficOn.set(false);
      if (traffic != null) {
        traffic.join(5000);
      }
    }
  }

  private static int count(JsonObject snapshot, String dialect) {
    return snapshot.getJsonObject("counts").getInteger(dialect);
  }

  private static List<String> nodeCells(JsonObject snapshot) {
    return snapshot.getJsonArray("nodes").getJsonObject(0).getJsonArray("cells").stream().map(Object::toString)
      .toList();
  }

  private static double rate(JsonObject snapshot, String dialect, String direction) {
    Number value = snapshot.getJsonObject("rates").getJsonObject(dialect).getNumber(direction);
    return value == null ? 0 : value.doubleValue();
  }

  private static double peak(JsonObject snapshot, String chart) {
    return snapshot.getJsonObject("charts").getJsonObject(chart).getDouble("peak");
  }

  private static int pixels(JsonObject snapshot, String chart, String dialect) {
    return snapshot.getJsonObject("charts").getJsonObject(chart).getJsonObject("pixels").getInteger(dialect);
  }

  private static Set<String> ids(JsonArray rows) {
    return rows.stream().map(row -> ((JsonObject) row).getString("id")).collect(Collectors.toSet());
  }

  private static HttpResponse<String> get(int port, String path, Map<String, String> headers)
    throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
      .timeout(Duration.ofSeconds(10)).GET();
    headers.forEach(request::header);
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String header(HttpResponse<?> response, String name) {
    return response.headers().firstValue(name).orElse(null);
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
