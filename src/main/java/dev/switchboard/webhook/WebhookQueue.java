package dev.switchboard.webhook;

import dev.switchboard.NodeStats;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The webhook calls of one connection, delivered in order (SPEC §6): one call in flight at a time; a failed
 * attempt is retried after an exponential pause until the call's attempts are used up, then the call is given
 * up (counted and logged) and the next one goes. Nothing here blocks: waiting is a timer, sending is the
 * non-blocking {@link WebhookSender}, so a slow or dead app holds up only the connections whose calls wait on it.
 *
 * <p>The queue never refuses a call. When its undelivered calls reach {@link WebhookPolicy#maxQueuedCalls()} or
 * {@link WebhookPolicy#maxQueuedBytes()} it tells its {@link Backlog} that it is full, and when it has drained to
 * half of both that it has room again; the dialect stops reading the client's frames in between, so the bound
 * holds without dropping anything. Used by one connection, on that connection's event loop.
 */
public final class WebhookQueue {

  private static final System.Logger LOG = System.getLogger(WebhookQueue.class.getName());

  /** Told when the queue passes its bound and when it is back to half of it. */
  public interface Backlog {
    void full();

    void drained();
  }

  private static final class Pending {
    private final WebhookCall call;
    private final Buffer body;
    private final int maxAttempts;
    private final Promise<WebhookResponse> result = Promise.promise();
    private int attempts;

    private Pending(WebhookCall call, Buffer body, int maxAttempts) {
      this.call = call;
      this.body = body;
      this.maxAttempts = maxAttempts;
    }
  }

  private final Vertx vertx;
  private final WebhookSender sender;
  private final WebhookPolicy policy;
  private final NodeStats stats;
  private final Backlog backlog;
  private final ArrayDeque<Pending> waiting = new ArrayDeque<>(4);
  /** The call being sent, or waiting for its next attempt; always the oldest undelivered one. */
  private Pending current;
  private long queuedBytes;
  private boolean full;
  /** Waiting for the queue to empty ({@link #idle()}); {@code null} when no one is. */
  private List<Promise<Void>> idleWaiters;

  public WebhookQueue(Vertx vertx, WebhookSender sender, WebhookPolicy policy, NodeStats stats, Backlog backlog) {
    this.vertx = vertx;
    this.sender = sender;
    this.policy = policy;
    this.stats = stats;
    this.backlog = backlog;
  }

  /** Queues a call with the policy's attempts; the future completes with the app's 2xx answer or fails when given up. */
  public Future<WebhookResponse> enqueue(WebhookCall call) {
    return enqueue(call, policy.maxAttempts());
  }

  /** Queues a call that is tried at most {@code maxAttempts} times (1: not retried, as for a refusable open). */
  public Future<WebhookResponse> enqueue(WebhookCall call, int maxAttempts) {
    Pending pending = new Pending(call, WebhookBodies.encode(call), Math.max(1, maxAttempts));
    waiting.add(pending);
    queuedBytes += pending.body.length();
    stats.dialect(call.dialect()).webhookCallsPending.increment();
    if (!full && (size() >= policy.maxQueuedCalls() || queuedBytes >= policy.maxQueuedBytes())) {
      full = true;
      stats.webhookBacklogsFull.increment();
      backlog.full();
    }
    sendNext();
    return pending.result.future();
  }

  /** Undelivered calls, the one in flight included. */
  public int size() {
    return waiting.size() + (current == null ? 0 : 1);
  }

  public long queuedBytes() {
    return queuedBytes;
  }

  public boolean isFull() {
    return full;
  }

  /**
   * Completes once every call queued so far and any queued meanwhile has been delivered or given up: at once
   * when the queue is empty. Lets another queue for the same connection id (a socket.io socket recovered on
   * another instance) start only after this one's calls, so the app still sees them in order.
   */
  public Future<Void> idle() {
    if (size() == 0) {
      return Future.succeededFuture();
    }
    if (idleWaiters == null) {
      idleWaiters = new ArrayList<>(1);
    }
    Promise<Void> emptied = Promise.promise();
    idleWaiters.add(emptied);
    return emptied.future();
  }

  /**
   * Drops every call that has not started (their futures fail); the call in flight still ends normally.
   * For a connection the app refused: nothing more of it may reach the app.
   */
  public void discardWaiting() {
    Pending dropped;
    while ((dropped = waiting.poll()) != null) {
      queuedBytes -= dropped.body.length();
      stats.dialect(dropped.call.dialect()).webhookCallsPending.decrement();
      dropped.result.tryFail(new WebhookFailedException("discarded: the connection was refused", 0));
    }
  }

  private void sendNext() {
    if (current != null || waiting.isEmpty()) {
      return;
    }
    current = waiting.poll();
    attempt(current);
  }

  private void attempt(Pending pending) {
    pending.attempts++;
    sender.post(pending.body, pending.call.cookie()).onComplete(result -> {
      if (result.succeeded()) {
        stats.webhookCallsDelivered.increment();
        stats.dialect(pending.call.dialect()).webhookCallsDelivered.increment();
        finish(pending);
        pending.result.tryComplete(result.result());
      } else if (pending.attempts < pending.maxAttempts) {
        stats.webhookAttemptsRetried.increment();
        stats.dialect(pending.call.dialect()).webhookAttemptsRetried.increment();
        vertx.setTimer(policy.retryDelayMs(pending.attempts), id -> attempt(pending));
        return;
      } else {
        stats.webhookCallsGivenUp.increment();
        stats.dialect(pending.call.dialect()).webhookCallsGivenUp.increment();
        LOG.log(System.Logger.Level.WARNING, "Gave up the " + pending.call.action().wireName() + " webhook of "
          + pending.call.dialect() + " connection " + pending.call.connectionId() + " after " + pending.attempts
          + " attempt(s): " + result.cause().getMessage());
        finish(pending);
        pending.result.tryFail(result.cause());
      }
      // Only once the caller knows the outcome (and may have discarded what waits) does the queue move on.
      if (full && size() <= policy.maxQueuedCalls() / 2 && queuedBytes <= policy.maxQueuedBytes() / 2) {
        full = false;
        backlog.drained();
      }
      sendNext();
      if (size() == 0 && idleWaiters != null) {
        List<Promise<Void>> waiters = idleWaiters;
        idleWaiters = null;
        waiters.forEach(Promise::tryComplete);
      }
    });
  }

  private void finish(Pending pending) {
    current = null;
    queuedBytes -= pending.body.length();
    stats.dialect(pending.call.dialect()).webhookCallsPending.decrement();
  }
}
