package dev.switchboard.dialect.socketio;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Gathers, on the emitting instance, what the instances holding the targets report about one emit: the sockets
 * it reached and, with an ack, each socket's answer or timeout. A fan-out emit is one publish, so the number of
 * answering instances is not known: reports are gathered for a short settle window, then until every reached
 * socket has a final answer (or the ack deadline passed). One per endpoint, on its event loop.
 */
final class SocketIoEmitCollector {

  /** How long reports of a fan-out emit are awaited; cross-node reports arrive within milliseconds. */
  static final long SETTLE_MS = 150;

  private final class Collection {
    private final Promise<SocketIoEmitResult> result = Promise.promise();
    private final Set<String> reached = new LinkedHashSet<>();
    private final Map<String, JsonObject> acks = new LinkedHashMap<>();
    /** Sockets reached by an emit without an ack: instances report only how many. */
    private int reachedWithoutAck;
    private final boolean withAck;
    private final boolean singleTarget;
    private boolean settled;
    private long deadlineTimer = -1;

    private Collection(boolean withAck, boolean singleTarget) {
      this.withAck = withAck;
      this.singleTarget = singleTarget;
    }
  }

  private final Vertx vertx;
  private final Map<String, Collection> byEmit = new HashMap<>();

  SocketIoEmitCollector(Vertx vertx) {
    this.vertx = vertx;
  }

  /**
   * Starts gathering for an emit.
   *
   * @param singleTarget one socket: its owner's first report settles it at once
   */
  Future<SocketIoEmitResult> start(String emitId, boolean singleTarget, SocketIoAckOptions ack) {
    Collection collection = new Collection(ack != null, singleTarget);
    byEmit.put(emitId, collection);
    long settle = singleTarget ? ack == null ? 5_000 : Long.MAX_VALUE : SETTLE_MS;
    if (settle != Long.MAX_VALUE) {
      vertx.setTimer(settle, id -> settle(emitId));
    }
    long deadline = SETTLE_MS + 1_000 + (ack == null ? 5_000 : ack.timeoutMs() * (ack.retries() + 1L));
    collection.deadlineTimer = vertx.setTimer(deadline, id -> finish(emitId, true));
    return collection.result.future();
  }

  /**
   * A report from an instance: {@code {"emit","reached":[ids]}} (an emit with an ack), {@code {"emit","count":N}}
   * (without), or {@code {"emit","conn","args"|"error"}}.
   */
  void report(JsonObject report) {
    String emitId = report.getString("emit");
    Collection collection = byEmit.get(emitId);
    if (collection == null) {
      return;
    }
    if (report.getValue("reached") instanceof JsonArray reached) {
      reached.forEach(id -> collection.reached.add((String) id));
      if (collection.singleTarget) {
        collection.settled = true;
      }
    } else if (report.getValue("count") instanceof Number count) {
      collection.reachedWithoutAck += count.intValue();
      if (collection.singleTarget) {
        collection.settled = true;
      }
    } else if (report.getString("conn") != null) {
      JsonObject item = new JsonObject().put("conn", report.getString("conn"));
      if (report.getValue("args") instanceof JsonArray args) {
        item.put("args", args);
      } else {
        item.put("error", report.getString("error", "TIMEOUT"));
      }
      collection.acks.put(report.getString("conn"), item);
    }
    finishIfComplete(emitId, collection);
  }

  private void settle(String emitId) {
    Collection collection = byEmit.get(emitId);
    if (collection != null) {
      collection.settled = true;
      finishIfComplete(emitId, collection);
    }
  }

  private void finishIfComplete(String emitId, Collection collection) {
    if (collection.settled && (!collection.withAck || collection.acks.keySet().containsAll(collection.reached))) {
      finish(emitId, false);
    }
  }

  private void finish(String emitId, boolean deadlinePassed) {
    Collection collection = byEmit.remove(emitId);
    if (collection == null) {
      return;
    }
    vertx.cancelTimer(collection.deadlineTimer);
    List<JsonObject> acks = null;
    if (collection.withAck) {
      acks = new ArrayList<>();
      for (String conn : collection.reached) {
        JsonObject item = collection.acks.get(conn);
        acks.add(item != null ? item : new JsonObject().put("conn", conn).put("error", "TIMEOUT"));
      }
    }
    int reached = collection.reached.size() + collection.reachedWithoutAck;
    collection.result.complete(new SocketIoEmitResult(reached, acks));
  }
}
