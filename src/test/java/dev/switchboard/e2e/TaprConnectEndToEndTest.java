package dev.switchboard.e2e;

import dev.switchboard.MainVerticle;
import dev.switchboard.testing.FreePorts;
import dev.switchboard.testing.TaprClient;
import dev.switchboard.testing.TaprFixture;
import dev.switchboard.testing.TaprFixture.Opened;
import dev.switchboard.testing.TestBroker;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * How a tapr connection starts under each configuration (SPEC §4, §6, §7): the required user, the name of the
 * user header, the app's address from WS_PORT/WS_URL, and what a failed open webhook does.
 */
class TaprConnectEndToEndTest {

  private TaprFixture fixture;

  @BeforeEach
  void start() {
    fixture = new TaprFixture();
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void requireUserRefusesAnUpgradeWithoutUserWith401AndTheAppHearsNothing() {
    TestBroker broker = fixture.broker(new JsonObject().put("tapr", new JsonObject().put("requireUser", true)));
    assertEquals(401, TaprClient.refusedStatus(fixture.peers(), broker.publicPort(), TaprClient.headers(null, "t")));
    assertEquals(401, TaprClient.refusedStatus(fixture.peers(), broker.publicPort(),
      MultiMap.caseInsensitiveMultiMap().add("X-Bfl-User", "")));
    fixture.app().expectNothing(call -> true, 300);
    assertTrue(fixture.app().attempts().isEmpty());
    Opened alice = fixture.open(broker, "alice");
    assertEquals("alice", alice.open().body().getString("user_name"));
  }

  @Test
  void theUserHeaderNameIsConfigurable() {
    TestBroker broker = fixture.broker(new JsonObject().put("tapr", new JsonObject().put("userHeader", "X-Remote-User")));
    Opened viaCustom = fixture.open(broker, "bob", MultiMap.caseInsensitiveMultiMap().add("X-Remote-User", "bob"));
    assertEquals("bob", viaCustom.open().body().getString("user_name"));
    Opened viaDefault = fixture.open(broker, "", TaprClient.headers("not-read", null));
    assertEquals("", viaDefault.open().body().getString("user_name"));
  }

  @Test
  void theAppAddressComesFromWsPortAndWsUrl() throws Exception {
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    try {
      int publicPort = FreePorts.next();
      JsonObject config = new JsonObject()
        .put("public", new JsonObject().put("host", "127.0.0.1").put("port", publicPort))
        .put("api", new JsonObject().put("host", "127.0.0.1").put("port", FreePorts.next()))
        .put("tapr", new JsonObject().put("sidecar", new JsonObject().put("port", FreePorts.next())));
      MainVerticle node = new MainVerticle(Map.of("WS_PORT", Integer.toString(fixture.app().port()), "WS_URL", "/from-env"));
      vertx.deployVerticle(node, new DeploymentOptions().setConfig(config)).await(30, TimeUnit.SECONDS);
      try (TaprClient client = TaprClient.connect(fixture.peers(), publicPort, TaprClient.headers("carol", null))) {
        var open = fixture.app().next(call -> "carol".equals(call.body().getString("user_name")));
        assertEquals("/from-env", open.headers().get(":path"));
        assertEquals("open", open.action());
      }
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void aFailedOpenRefusesTheConnectionWith1011AndTheAppHearsNoMore() {
    TestBroker broker = fixture.broker(new JsonObject());
    fixture.app().respond(body -> Future.succeededFuture("open".equals(body.getString("action")) ? 503 : 200));
    TaprClient refused = fixture.connect(broker, TaprClient.headers("dave", null));
    assertEquals(1011, refused.awaitClose());
    // One attempt only: a refusable open is not retried, and neither a message nor a close follows it.
    fixture.app().expectNothing(call -> true, 500);
    assertEquals(1, fixture.app().attempts().size());
    assertEquals("open", fixture.app().attempts().get(0).action());
  }

  @Test
  void withOpenFailureAcceptTheConnectionStaysAndItsMessagesFollow() {
    TestBroker broker = fixture.broker(new JsonObject().put("webhook", new JsonObject().put("openFailure", "accept")
      .put("maxAttempts", 2)));
    fixture.app().respond(body -> Future.succeededFuture("open".equals(body.getString("action")) ? 500 : 200));
    TaprClient accepted = fixture.connect(broker, TaprClient.headers("erin", null));
    accepted.send("{\"event\":\"hello\",\"data\":{}}");
    var message = fixture.app().next(call -> "erin".equals(call.body().getString("user_name")));
    assertEquals("message", message.action());
    assertEquals(2, fixture.app().attempts().stream().filter(call -> "open".equals(call.action())).count(),
      "the open was tried webhook.maxAttempts times before the message went");
    accepted.ping();
    assertEquals("{\"event\":\"pong\",\"data\":{}}", accepted.nextText());
    assertFalse(accepted.isClosed());
  }

  @Test
  void withoutAnAppListeningTheConnectionIsRefused() {
    TestBroker broker = fixture.broker(new JsonObject().put("tapr", new JsonObject()
      .put("app", new JsonObject().put("port", FreePorts.next()))));
    TaprClient refused = fixture.connect(broker, TaprClient.headers("frank", null));
    assertEquals(1011, refused.awaitClose());
  }
}
