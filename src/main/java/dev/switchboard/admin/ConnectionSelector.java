package dev.switchboard.admin;

import dev.switchboard.gateway.Connection;
import io.vertx.core.json.JsonObject;

/**
 * Which connections of one dialect a server-API send is written to ({@code POST /api/send} {@code to}): one
 * connection by id, the connections of a user, the connection of a sync service, or all of them. "All" leaves
 * out sync service connections: a sync broadcast is a notice, and notices go to clients (SPEC §1); a service is
 * reached with {@code {"service":id}}. Travels between nodes as JSON; matched on the connection's event loop.
 */
record ConnectionSelector(String dialect, Kind kind, String key) {

  enum Kind { CONNECTION, USER, SERVICE, ALL }

  boolean matches(Connection connection) {
    if (!dialect.equals(connection.dialect()) || connection.isClosed()) {
      return false;
    }
    return switch (kind) {
      case CONNECTION -> key.equals(connection.id());
      case USER -> key.equals(connection.describedUser());
      case SERVICE -> key.equals(connection.describedService());
      case ALL -> connection.describedService() == null;
    };
  }

  JsonObject toJson() {
    return new JsonObject().put("dialect", dialect).put("kind", kind.name()).put("key", key);
  }

  static ConnectionSelector fromJson(JsonObject json) {
    return new ConnectionSelector(json.getString("dialect"), Kind.valueOf(json.getString("kind")), json.getString("key"));
  }
}
