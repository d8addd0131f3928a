package dev.switchboard.e2e;

import dev.switchboard.testing.TaprFixture;
import dev.switchboard.testing.TaprFixture.Opened;
import dev.switchboard.testing.TestBroker;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The tapr idle clock (SPEC §4): only {@code {"event":"ping"}} winds it; a connection without one for
 * {@code tapr.pingTimeoutMs} is closed (4000) and the app hears the close — messages and WebSocket-level pings do
 * not count.
 */
class TaprIdleEndToEndTest {

  private static final long PING_TIMEOUT_MS = 700;

  private static TaprFixture fixture;
  private static TestBroker broker;

  @BeforeAll
  static void start() {
    fixture = new TaprFixture();
    broker = fixture.broker(new JsonObject().put("tapr", new JsonObject().put("pingTimeoutMs", PING_TIMEOUT_MS))
      // WebSocket pings every 100 ms: they must not keep a tapr connection alive.
      .put("public", new JsonObject().put("pingIntervalMs", 100)));
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @Test
  void aClientThatPingsStaysAndASilentOneIsClosedAndReported() throws Exception {
    Opened pinging = fixture.open(broker, "pinging");
    Opened silent = fixture.open(broker, "silent");
    long opened = System.currentTimeMillis();
    for (int i = 0; i < 8; i++) {
      pinging.client().ping();
      assertEquals("{\"event\":\"pong\",\"data\":{}}", pinging.client().nextText());
      Thread.sleep(250);
    }
    assertFalse(pinging.client().isClosed(), "pinged every 250 ms for 2 s, with a 700 ms timeout");
    assertEquals(4000, silent.client().awaitClose(100));
    assertEquals("close", fixture.app().nextOf(silent.id()).action());
    long closedAfter = System.currentTimeMillis() - opened;
    assertTrue(closedAfter >= PING_TIMEOUT_MS, "closed after " + closedAfter + " ms");
    assertTrue(broker.main().stats().taprPingTimeouts.sum() >= 1);
  }

  @Test
  void messagesAndWebSocketPingsDoNotWindTheClock() throws Exception {
    Opened chatty = fixture.open(broker, "chatty");
    long start = System.currentTimeMillis();
    short code = -1;
    while (System.currentTimeMillis() - start < 5000 && !chatty.client().isClosed()) {
      try {
        chatty.client().send("{\"event\":\"chat\",\"data\":{}}");
        chatty.client().transportPing();
      } catch (IllegalStateException closedMeanwhile) {
        break;
      }
      Thread.sleep(100);
    }
    code = chatty.client().awaitClose(2000);
    long lived = System.currentTimeMillis() - start;
    assertEquals(4000, code);
    assertTrue(lived < PING_TIMEOUT_MS + 1500, "lived " + lived + " ms");
    assertEquals("message", fixture.app().nextOf(chatty.id()).action());
    assertEquals("close", fixture.app().next(call -> chatty.id().equals(call.connection())
      && "close".equals(call.action())).action());
  }
}
