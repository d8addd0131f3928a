package dev.switchboard.admin;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * {@code GET /api/stats} (SPEC §5 names it; the shape is ours): {@code {at, nodes:[...], totals:{...}}} — each
 * node's counters ({@link NodeReport#stats}) and their sums over the cluster. Counters only grow, so a dashboard
 * polls this and divides the differences by the time between {@code at}s to draw message rates.
 */
final class StatsResource {

  /** Per-node values that are not summed into the totals. */
  private static final Set<String> NOT_SUMMED = Set.of("id", "uptimeMs");

  private final ClusterNodes nodes;

  StatsResource(ClusterNodes nodes) {
    this.nodes = nodes;
  }

  void get(RoutingContext context) {
    nodes.stats().onSuccess(all -> {
      List<JsonObject> sorted = all.stream().sorted(Comparator.comparing(node -> node.getString("id"))).toList();
      JsonObject totals = new JsonObject();
      sorted.forEach(node -> addInto(totals, node));
      ApiResponses.json(context, 200, new JsonObject()
        .put("at", Instant.now().toString())
        .put("nodes", new JsonArray(List.copyOf(sorted)))
        .put("totals", totals));
    }).onFailure(failure -> ApiResponses.fail(context, failure));
  }

  /** Adds every number of {@code node} (nested objects included) to the same place in {@code totals}. */
  private static void addInto(JsonObject totals, JsonObject node) {
    node.forEach(entry -> {
      if (NOT_SUMMED.contains(entry.getKey())) {
        return;
      }
      if (entry.getValue() instanceof JsonObject nested) {
        JsonObject total = totals.getJsonObject(entry.getKey());
        if (total == null) {
          total = new JsonObject();
          totals.put(entry.getKey(), total);
        }
        addInto(total, nested);
      } else if (entry.getValue() instanceof Number number) {
        totals.put(entry.getKey(), totals.getLong(entry.getKey(), 0L) + number.longValue());
      }
    });
  }
}
