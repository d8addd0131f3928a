package dev.switchboard.admin;

import dev.switchboard.gateway.ListedConnection;
import io.vertx.core.json.JsonObject;

/**
 * The filters of {@code GET /api/connections} that each node applies to its own connections: dialect and user
 * ({@code null}: any), and the page position to continue after ({@code null}: from the start). Travels between
 * nodes as JSON; the {@code node} filter is applied by asking only that node.
 */
record ConnectionFilter(String dialect, String user, ConnectionCursor after) {

  boolean matches(ListedConnection connection) {
    return !connection.isClosed()
      && (dialect == null || dialect.equals(connection.dialect()))
      && (user == null || user.equals(connection.describedUser()))
      && (after == null || after.isBefore(connection.connectedAt(), connection.id()));
  }

  JsonObject toJson() {
    return new JsonObject().put("dialect", dialect).put("user", user)
      .put("after", after == null ? null : after.encode());
  }

  static ConnectionFilter fromJson(JsonObject json) {
    String after = json.getString("after");
    return new ConnectionFilter(json.getString("dialect"), json.getString("user"),
      after == null ? null : ConnectionCursor.decode(after));
  }
}
