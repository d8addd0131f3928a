package dev.switchboard.admin;

import dev.switchboard.bus.ConnectionId;
import dev.switchboard.bus.NodeIdentity;
import dev.switchboard.gateway.CloseCode;
import dev.switchboard.gateway.Connection;
import dev.switchboard.gateway.ConnectionDescription;
import dev.switchboard.gateway.ConnectionTable;
import dev.switchboard.gateway.Gateway;
import dev.switchboard.gateway.ListedConnection;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.function.Function;

/**
 * This node's connections as the server API reaches them: list, describe and close them (every
 * {@link ListedConnection}, socket.io namespace sockets included), and write to them (WebSocket connections). A gateway
 * instance's connection table is only ever touched on that instance's event loop, so every operation runs
 * there ({@link ConnectionTable#context()}) and the answers are gathered back on the caller's context; nothing
 * is locked and nothing blocks. A connection id names its gateway instance, so an operation on one connection
 * visits that instance only. One per node, used by {@link NodeApiResponder}.
 */
final class NodeConnections {

  /** The order of {@code GET /api/connections}, on live connections (see {@link ConnectionCursor#ORDER}). */
  private static final Comparator<ListedConnection> LIST_ORDER =
    Comparator.comparingLong(ListedConnection::connectedAt).thenComparing(ListedConnection::id);

  private final Vertx vertx;
  private final NodeIdentity node;
  private final Map<Integer, Gateway> byInstance = new HashMap<>();

  NodeConnections(Vertx vertx, NodeIdentity node, List<Gateway> gateways) {
    this.vertx = vertx;
    this.node = node;
    gateways.forEach(gateway -> byInstance.put(gateway.instance(), gateway));
  }

  /** The first {@code count} live connections of this node that match, in list order. */
  Future<List<ConnectionDescription>> list(ConnectionFilter filter, int count) {
    return onEveryInstance(table -> firstMatches(table, filter, count)).map(perInstance -> {
      List<ConnectionDescription> all = new ArrayList<>();
      perInstance.forEach(all::addAll);
      all.sort(ConnectionCursor.ORDER);
      return all.size() > count ? List.copyOf(all.subList(0, count)) : all;
    });
  }

  /** One connection of this node, or {@code null} when it is not (or no longer) open. */
  Future<ConnectionDescription> describe(String id) {
    return onHolder(id, table -> {
      ListedConnection connection = table.findListed(id);
      return connection == null || connection.isClosed() ? null : connection.describe();
    }, null);
  }

  /**
   * Closes one connection from the server side ({@link ListedConnection#closeByOperator()}: a WebSocket with
   * {@link CloseCode#NORMAL}, a socket.io socket with a DISCONNECT). False when it is not open here. It leaves the
   * listings at once, before its socket has finished closing.
   */
  Future<Boolean> close(String id) {
    return onHolder(id, table -> {
      ListedConnection connection = table.findListed(id);
      if (connection == null || connection.isClosed()) {
        return false;
      }
      connection.closeByOperator();
      return true;
    }, false);
  }

  /** Writes one text frame to every selected connection of this node; answers how many were handed it. */
  Future<Integer> write(ConnectionSelector selector, byte[] frame) {
    Function<ConnectionTable, Integer> writeToTable = table -> {
      int reached = 0;
      // A copy: a write can close a slow consumer, which leaves the table.
      for (Connection connection : List.copyOf(table.all())) {
        if (selector.matches(connection)) {
          connection.sendText(frame);
          reached++;
        }
      }
      return reached;
    };
    if (selector.kind() == ConnectionSelector.Kind.CONNECTION) {
      return onOwner(selector.key(), table -> {
        Connection connection = table.get(selector.key());
        if (connection == null || !selector.matches(connection)) {
          return 0;
        }
        connection.sendText(frame);
        return 1;
      }, 0);
    }
    return onEveryInstance(writeToTable).map(counts -> counts.stream().mapToInt(Integer::intValue).sum());
  }

  /** Per dialect, the messages this node's connections hold queued or unacknowledged ({@link Connection#pendingDeliveries()}). */
  Future<Map<String, Long>> pendingDeliveries() {
    return onEveryInstance(table -> {
      Map<String, Long> pending = new HashMap<>();
      for (Connection connection : table.all()) {
        int count = connection.pendingDeliveries();
        if (count > 0) {
          pending.merge(connection.dialect(), (long) count, Long::sum);
        }
      }
      return pending;
    }).map(perInstance -> {
      Map<String, Long> total = new HashMap<>();
      perInstance.forEach(pending -> pending.forEach((dialect, count) -> total.merge(dialect, count, Long::sum)));
      return total;
    });
  }

  private static List<ConnectionDescription> firstMatches(ConnectionTable table, ConnectionFilter filter, int count) {
    // A heap bounded to `count`, latest on top: one pass over a large table, no sort of all of it, and only
    // the connections that make the page are described.
    PriorityQueue<ListedConnection> earliest = new PriorityQueue<>(LIST_ORDER.reversed());
    for (ListedConnection connection : table.listed()) {
      if (filter.matches(connection)) {
        earliest.add(connection);
        if (earliest.size() > count) {
          earliest.poll();
        }
      }
    }
    List<ConnectionDescription> page = new ArrayList<>(earliest.size());
    earliest.forEach(connection -> page.add(connection.describe()));
    return page;
  }

  /** Runs {@code work} on the instance a connection id names; {@code absent} when no instance of this node does. */
  private <T> Future<T> onOwner(String connectionId, Function<ConnectionTable, T> work, T absent) {
    ConnectionId id = ConnectionId.parse(connectionId);
    Gateway owner = id == null || !id.node().equals(node.id()) ? null : byInstance.get(id.instance());
    return owner == null ? Future.succeededFuture(absent) : onInstance(owner, work);
  }

  /**
   * Runs {@code work} on the instance a connection id names and, when it was not there, on every instance: a
   * socket.io socket recovered on this node keeps the id another node gave it. {@code work} must change nothing
   * where the connection is not, as at most one instance holds it.
   */
  private <T> Future<T> onHolder(String connectionId, Function<ConnectionTable, T> work, T absent) {
    return onOwner(connectionId, work, absent).compose(found -> !Objects.equals(found, absent)
      ? Future.succeededFuture(found)
      : onEveryInstance(work).map(all -> all.stream().filter(each -> !Objects.equals(each, absent)).findFirst()
        .orElse(absent)));
  }

  private <T> Future<List<T>> onEveryInstance(Function<ConnectionTable, T> work) {
    List<Future<T>> answers = new ArrayList<>(byInstance.size());
    byInstance.values().forEach(gateway -> answers.add(onInstance(gateway, work)));
    return Future.all(answers).map(all -> all.list());
  }

  private <T> Future<T> onInstance(Gateway gateway, Function<ConnectionTable, T> work) {
    ConnectionTable table = gateway.connections();
    Context owner = table.context();
    if (owner == null) {
      // The instance never held a connection: it answers as an empty table does.
      return Future.succeededFuture(work.apply(new ConnectionTable()));
    }
    // The answer is completed on the instance's loop; listeners run back on the caller's context.
    Promise<T> answer = ((ContextInternal) vertx.getOrCreateContext()).promise();
    owner.runOnContext(ignored -> {
      try {
        answer.complete(work.apply(table));
      } catch (RuntimeException e) {
        answer.fail(e);
      }
    });
    return answer.future();
  }
}
