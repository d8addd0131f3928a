package dev.switchboard.dialect.tapr;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;

/**
 * The tapr connections of one node, for the sidecar's list (SPEC §4): the gateway instances of the node add and
 * remove their connections, the node's sidecar reads them all when another node (or itself) asks. A
 * thread-safe local map (Vert.x {@link LocalMap}), so each instance writes from its own event loop without
 * messages; never replicated — each node answers for its own connections, and a dead node's rows die with it.
 */
final class TaprConnectionDirectory {

  /** What the list shows of one connection; immutable, so the local map shares it without copying. */
  record Entry(String id, String user, String userAgent, long connectedAt) implements Shareable {
    JsonObject toJson() {
      return new JsonObject().put("id", id).put("user", user).put("userAgent", userAgent).put("connectedAt", connectedAt);
    }

    static Entry fromJson(JsonObject json) {
      return new Entry(json.getString("id"), json.getString("user", ""), json.getString("userAgent", ""),
        json.getLong("connectedAt", 0L));
    }
  }

  private final LocalMap<String, Entry> entries;

  private TaprConnectionDirectory(LocalMap<String, Entry> entries) {
    this.entries = entries;
  }

  /** The directory of node {@code nodeId} in this Vert.x instance. */
  static TaprConnectionDirectory of(Vertx vertx, String nodeId) {
    return new TaprConnectionDirectory(vertx.sharedData().getLocalMap("sb.tapr.connections." + nodeId));
  }

  void add(TaprConnection connection) {
    entries.put(connection.id(), new Entry(connection.id(), connection.user(), connection.userAgent(),
      connection.connectedAt()));
  }

  void remove(TaprConnection connection) {
    entries.remove(connection.id());
  }

  int size() {
    return entries.size();
  }

  /** Every connection of this node, as the list query's answer travels between nodes. */
  JsonArray toJson() {
    JsonArray all = new JsonArray();
    for (Entry entry : entries.values()) {
      all.add(entry.toJson());
    }
    return all;
  }
}
