package dev.switchboard.admin;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.Comparator;

/** {@code GET /api/nodes} (SPEC §5): every node of the cluster as it describes itself, ordered by id. */
final class NodesResource {

  private final ClusterNodes nodes;

  NodesResource(ClusterNodes nodes) {
    this.nodes = nodes;
  }

  void list(RoutingContext context) {
    nodes.summaries().onSuccess(summaries -> {
      JsonArray items = new JsonArray();
      summaries.stream().sorted(Comparator.comparing(summary -> summary.getString("id"))).forEach(items::add);
      ApiResponses.json(context, 200, new JsonObject().put("items", items));
    }).onFailure(failure -> ApiResponses.fail(context, failure));
  }
}
