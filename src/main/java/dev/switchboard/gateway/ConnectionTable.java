package dev.switchboard.gateway;

import io.vertx.core.Context;
import io.vertx.core.Vertx;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * The connections one gateway instance holds, by id. Only touched on that instance's event loop; code on
 * other threads (the server API) goes there through {@link #context()}. Keeps the node's per-dialect
 * connection counts ({@code switchboard_connections}) as connections come and go.
 */
public final class ConnectionTable {

  private final Map<String, Connection> byId = new HashMap<>();
  /**
   * The event loop the table lives on, learnt from the first {@link #add} (the table is built before its gateway
   * verticle runs, so it cannot be told earlier); {@code null} while the table has never held a connection.
   */
  private volatile Context context;

  public void add(Connection connection) {
    if (context == null) {
      context = Vertx.currentContext();
    }
    if (byId.put(connection.id(), connection) == null) {
      connection.gateway().stats().dialect(connection.dialect()).connections.increment();
    }
  }

  public void remove(Connection connection) {
    if (byId.remove(connection.id(), connection)) {
      connection.gateway().stats().dialect(connection.dialect()).connections.decrement();
    }
  }

  /** The event loop this table must be read and changed on; {@code null} when it never held a connection. */
  public Context context() {
    return context;
  }

  public Connection get(String id) {
    return byId.get(id);
  }

  public int size() {
    return byId.size();
  }

  public Collection<Connection> all() {
    return Collections.unmodifiableCollection(byId.values());
  }
}
