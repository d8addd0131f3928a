package dev.switchboard.e2e;

import dev.switchboard.testing.TaprApp;
import dev.switchboard.testing.TaprFixture;
import dev.switchboard.testing.TaprFixture.Opened;
import dev.switchboard.testing.TestBroker;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The app webhook's delivery rules for tapr (SPEC §6): retried with backoff on non-2xx and on timeout, given up
 * after {@code webhook.maxAttempts}, in order per connection throughout; a slow app for one connection holds up
 * no other; a connection's undelivered webhooks are bounded (reading from the client pauses at the bound).
 */
class TaprWebhookEndToEndTest {

  private TaprFixture fixture;

  @BeforeEach
  void start() {
    fixture = new TaprFixture();
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  private static boolean isMessage(JsonObject body, String event) {
    return "message".equals(body.getString("action")) && body.getValue("data") instanceof JsonObject data
      && event.equals(data.getString("event"));
  }

  private static String event(TaprApp.Call call) {
    return ((JsonObject) call.data()).getString("event");
  }

  @Test
  void aMessageAnswered500TwiceThen200IsDeliveredOnceAndLaterMessagesStayInOrder() {
    TestBroker broker = fixture.broker(new JsonObject());
    AtomicInteger failures = new AtomicInteger();
    fixture.app().respond(body -> Future.succeededFuture(
      isMessage(body, "m1") && failures.getAndIncrement() < 2 ? 500 : 200));
    Opened client = fixture.open(broker, "retried");
    for (String event : List.of("m1", "m2", "m3", "m4")) {
      client.client().send(new JsonObject().put("event", event).put("data", new JsonObject()));
    }
    for (String event : List.of("m1", "m2", "m3", "m4")) {
      assertEquals(event, event(fixture.app().nextOf(client.id())));
    }
    client.client().close();
    assertEquals("close", fixture.app().nextOf(client.id()).action());
    fixture.app().expectNothingOf(client.id(), 200);
    List<TaprApp.Call> m1 = fixture.app().attempts().stream()
      .filter(call -> client.id().equals(call.connection()) && "message".equals(call.action()) && "m1".equals(event(call)))
      .toList();
    assertEquals(List.of(500, 500, 200), m1.stream().map(TaprApp.Call::answeredWith).toList());
    // Exponential backoff: 100 ms after the first failure, 200 ms after the second.
    long firstPause = m1.get(1).receivedAt() - m1.get(0).receivedAt();
    long secondPause = m1.get(2).receivedAt() - m1.get(1).receivedAt();
    assertTrue(firstPause >= 90 && secondPause >= 190 && secondPause > firstPause,
      "pauses " + firstPause + " ms, " + secondPause + " ms");
    assertEquals(2, broker.main().stats().webhookAttemptsRetried.sum());
  }

  @Test
  void anAttemptPastTheTimeoutIsRetried() {
    TestBroker broker = fixture.broker(new JsonObject().put("webhook", new JsonObject().put("timeoutMs", 300)));
    AtomicInteger slowOnes = new AtomicInteger();
    // The first attempt of "late" is never answered: the broker gives up on it after 300 ms and tries again.
    fixture.app().respond(body -> isMessage(body, "late") && slowOnes.getAndIncrement() == 0
      ? Promise.<Integer>promise().future() : Future.succeededFuture(200));
    Opened client = fixture.open(broker, "timed-out");
    long sent = System.currentTimeMillis();
    client.client().send("{\"event\":\"late\",\"data\":{}}");
    client.client().send("{\"event\":\"after\",\"data\":{}}");
    assertEquals("late", event(fixture.app().nextOf(client.id())));
    assertTrue(System.currentTimeMillis() - sent >= 300);
    assertEquals("after", event(fixture.app().nextOf(client.id())));
  }

  @Test
  void aCallIsGivenUpAfterMaxAttemptsAndTheNextOneGoes() {
    TestBroker broker = fixture.broker(new JsonObject().put("webhook", new JsonObject().put("maxAttempts", 3)));
    fixture.app().respond(body -> Future.succeededFuture(isMessage(body, "poison") ? 500 : 200));
    Opened client = fixture.open(broker, "poisoned");
    client.client().send("{\"event\":\"poison\",\"data\":{}}");
    client.client().send("{\"event\":\"fine\",\"data\":{}}");
    assertEquals("fine", event(fixture.app().nextOf(client.id())));
    assertEquals(3, fixture.app().attempts().stream().filter(call -> "message".equals(call.action())
      && "poison".equals(event(call))).count());
    assertEquals(1, broker.main().stats().webhookCallsGivenUp.sum());
  }

  @Test
  void anAppStuckOnOneConnectionDoesNotHoldUpAnother() {
    TestBroker broker = fixture.broker(new JsonObject().put("webhook", new JsonObject().put("timeoutMs", 10_000)));
    Queue<Promise<Integer>> held = new ConcurrentLinkedQueue<>();
    fixture.app().respond(body -> {
      if ("stuck".equals(body.getString("user_name")) && "message".equals(body.getString("action"))) {
        Promise<Integer> answer = Promise.promise();
        held.add(answer);
        return answer.future();
      }
      return Future.succeededFuture(200);
    });
    Opened stuck = fixture.open(broker, "stuck");
    Opened free = fixture.open(broker, "free");
    for (int i = 0; i < 5; i++) {
      stuck.client().send(new JsonObject().put("event", "s" + i).put("data", new JsonObject()));
    }
    for (int i = 0; i < 20; i++) {
      free.client().send(new JsonObject().put("event", "f" + i).put("data", new JsonObject()));
    }
    for (int i = 0; i < 20; i++) {
      assertEquals("f" + i, event(fixture.app().nextOf(free.id())));
    }
    fixture.app().expectNothingOf(stuck.id(), 100);
    assertEquals(1, held.size(), "one call of the stuck connection in flight, the rest waiting behind it");
    // The app recovers: everything of the stuck connection arrives, in order.
    fixture.app().respond(body -> Future.succeededFuture(200));
    held.forEach(answer -> answer.complete(200));
    for (int i = 0; i < 5; i++) {
      assertEquals("s" + i, event(fixture.app().nextOf(stuck.id())));
    }
  }

  @Test
  void atTheQueueBoundReadingPausesAndNothingIsLost() {
    TestBroker broker = fixture.broker(new JsonObject()
      .put("public", new JsonObject().put("maxQueuedBytes", 4096))
      .put("webhook", new JsonObject().put("timeoutMs", 10_000)));
    Queue<Promise<Integer>> held = new ConcurrentLinkedQueue<>();
    fixture.app().respond(body -> {
      if ("message".equals(body.getString("action"))) {
        Promise<Integer> answer = Promise.promise();
        held.add(answer);
        return answer.future();
      }
      return Future.succeededFuture(200);
    });
    Opened client = fixture.open(broker, "flooding");
    String padding = "x".repeat(300);
    for (int i = 0; i < 40; i++) {
      client.client().send(new JsonObject().put("event", "n" + i).put("data", padding));
    }
    long deadline = System.currentTimeMillis() + 5000;
    while (broker.main().stats().webhookBacklogsFull.sum() == 0 && System.currentTimeMillis() < deadline) {
      Thread.onSpinWait();
    }
    assertEquals(1, broker.main().stats().webhookBacklogsFull.sum(), "40 × 400 bytes pass a 4096-byte bound");
    // Reading is paused: a ping behind the flood is not answered until the app catches up.
    client.client().ping();
    client.client().expectSilence(300);
    fixture.app().respond(body -> Future.succeededFuture(200));
    held.forEach(answer -> answer.complete(200));
    for (int i = 0; i < 40; i++) {
      assertEquals("n" + i, event(fixture.app().nextOf(client.id())));
    }
    assertEquals("{\"event\":\"pong\",\"data\":{}}", client.client().nextText());
    assertFalse(client.client().isClosed());
  }
}
