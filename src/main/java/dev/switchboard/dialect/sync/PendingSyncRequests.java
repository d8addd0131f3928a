package dev.switchboard.dialect.sync;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Predicate;

/**
 * Client requests forwarded to a service and not yet answered, held by the instance of the client's
 * connection. Every request has the same timeout, so insertion order is deadline order and expiry only
 * looks at the head: no timer per request.
 */
final class PendingSyncRequests {

  record Pending(String brokerId, SyncConnection client, byte[] clientIdJson, String method, String serviceId,
                 String serviceConnection, long deadline) {
  }

  private final LinkedHashMap<String, Pending> byBrokerId = new LinkedHashMap<>();

  void add(Pending pending) {
    byBrokerId.put(pending.brokerId(), pending);
  }

  Pending get(String brokerId) {
    return byBrokerId.get(brokerId);
  }

  Pending remove(String brokerId) {
    return byBrokerId.remove(brokerId);
  }

  int size() {
    return byBrokerId.size();
  }

  /** Removes and returns the requests whose deadline has passed. */
  List<Pending> removeExpired(long now) {
    List<Pending> expired = new ArrayList<>();
    Iterator<Pending> iterator = byBrokerId.values().iterator();
    while (iterator.hasNext()) {
      Pending pending = iterator.next();
      if (pending.deadline() > now) {
        break;
      }
      iterator.remove();
      expired.add(pending);
    }
    return expired;
  }

  /** Removes and returns the requests that match. */
  List<Pending> removeIf(Predicate<Pending> condition) {
    List<Pending> removed = new ArrayList<>();
    Iterator<Pending> iterator = byBrokerId.values().iterator();
    while (iterator.hasNext()) {
      Pending pending = iterator.next();
      if (condition.test(pending)) {
        iterator.remove();
        removed.add(pending);
      }
    }
    return removed;
  }
}
