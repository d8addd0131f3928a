package dev.switchboard.gateway;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * The connections one gateway instance holds, by id. Only touched on that instance's event loop.
 */
public final class ConnectionTable {

  private final Map<String, Connection> byId = new HashMap<>();

  public void add(Connection connection) {
    byId.put(connection.id(), connection);
  }

  public void remove(Connection connection) {
    byId.remove(connection.id(), connection);
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
