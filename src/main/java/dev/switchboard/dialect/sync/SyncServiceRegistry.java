package dev.switchboard.dialect.sync;

import dev.switchboard.bus.Addresses;
import dev.switchboard.config.SwitchboardConfig.DuplicateServiceIdPolicy;
import dev.switchboard.config.SwitchboardConfig.ServiceMode;
import dev.switchboard.config.SwitchboardConfig.SyncConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The cluster-wide table of connected sync services (id → connection). The authority is one value in a
 * cluster map, changed only by compare-and-set, so the duplicate-id policy and the service limit hold
 * atomically across nodes without locks (a lock held by a dead node would block everyone). Every change is
 * published, and each gateway instance keeps the newest version it has seen to route requests without a
 * cluster read. Entries of a member that leaves are removed by the survivors.
 */
final class SyncServiceRegistry {

  static final String MAP_NAME = "sb.sync";
  static final String KEY = "services";
  private static final int MAX_ATTEMPTS = 100;

  /** One registered service. {@code member} is the cluster member that holds the connection. */
  record ServiceEntry(String id, String name, String connection, String member) {
    JsonObject toJson() {
      return new JsonObject().put("name", name).put("conn", connection).put("member", member);
    }
  }

  /** A version of the whole table; versions only grow. */
  record Snapshot(long version, Map<String, ServiceEntry> services) {
    static final Snapshot EMPTY = new Snapshot(0, Map.of());

    static Snapshot parse(String text) {
      if (text == null) {
        return EMPTY;
      }
      JsonObject json = new JsonObject(text);
      Map<String, ServiceEntry> services = new LinkedHashMap<>();
      json.getJsonObject("services").forEach(entry -> {
        JsonObject value = (JsonObject) entry.getValue();
        services.put(entry.getKey(), new ServiceEntry(entry.getKey(), value.getString("name"),
          value.getString("conn"), value.getString("member")));
      });
      return new Snapshot(json.getLong("v"), services);
    }

    String encode() {
      JsonObject services = new JsonObject();
      this.services.forEach((id, entry) -> services.put(id, entry.toJson()));
      return new JsonObject().put("v", version).put("services", services).encode();
    }

    Snapshot with(Map<String, ServiceEntry> services) {
      return new Snapshot(version + 1, services);
    }

    boolean holds(String connection) {
      return services.values().stream().anyMatch(e -> e.connection().equals(connection));
    }
  }

  /** The outcome of a registration: accepted (possibly replacing another connection), or refused. */
  record Registration(boolean accepted, ServiceEntry replaced, SyncErrorCode refusal, String message) {
    static Registration accepted(ServiceEntry replaced) {
      return new Registration(true, replaced, null, null);
    }

    static Registration refused(SyncErrorCode code, String message) {
      return new Registration(false, null, code, message);
    }
  }

  private record Change<R>(Map<String, ServiceEntry> next, R result) {
  }

  private final Vertx vertx;
  private final SyncConfig config;
  private final Consumer<Snapshot> onChange;
  private AsyncMap<String, String> map;
  private MessageConsumer<String> updates;
  private Snapshot current = Snapshot.EMPTY;

  SyncServiceRegistry(Vertx vertx, SyncConfig config, Consumer<Snapshot> onChange) {
    this.vertx = vertx;
    this.config = config;
    this.onChange = onChange;
  }

  Future<Void> start() {
    updates = vertx.eventBus().consumer(Addresses.SYNC_REGISTRY, message -> apply(Snapshot.parse(message.body())));
    return vertx.sharedData().<String, String>getAsyncMap(MAP_NAME)
      .compose(asyncMap -> {
        map = asyncMap;
        return updates.completion();
      })
      .compose(ignored -> refresh())
      .mapEmpty();
  }

  Future<Void> stop() {
    return updates == null ? Future.succeededFuture() : updates.unregister();
  }

  /** The newest version this instance has seen. */
  Snapshot snapshot() {
    return current;
  }

  /** The service requests go to: the named one, or in single mode the only one. */
  ServiceEntry lookup(String serviceId) {
    if (config.serviceMode() == ServiceMode.SINGLE) {
      Collection<ServiceEntry> all = current.services().values();
      return all.isEmpty() ? null : all.iterator().next();
    }
    return serviceId == null ? null : current.services().get(serviceId);
  }

  /** Reads the authoritative table (for a cache miss, or at start). */
  Future<Snapshot> refresh() {
    return map.get(KEY).map(text -> {
      apply(Snapshot.parse(text));
      return current;
    });
  }

  Future<Registration> register(ServiceEntry entry) {
    int limit = config.serviceMode() == ServiceMode.SINGLE ? 1 : config.serviceLimit();
    return update(table -> {
      ServiceEntry existing = table.get(entry.id());
      if (existing != null) {
        if (existing.connection().equals(entry.connection())) {
          return new Change<>(null, Registration.accepted(null));
        }
        if (config.duplicateServiceId() == DuplicateServiceIdPolicy.REJECT) {
          return new Change<>(null, Registration.refused(SyncErrorCode.SERVICE_ID_CONFLICT,
            "service id '" + entry.id() + "' is already connected"));
        }
        Map<String, ServiceEntry> next = new LinkedHashMap<>(table);
        next.put(entry.id(), entry);
        return new Change<>(next, Registration.accepted(existing));
      }
      if (limit > 0 && table.size() >= limit) {
        String message = config.serviceMode() == ServiceMode.SINGLE
          ? "single service mode: service '" + table.keySet().iterator().next() + "' is already connected"
          : "the service limit of " + limit + " is reached";
        return new Change<>(null, Registration.refused(SyncErrorCode.EQUIPMENT_OUT_OF_LIMIT, message));
      }
      Map<String, ServiceEntry> next = new LinkedHashMap<>(table);
      next.put(entry.id(), entry);
      return new Change<>(next, Registration.accepted(null));
    });
  }

  /** Removes the service's entry if it is still this connection's (a newer one may have replaced it). */
  Future<Void> unregister(String serviceId, String connection) {
    return update(table -> {
      ServiceEntry existing = table.get(serviceId);
      if (existing == null || !existing.connection().equals(connection)) {
        return new Change<Void>(null, null);
      }
      Map<String, ServiceEntry> next = new LinkedHashMap<>(table);
      next.remove(serviceId);
      return new Change<>(next, null);
    }).mapEmpty();
  }

  /** Removes every entry held by a member that left the cluster. */
  Future<Void> removeMember(String member) {
    return update(table -> {
      if (table.values().stream().noneMatch(e -> e.member().equals(member))) {
        return new Change<Void>(null, null);
      }
      Map<String, ServiceEntry> next = new LinkedHashMap<>(table);
      next.values().removeIf(e -> e.member().equals(member));
      return new Change<>(next, null);
    }).mapEmpty();
  }

  private <R> Future<R> update(Function<Map<String, ServiceEntry>, Change<R>> decide) {
    return attempt(decide, 1);
  }

  private <R> Future<R> attempt(Function<Map<String, ServiceEntry>, Change<R>> decide, int attempt) {
    return map.get(KEY).compose(text -> {
      Snapshot stored = Snapshot.parse(text);
      apply(stored);
      Change<R> change = decide.apply(stored.services());
      if (change.next() == null) {
        return Future.succeededFuture(change.result());
      }
      Snapshot next = stored.with(change.next());
      String encoded = next.encode();
      Future<Boolean> written = text == null
        ? map.putIfAbsent(KEY, encoded).map(Objects::isNull)
        : map.replaceIfPresent(KEY, text, encoded);
      return written.compose(won -> {
        if (won) {
          vertx.eventBus().publish(Addresses.SYNC_REGISTRY, encoded);
          apply(next);
          return Future.succeededFuture(change.result());
        }
        if (attempt >= MAX_ATTEMPTS) {
          return Future.failedFuture("the sync service registry is too contended to update");
        }
        return attempt(decide, attempt + 1);
      });
    });
  }

  private void apply(Snapshot snapshot) {
    if (snapshot.version() > current.version()) {
      current = snapshot;
      onChange.accept(snapshot);
    }
  }
}
