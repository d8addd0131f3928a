package dev.switchboard.dialect.socketio;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The running socket.io endpoints of each node in this JVM, by node id: how the server API (and tests) find one
 * to call {@link SocketIoEndpoint#emit}, {@code join} or {@code leave} on. Any of a node's endpoints will do; each
 * method hops to its own event loop. Endpoints add themselves on start and leave on stop.
 */
public final class SocketIoEndpoints {

  private static final Map<String, List<SocketIoEndpoint>> BY_NODE = new ConcurrentHashMap<>();

  private SocketIoEndpoints() {
  }

  /** The endpoints of node {@code nodeId} (empty when socket.io is disabled or the node is not in this JVM). */
  public static List<SocketIoEndpoint> of(String nodeId) {
    return List.copyOf(BY_NODE.getOrDefault(nodeId, List.of()));
  }

  /** Any one endpoint of the node, or {@code null}. */
  public static SocketIoEndpoint any(String nodeId) {
    List<SocketIoEndpoint> endpoints = of(nodeId);
    return endpoints.isEmpty() ? null : endpoints.get(0);
  }

  static void add(String nodeId, SocketIoEndpoint endpoint) {
    BY_NODE.computeIfAbsent(nodeId, id -> new CopyOnWriteArrayList<>()).add(endpoint);
  }

  static void remove(String nodeId, SocketIoEndpoint endpoint) {
    List<SocketIoEndpoint> endpoints = BY_NODE.get(nodeId);
    if (endpoints != null) {
      endpoints.remove(endpoint);
    }
  }
}
