package dev.switchboard.webhook;

import dev.switchboard.NodeStats;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The per-connection webhook queue against a scripted sender, on a real Vert.x event loop (its timers are the
 * retry pauses): order, retries, giving up, discarding, and the bound.
 */
class WebhookQueueTest {

  private Vertx vertx;
  private Context context;
  private final NodeStats stats = new NodeStats();
  private final List<String> events = new CopyOnWriteArrayList<>();
  /** Every attempt, as "event" of its data. */
  private final List<String> attempts = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    context = vertx.getOrCreateContext();
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private static WebhookCall message(String event) {
    return new WebhookCall(WebhookAction.MESSAGE, "tapr", "n.0.1", "u", null,
      new JsonObject().put("event", event).encode().getBytes(StandardCharsets.UTF_8), "c=1");
  }

  private static String eventOf(Buffer body) {
    JsonObject json = body.toJsonObject();
    return json.getValue("data") instanceof JsonObject data && data.containsKey("event")
      ? data.getString("event") : json.getString("action");
  }

  /** A sender answering each attempt as {@code answer} says (called on the event loop). */
  private WebhookSender sender(Function<String, Future<WebhookResponse>> answer) {
    return (body, cookie) -> {
      assertEquals("c=1", cookie);
      String event = eventOf(body);
      attempts.add(event);
      return answer.apply(event);
    };
  }

  private static Future<WebhookResponse> ok() {
    return Future.succeededFuture(new WebhookResponse(200, Buffer.buffer()));
  }

  private static Future<WebhookResponse> fail() {
    return Future.failedFuture(new WebhookFailedException("HTTP 500", 500));
  }

  private Future<WebhookResponse> later(Future<WebhookResponse> answer) {
    Promise<WebhookResponse> promise = Promise.promise();
    vertx.setTimer(20, id -> answer.onComplete(promise));
    return promise.future();
  }

  private WebhookQueue queue(WebhookSender sender, WebhookPolicy policy) {
    return new WebhookQueue(vertx, sender, policy, stats, new WebhookQueue.Backlog() {
      @Override
      public void full() {
        events.add("full");
      }

      @Override
      public void drained() {
        events.add("drained");
      }
    });
  }

  private static WebhookPolicy policy(int maxAttempts, int maxCalls, long maxBytes) {
    return new WebhookPolicy(1000, maxAttempts, 20, 80, maxCalls, maxBytes);
  }

  private <T> T onLoop(Supplier<T> action) throws Exception {
    CompletableFuture<T> result = new CompletableFuture<>();
    context.runOnContext(ignored -> result.complete(action.get()));
    return result.get(10, TimeUnit.SECONDS);
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void callsGoOneAtATimeInOrder() throws Exception {
    List<Promise<WebhookResponse>> answers = new ArrayList<>();
    WebhookQueue queue = onLoop(() -> queue(sender(event -> {
      Promise<WebhookResponse> answer = Promise.promise();
      answers.add(answer);
      return answer.future();
    }), policy(3, 100, 100_000)));
    List<Future<WebhookResponse>> results = onLoop(() -> List.of(
      queue.enqueue(message("a")), queue.enqueue(message("b")), queue.enqueue(message("c"))));
    assertEquals(List.of("a"), attempts, "only the first is in flight");
    assertEquals(3, onLoop(queue::size));
    for (int i = 0; i < 3; i++) {
      int index = i;
      onLoop(() -> answers.get(index).tryComplete(new WebhookResponse(200, Buffer.buffer("ok"))));
      await(results.get(i));
    }
    assertEquals(List.of("a", "b", "c"), attempts);
    assertEquals(0, onLoop(queue::size));
    assertEquals(3, stats.webhookCallsDelivered.sum());
  }

  @Test
  void aFailedAttemptIsRetriedAfterAGrowingPauseThenTheNextCallGoes() throws Exception {
    List<Long> times = new CopyOnWriteArrayList<>();
    int[] failuresLeft = {2};
    WebhookQueue queue = onLoop(() -> queue(sender(event -> {
      times.add(System.nanoTime());
      return "a".equals(event) && failuresLeft[0]-- > 0 ? fail() : ok();
    }), policy(5, 100, 100_000)));
    Future<WebhookResponse> a = onLoop(() -> queue.enqueue(message("a")));
    Future<WebhookResponse> b = onLoop(() -> queue.enqueue(message("b")));
    assertEquals(200, await(a).status());
    await(b);
    assertEquals(List.of("a", "a", "a", "b"), attempts);
    long firstPause = TimeUnit.NANOSECONDS.toMillis(times.get(1) - times.get(0));
    long secondPause = TimeUnit.NANOSECONDS.toMillis(times.get(2) - times.get(1));
    assertTrue(firstPause >= 18 && secondPause >= 38, firstPause + " ms, then " + secondPause + " ms");
    assertEquals(2, stats.webhookAttemptsRetried.sum());
  }

  @Test
  void idleCompletesOnceEveryQueuedCallIsDeliveredOrGivenUp() throws Exception {
    assertTrue(onLoop(() -> queue(sender(event -> ok()), policy(3, 100, 100_000)).idle().succeeded()),
      "an empty queue is idle at once");
    WebhookQueue queue = onLoop(() -> queue(sender(event -> later("bad".equals(event) ? fail() : ok())),
      policy(2, 100, 100_000)));
    Future<Void> idle = onLoop(() -> {
      queue.enqueue(message("bad"));
      return queue.idle();
    });
    Future<WebhookResponse> queuedMeanwhile = onLoop(() -> queue.enqueue(message("good")));
    await(idle);
    assertTrue(queuedMeanwhile.succeeded(), "a call queued while waiting is waited for too");
    assertEquals(List.of("bad", "bad", "good"), attempts);
    assertEquals(0, onLoop(queue::size));
  }

  @Test
  void aCallIsGivenUpAfterItsAttemptsAndTheQueueMovesOn() throws Exception {
    WebhookQueue queue = onLoop(() -> queue(sender(event -> "bad".equals(event) ? fail() : ok()), policy(3, 100, 100_000)));
    Future<WebhookResponse> bad = onLoop(() -> queue.enqueue(message("bad")));
    Future<WebhookResponse> once = onLoop(() -> queue.enqueue(message("once"), 1));
    Future<WebhookResponse> good = onLoop(() -> queue.enqueue(message("good")));
    await(good);
    assertTrue(bad.failed());
    assertEquals(500, ((WebhookFailedException) bad.cause()).status());
    assertTrue(once.succeeded());
    assertEquals(List.of("bad", "bad", "bad", "once", "good"), attempts);
    assertEquals(1, stats.webhookCallsGivenUp.sum());
  }

  @Test
  void aCallWithOneAttemptIsNotRetriedAndDiscardingDropsWhatWaits() throws Exception {
    WebhookQueue[] queue = new WebhookQueue[1];
    // The open fails a moment later, as an HTTP answer would, with the message already waiting behind it.
    onLoop(() -> queue[0] = queue(sender(event -> "open".equals(event) ? later(fail()) : ok()), policy(5, 100, 100_000)));
    WebhookCall open = new WebhookCall(WebhookAction.OPEN, "tapr", "n.0.1", "u", null, null, "c=1");
    CompletableFuture<List<Boolean>> waiting = new CompletableFuture<>();
    onLoop(() -> {
      queue[0].enqueue(open, 1).onFailure(refused -> queue[0].discardWaiting());
      Future<WebhookResponse> m = queue[0].enqueue(message("m"));
      m.onComplete(result -> waiting.complete(List.of(result.failed())));
      return null;
    });
    assertEquals(List.of(true), waiting.get(10, TimeUnit.SECONDS), "the waiting message failed as discarded");
    assertEquals(List.of("open"), attempts);
    assertEquals(0, onLoop(queue[0]::size));
    assertEquals(0L, onLoop(queue[0]::queuedBytes));
  }

  @Test
  void theQueueSaysWhenItIsFullAndWhenItHasDrainedToHalf() throws Exception {
    List<Promise<WebhookResponse>> answers = new ArrayList<>();
    WebhookQueue queue = onLoop(() -> queue(sender(event -> {
      Promise<WebhookResponse> answer = Promise.promise();
      answers.add(answer);
      return answer.future();
    }), policy(1, 4, 100_000)));
    for (int i = 0; i < 6; i++) {
      String event = "e" + i;
      onLoop(() -> queue.enqueue(message(event)));
    }
    assertEquals(List.of("full"), events, "full once, at the fourth call; never refused");
    assertEquals(6, onLoop(queue::size));
    for (int i = 0; i < 4; i++) {
      int index = i;
      onLoop(() -> answers.get(index).tryComplete(new WebhookResponse(200, Buffer.buffer())));
    }
    assertEquals(List.of("full", "drained"), events, "drained at 2 of 4");
    assertFalse(onLoop(queue::isFull));
  }

  @Test
  void theByteBoundCountsBodies() throws Exception {
    WebhookQueue queue = onLoop(() -> queue(sender(event -> Promise.<WebhookResponse>promise().future()),
      policy(1, 1000, 300)));
    onLoop(() -> queue.enqueue(message("first")));
    assertTrue(events.isEmpty());
    long one = onLoop(queue::queuedBytes);
    assertTrue(one > 0 && one < 300, "one body is " + one + " bytes");
    while (!onLoop(queue::isFull)) {
      onLoop(() -> queue.enqueue(message("more")));
    }
    assertEquals(List.of("full"), events);
    assertTrue(onLoop(queue::queuedBytes) >= 300);
  }
}
