package dev.switchboard.dialect.socketio;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Gathers, on the emitting instance, what the instances holding the targets report about one emit: the sockets
 * it reached and, with an ack, each socket's answer or timeout. A fan-out emit is one publish that every
 * socket.io instance of the cluster answers, with 0 reached too; the emitter expects the instances it knows at
 * the start ({@code ConnectionSummaries.instances()} of the socket.io endpoints) and is done when each of them has
 * reported — or left: a change of the instances (a member left) re-evaluates every open emit — and, with an ack,
 * every reached socket has a final answer (the sockets of an instance that left count as {@code TIMEOUT}). A
 * deadline past the ack timeouts is the last resort. A single socket's emit is done at its owner's first report.
 * One per endpoint, on its event loop.
 */
final class SocketIoEmitCollector {

  /** How long the owner of a single socket is awaited when no ack is asked (it answers within milliseconds). */
  private static final long SINGLE_TARGET_WAIT_MS = 5_000;
  /** Margin of the last-resort deadline over the longest wait an emit asked for. */
  private static final long DEADLINE_MARGIN_MS = 1_000;

  /** What one emit has heard so far; no Vert.x, so the completion rule can be tested alone. */
  static final class Tally {
    private final boolean withAck;
    private final boolean singleTarget;
    private final Set<String> expectedInstances;
    private final Set<String> reportedInstances = new HashSet<>();
    private final Set<String> reached = new LinkedHashSet<>();
    /** The instance that reported each reached socket (with an ack): one that left will not report its answer. */
    private final Map<String, String> reachedBy = new HashMap<>();
    private final Map<String, JsonObject> acks = new LinkedHashMap<>();
    /** Sockets reached by an emit without an ack: instances report only how many. */
    private int reachedWithoutAck;
    /** A single target's owner reported (or the wait for it ended). */
    private boolean ownerReported;

    /**
     * @param singleTarget      one socket: its owner's first report is all there is to hear of reach
     * @param expectedInstances the instances ({@code <node>.<instance>}) that answer a fan-out; for one socket, the
     *                          instance its id names (when known to run): once that one is gone, no report comes
     */
    Tally(boolean withAck, boolean singleTarget, Set<String> expectedInstances) {
      this.withAck = withAck;
      this.singleTarget = singleTarget;
      this.expectedInstances = Set.copyOf(expectedInstances);
    }

    /**
     * A report: {@code {"emit","instance","reached":[ids]}} (an emit with an ack), {@code {"emit","instance",
     * "count":N}} (without), or {@code {"emit","conn","args"|"error"}}.
     */
    void add(JsonObject report) {
      if (report.getValue("reached") instanceof JsonArray ids) {
        String instance = report.getString("instance");
        ids.forEach(id -> {
          reached.add((String) id);
          if (instance != null) {
            reachedBy.put((String) id, instance);
          }
        });
        reachReported(report);
      } else if (report.getValue("count") instanceof Number count) {
        reachedWithoutAck += count.intValue();
        reachReported(report);
      } else if (report.getString("conn") != null) {
        JsonObject item = new JsonObject().put("conn", report.getString("conn"));
        if (report.getValue("args") instanceof JsonArray args) {
          item.put("args", args);
        } else {
          item.put("error", report.getString("error", "TIMEOUT"));
        }
        acks.put(report.getString("conn"), item);
      }
    }

    private void reachReported(JsonObject report) {
      ownerReported = true;
      String instance = report.getString("instance");
      if (instance != null) {
        reportedInstances.add(instance);
      }
    }

    /** The single target's owner is not waited for any longer. */
    void stopWaitingForOwner() {
      ownerReported = true;
    }

    /**
     * Whether everything there is to hear has been heard.
     *
     * @param liveInstances the instances running now: one that is gone is not waited for, neither its report nor
     *                      the answers of the sockets it reached
     */
    boolean complete(Set<String> liveInstances) {
      boolean reachKnown = singleTarget
        ? ownerReported || (!expectedInstances.isEmpty() && allReported(liveInstances))
        : allReported(liveInstances);
      return reachKnown && (!withAck || allAnswered(liveInstances));
    }

    private boolean allAnswered(Set<String> liveInstances) {
      for (String socket : reached) {
        String instance = reachedBy.get(socket);
        if (!acks.containsKey(socket) && (instance == null || liveInstances.contains(instance))) {
          return false;
        }
      }
      return true;
    }

    private boolean allReported(Set<String> liveInstances) {
      for (String instance : expectedInstances) {
        if (!reportedInstances.contains(instance) && liveInstances.contains(instance)) {
          return false;
        }
      }
      return true;
    }

    /** The outcome so far: a reached socket without a final answer counts as {@code TIMEOUT}. */
    SocketIoEmitResult result() {
      List<JsonObject> items = null;
      if (withAck) {
        items = new ArrayList<>();
        for (String conn : reached) {
          JsonObject item = acks.get(conn);
          items.add(item != null ? item : new JsonObject().put("conn", conn).put("error", "TIMEOUT"));
        }
      }
      return new SocketIoEmitResult(reached.size() + reachedWithoutAck, items);
    }
  }

  private record Collection(Tally tally, Promise<SocketIoEmitResult> result, long deadlineTimer) {
  }

  private final Vertx vertx;
  private final Supplier<Set<String>> liveInstances;
  private final Map<String, Collection> byEmit = new HashMap<>();

  /** @param liveInstances the socket.io instances of the cluster running now, this one included */
  SocketIoEmitCollector(Vertx vertx, Supplier<Set<String>> liveInstances) {
    this.vertx = vertx;
    this.liveInstances = liveInstances;
  }

  /**
   * Starts gathering for an emit, before it is sent.
   *
   * @param singleTargetOwner for an emit to one socket, the instance its id names ({@code <node>.<instance>}):
   *                          its first report settles reach at once, and its leaving ends the wait; {@code null}
   *                          for a fan-out
   */
  Future<SocketIoEmitResult> start(String emitId, String singleTargetOwner, SocketIoAckOptions ack) {
    boolean singleTarget = singleTargetOwner != null;
    Set<String> live = liveInstances.get();
    Tally tally = new Tally(ack != null, singleTarget, !singleTarget ? live
      : live.contains(singleTargetOwner) ? Set.of(singleTargetOwner) : Set.of());
    if (singleTarget && ack == null) {
      vertx.setTimer(SINGLE_TARGET_WAIT_MS, id -> {
        Collection collection = byEmit.get(emitId);
        if (collection != null) {
          collection.tally().stopWaitingForOwner();
          finishIfComplete(emitId, collection);
        }
      });
    }
    long deadline = DEADLINE_MARGIN_MS
      + (ack == null ? SINGLE_TARGET_WAIT_MS : ack.timeoutMs() * (ack.retries() + 1L));
    long deadlineTimer = vertx.setTimer(deadline, id -> finish(emitId));
    Collection collection = new Collection(tally, Promise.promise(), deadlineTimer);
    byEmit.put(emitId, collection);
    return collection.result().future();
  }

  /** A report from an instance (see {@link Tally#add}); one about an emit already answered is dropped. */
  void report(JsonObject report) {
    String emitId = report.getString("emit");
    Collection collection = byEmit.get(emitId);
    if (collection != null) {
      collection.tally().add(report);
      finishIfComplete(emitId, collection);
    }
  }

  /** The instances changed (one left, or came): an emit waiting only on departed instances is done. */
  void instancesChanged() {
    for (Map.Entry<String, Collection> entry : List.copyOf(byEmit.entrySet())) {
      finishIfComplete(entry.getKey(), entry.getValue());
    }
  }

  private void finishIfComplete(String emitId, Collection collection) {
    if (collection.tally().complete(liveInstances.get())) {
      finish(emitId);
    }
  }

  private void finish(String emitId) {
    Collection collection = byEmit.remove(emitId);
    if (collection != null) {
      vertx.cancelTimer(collection.deadlineTimer());
      collection.result().complete(collection.tally().result());
    }
  }
}
