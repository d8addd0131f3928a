package dev.switchboard.gateway;

import io.vertx.core.Context;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The connections one gateway instance holds, by id: its WebSocket {@link Connection}s, and the
 * {@link ListedConnection}s a dialect holds beyond them (socket.io namespace sockets), which only the server API
 * sees. Only touched on that instance's event loop; code on other threads (the server API) goes there through
 * {@link #context()}. Keeps the node's per-dialect counts ({@code switchboard_connections}) of the WebSocket
 * connections as they come and go; a dialect counts its other connections itself.
 */
public final class ConnectionTable {

  private final Map<String, Connection> byId = new HashMap<>();
  private final Map<String, ListedConnection> othersById = new HashMap<>();
  /**
   * The event loop the table lives on, learnt from the first {@link #add} (the table is built before its gateway
   * verticle runs, so it cannot be told earlier); {@code null} while the table has never held a connection.
   */
  private volatile Context context;

  public void add(Connection connection) {
    learnContext();
    if (byId.put(connection.id(), connection) == null) {
      connection.gateway().stats().dialect(connection.dialect()).connections.increment();
    }
  }

  public void remove(Connection connection) {
    if (byId.remove(connection.id(), connection)) {
      connection.gateway().stats().dialect(connection.dialect()).connections.decrement();
    }
  }

  /** Adds a connection that is not a WebSocket of its own (a socket.io namespace socket), for the server API. */
  public void addListed(ListedConnection connection) {
    learnContext();
    othersById.put(connection.id(), connection);
  }

  public void removeListed(ListedConnection connection) {
    othersById.remove(connection.id(), connection);
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

  /** The WebSocket connections. */
  public Collection<Connection> all() {
    return Collections.unmodifiableCollection(byId.values());
  }

  /** One connection of either kind, or {@code null}. */
  public ListedConnection findListed(String id) {
    Connection connection = byId.get(id);
    return connection != null ? connection : othersById.get(id);
  }

  /** Every connection the server API lists: the WebSocket connections and the others. */
  public List<ListedConnection> listed() {
    List<ListedConnection> listed = new ArrayList<>(byId.size() + othersById.size());
    listed.addAll(byId.values());
    listed.addAll(othersById.values());
    return listed;
  }

  private void learnContext() {
    if (context == null) {
      context = Vertx.currentContext();
    }
  }
}
