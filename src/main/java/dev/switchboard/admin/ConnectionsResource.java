package dev.switchboard.admin;

import dev.switchboard.NodeStats;
import dev.switchboard.gateway.ConnectionDescription;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /api/connections}, {@code GET /api/connections/{id}} and {@code DELETE /api/connections/{id}}
 * (SPEC §5): connections of every node, filtered and paged; one connection wherever it is; closing one. Pages
 * are ordered by connection time then id, and continued with the {@code next} cursor ({@link ConnectionCursor}).
 */
final class ConnectionsResource {

  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;

  /** The query of a list call, validated. {@code node}: only that node's connections ({@code null}: all). */
  record ListQuery(String node, ConnectionFilter filter, int limit) {
  }

  private final ClusterNodes nodes;

  ConnectionsResource(ClusterNodes nodes) {
    this.nodes = nodes;
  }

  void list(RoutingContext context) {
    ListQuery query;
    try {
      query = readQuery(context.request().params());
    } catch (ApiException e) {
      ApiResponses.fail(context, e);
      return;
    }
    // One more than a page from each node: whether anything follows the page is known without another call.
    nodes.list(query.node(), query.filter(), query.limit() + 1).onSuccess(found -> {
      List<ConnectionDescription> sorted = new ArrayList<>(found);
      sorted.sort(ConnectionCursor.ORDER);
      boolean more = sorted.size() > query.limit();
      List<ConnectionDescription> page = more ? sorted.subList(0, query.limit()) : sorted;
      JsonArray items = new JsonArray();
      page.forEach(item -> items.add(item.toJson()));
      ApiResponses.json(context, 200, new JsonObject().put("items", items)
        .put("next", more ? ConnectionCursor.after(page.get(page.size() - 1)).encode() : null));
    }).onFailure(failure -> ApiResponses.fail(context, failure));
  }

  void get(RoutingContext context) {
    String id = context.pathParam("id");
    nodes.describe(id).onSuccess(item -> {
      if (item == null) {
        notFound(context, id);
      } else {
        ApiResponses.json(context, 200, item.toJson());
      }
    }).onFailure(failure -> ApiResponses.fail(context, failure));
  }

  /** Closes the connection (WebSocket 1000 "closed"; a socket.io socket is disconnected); then its id answers 404. */
  void close(RoutingContext context) {
    String id = context.pathParam("id");
    nodes.close(id).onSuccess(closed -> {
      if (closed) {
        ApiResponses.json(context, 200, new JsonObject().put("id", id).put("closed", true));
      } else {
        notFound(context, id);
      }
    }).onFailure(failure -> ApiResponses.fail(context, failure));
  }

  private static void notFound(RoutingContext context, String id) {
    ApiResponses.error(context, 404, "CONNECTION_NOT_FOUND", "no open connection has the id " + id);
  }

  static ListQuery readQuery(MultiMap params) {
    String dialect = param(params, "dialect");
    if (dialect != null && !NodeStats.DIALECTS.contains(dialect)) {
      throw ApiException.invalidParameter("dialect must be one of " + String.join(", ", NodeStats.DIALECTS));
    }
    int limit = DEFAULT_LIMIT;
    String limitText = param(params, "limit");
    if (limitText != null) {
      try {
        limit = Integer.parseInt(limitText);
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 1 || limit > MAX_LIMIT) {
        throw ApiException.invalidParameter("limit must be a whole number from 1 to " + MAX_LIMIT);
      }
    }
    ConnectionCursor after = null;
    String cursor = param(params, "cursor");
    if (cursor != null) {
      try {
        after = ConnectionCursor.decode(cursor);
      } catch (IllegalArgumentException e) {
        throw ApiException.invalidParameter(e.getMessage());
      }
    }
    return new ListQuery(param(params, "node"), new ConnectionFilter(dialect, param(params, "user"), after), limit);
  }

  /** A query parameter; empty counts as absent ({@code ?dialect=&user=} is "any"). */
  private static String param(MultiMap params, String name) {
    String value = params.get(name);
    return value == null || value.isEmpty() ? null : value;
  }
}
