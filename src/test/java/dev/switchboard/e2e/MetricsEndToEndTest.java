package dev.switchboard.e2e;

import dev.switchboard.testing.ApiClient;
import dev.switchboard.testing.ApiClient.Answer;
import dev.switchboard.testing.PushPeers;
import dev.switchboard.testing.SyncPeers;
import dev.switchboard.testing.TaprFixture;
import dev.switchboard.testing.TaprFixture.Opened;
import dev.switchboard.testing.TestBroker;
import dev.switchboard.testing.TestSocket;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code GET /metrics} (SPEC §5) on real nodes: Prometheus text without a token, every meter the SPEC names with
 * its labels, values that follow what real clients do, the Vert.x and JVM meters, and one registry per node
 * (two nodes in one JVM each show only their own).
 */
class MetricsEndToEndTest {

  private static final String PUSH_TOKEN = "push-token-for-metrics";

  private static TaprFixture fixture;
  private static TestBroker broker;
  private static ApiClient http;

  @BeforeAll
  static void start() {
    fixture = new TaprFixture();
    broker = fixture.broker(new JsonObject()
      .put("push", new JsonObject().put("token", PUSH_TOKEN).put("retryMs", 200)));
    http = new ApiClient(broker, null);
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  private static String scrape(TestBroker node) {
    Answer answer = new ApiClient(node, null).get("/metrics");
    assertEquals(200, answer.status(), "no token needed");
    assertTrue(answer.contentType().startsWith("text/plain"), answer.contentType());
    return answer.text();
  }

  /** The value of the sample {@code name{labels}} (labels exactly as exposed, sorted by name), or -1 when absent. */
  private static double value(String text, String name, String labels) {
    Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(name + (labels.isEmpty() ? "" : "{" + labels + "}"))
      + " (\\S+)$").matcher(text);
    return matcher.find() ? Double.parseDouble(matcher.group(1)) : -1;
  }

  @Test
  void everySpecMeterIsExposedWithItsLabels() {
    String text = scrape(broker);
    String node = broker.nodeId();
    for (String dialect : List.of("sync", "push", "socketio", "tapr")) {
      assertTrue(value(text, "switchboard_connections", "dialect=\"" + dialect + "\",node=\"" + node + "\"") >= 0, dialect);
      assertTrue(value(text, "switchboard_messages_total", "dialect=\"" + dialect + "\",direction=\"in\",kind=\"text\"") >= 0, dialect);
      assertTrue(value(text, "switchboard_messages_total", "dialect=\"" + dialect + "\",direction=\"out\",kind=\"text\"") >= 0, dialect);
      assertTrue(value(text, "switchboard_deliveries_pending", "dialect=\"" + dialect + "\"") >= 0, dialect);
    }
    for (String outcome : List.of("delivered", "retried", "given_up")) {
      assertTrue(value(text, "switchboard_webhook_calls_total", "dialect=\"tapr\",outcome=\"" + outcome + "\"") >= 0, outcome);
    }
    for (String counter : List.of("switchboard_deliveries_retried_total", "switchboard_deliveries_expired_total",
      "switchboard_slow_consumer_closes_total", "switchboard_sync_late_responses_total")) {
      assertTrue(value(text, counter, "") >= 0, counter + " in\n" + text);
    }
    assertTrue(text.contains("# TYPE switchboard_connections gauge"), text);
    assertTrue(text.contains("# TYPE switchboard_messages_total counter"), text);
    // Vert.x's and the JVM's meters.
    assertTrue(text.contains("vertx_http_server_active_ws_connections") || text.contains("vertx_http_server_active_connections"), text);
    assertTrue(text.contains("vertx_eventbus_"), "event-bus meters");
    assertTrue(text.contains("jvm_memory_used_bytes"), "JVM meters");
  }

  @Test
  void metersFollowConnectionsMessagesAndDeliveries() {
    String node = broker.nodeId();
    String before = scrape(broker);
    List<TestSocket> sockets = new ArrayList<>();
    TestSocket client = SyncPeers.client(fixture.peers(), broker.publicPort());
    sockets.add(client);
    client.send(SyncPeers.request("1", "communicationLinkCount", null));
    client.nextMessage();
    client.sendBinary(Buffer.buffer("binary"));
    client.nextMessage();
    // A push name that never acknowledges: its message stays pending and is re-sent every retryMs.
    TestSocket silent = PushPeers.authenticated(fixture.peers(), broker.publicPort(), PUSH_TOKEN, "metrics-silent", null);
    sockets.add(silent);
    TestSocket sender = PushPeers.authenticated(fixture.peers(), broker.publicPort(), PUSH_TOKEN, "metrics-sender", null);
    sockets.add(sender);
    sender.send(PushPeers.personal("metrics-silent", "unacknowledged"));
    PushPeers.nextMessage(silent);
    PushPeers.nextMessage(silent);
    Opened tapr = fixture.open(broker, "metrics-user");
    tapr.client().send(new JsonObject().put("event", "hello"));
    fixture.app().nextOf(tapr.id());

    // The app has the message webhook; the broker counts it delivered only once the app's answer is back.
    String delivered = "dialect=\"tapr\",outcome=\"delivered\"";
    long deadline = System.currentTimeMillis() + 10_000;
    String after = scrape(broker);
    while (value(after, "switchboard_webhook_calls_total", delivered)
      < value(before, "switchboard_webhook_calls_total", delivered) + 2 && System.currentTimeMillis() < deadline) {
      after = scrape(broker);
    }
    assertEquals(value(before, "switchboard_connections", "dialect=\"sync\",node=\"" + node + "\"") + 1,
      value(after, "switchboard_connections", "dialect=\"sync\",node=\"" + node + "\""));
    assertEquals(value(before, "switchboard_connections", "dialect=\"push\",node=\"" + node + "\"") + 2,
      value(after, "switchboard_connections", "dialect=\"push\",node=\"" + node + "\""));
    assertEquals(value(before, "switchboard_connections", "dialect=\"tapr\",node=\"" + node + "\"") + 1,
      value(after, "switchboard_connections", "dialect=\"tapr\",node=\"" + node + "\""));
    assertEquals(value(before, "switchboard_messages_total", "dialect=\"sync\",direction=\"in\",kind=\"text\"") + 1,
      value(after, "switchboard_messages_total", "dialect=\"sync\",direction=\"in\",kind=\"text\""));
    assertEquals(value(before, "switchboard_messages_total", "dialect=\"sync\",direction=\"in\",kind=\"binary\"") + 1,
      value(after, "switchboard_messages_total", "dialect=\"sync\",direction=\"in\",kind=\"binary\""));
    assertTrue(value(after, "switchboard_messages_total", "dialect=\"sync\",direction=\"out\",kind=\"text\"")
      >= value(before, "switchboard_messages_total", "dialect=\"sync\",direction=\"out\",kind=\"text\"") + 3,
      "connected, the count, the error for the binary frame");
    assertTrue(value(after, "switchboard_deliveries_pending", "dialect=\"push\"") >= 1, "the unacknowledged message");
    assertTrue(value(after, "switchboard_deliveries_retried_total", "")
      >= value(before, "switchboard_deliveries_retried_total", "") + 1, "it was sent again");
    assertTrue(value(after, "switchboard_webhook_calls_total", delivered)
      >= value(before, "switchboard_webhook_calls_total", delivered) + 2, "open + message");
    sockets.forEach(TestSocket::close);
  }

  @Test
  void aFailingAppCountsRetriedAndGivenUpWebhookCallsAndPendingOnes() {
    String before = scrape(broker);
    Opened tapr = fixture.open(broker, "metrics-failing-app");
    fixture.app().respond(body -> "message".equals(body.getString("action")) ? Future.succeededFuture(500)
      : Future.succeededFuture(200));
    try {
      tapr.client().send(new JsonObject().put("event", "refused"));
      long deadline = System.currentTimeMillis() + 10_000;
      String after;
      do {
        after = scrape(broker);
      } while (value(after, "switchboard_webhook_calls_total", "dialect=\"tapr\",outcome=\"given_up\"")
        <= value(before, "switchboard_webhook_calls_total", "dialect=\"tapr\",outcome=\"given_up\"")
        && System.currentTimeMillis() < deadline);
      assertEquals(value(before, "switchboard_webhook_calls_total", "dialect=\"tapr\",outcome=\"given_up\"") + 1,
        value(after, "switchboard_webhook_calls_total", "dialect=\"tapr\",outcome=\"given_up\""));
      assertTrue(value(after, "switchboard_webhook_calls_total", "dialect=\"tapr\",outcome=\"retried\"")
        >= value(before, "switchboard_webhook_calls_total", "dialect=\"tapr\",outcome=\"retried\"") + 4,
        "five attempts: four retried, the last given up");
      assertEquals(0, value(after, "switchboard_deliveries_pending", "dialect=\"tapr\""), "nothing left waiting");
    } finally {
      fixture.app().respond(body -> Future.succeededFuture(200));
    }
  }

  @Test
  void eachNodeInTheJvmHasItsOwnRegistry() {
    try (TestBroker other = TestBroker.start(new JsonObject())) {
      TestSocket socket = SyncPeers.client(fixture.peers(), other.publicPort());
      String mine = scrape(other);
      assertEquals(1, value(mine, "switchboard_connections", "dialect=\"sync\",node=\"" + other.nodeId() + "\""));
      assertFalse(mine.contains("node=\"" + broker.nodeId() + "\""), "only its own node");
      assertFalse(scrape(broker).contains("node=\"" + other.nodeId() + "\""));
      socket.close();
    }
  }

  @Test
  void healthStaysAsItWas() {
    assertEquals("UP", http.get("/health/live").json().getString("status"));
    assertEquals(200, http.get("/health/ready").status());
  }
}
