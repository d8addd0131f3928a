package dev.switchboard.dialect.push;

import dev.switchboard.bus.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Who is who on the push dialect, cluster-wide: the live connection of each name (one per name), the names
 * that have ever authenticated with their group, and the members of each group. All of it is in cluster maps
 * with backups; each gateway instance keeps a copy of the known names, refreshed by a publish on every change.
 *
 * <p>Each instance also caches the live sessions it has seen (name → connection id; only live ones, never "none"),
 * so a message to an online name costs no map read. The cache is refreshed by a publish on every claim and
 * release and cleared when a member leaves; it can still be briefly stale, which is why a delivery that finds no
 * live recipient re-reads the map ({@link #refreshSession}) and a new session re-reads its mailbox once the
 * publishes have spread (see {@code PushEndpoint}).
 */
final class PushDirectory {

  static final String SESSIONS = "sb.push.sessions";
  static final String NAMES = "sb.push.names";
  static final String GROUPS = "sb.push.groups";
  private static final int MAX_ATTEMPTS = 100;

  private final Vertx vertx;
  private final Set<String> configuredNames;
  private final Map<String, String> knownNames = new HashMap<>();
  private final Map<String, String> liveSessions = new HashMap<>();
  private AsyncMap<String, String> sessions;
  private AsyncMap<String, String> names;
  private AsyncMap<String, String> groups;
  private MessageConsumer<JsonObject> updates;
  private MessageConsumer<JsonObject> sessionUpdates;
  private MessageConsumer<String> departures;

  PushDirectory(Vertx vertx, Set<String> configuredNames) {
    this.vertx = vertx;
    this.configuredNames = configuredNames;
  }

  Future<Void> start() {
    updates = vertx.eventBus().consumer(Addresses.PUSH_NAMES,
      message -> knownNames.put(message.body().getString("name"), message.body().getString("group")));
    sessionUpdates = vertx.eventBus().consumer(Addresses.PUSH_SESSIONS, message -> {
      String name = message.body().getString("name");
      String connection = message.body().getString("connection");
      if (message.body().getBoolean("live")) {
        liveSessions.put(name, connection);
      } else {
        liveSessions.remove(name, connection);
      }
    });
    // A dead member's connections may still be cached: forget every cached session (members rarely leave).
    departures = vertx.eventBus().localConsumer(Addresses.MEMBER_LEFT, message -> liveSessions.clear());
    return Future.all(
        vertx.sharedData().<String, String>getAsyncMap(SESSIONS).onSuccess(map -> sessions = map),
        vertx.sharedData().<String, String>getAsyncMap(NAMES).onSuccess(map -> names = map),
        vertx.sharedData().<String, String>getAsyncMap(GROUPS).onSuccess(map -> groups = map),
        updates.completion(), sessionUpdates.completion())
      .mapEmpty();
  }

  Future<Void> stop() {
    return Future.join(unregister(updates), unregister(sessionUpdates), unregister(departures)).mapEmpty();
  }

  private static Future<Void> unregister(MessageConsumer<?> consumer) {
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }

  private void publishSession(String name, String connection, boolean live) {
    vertx.eventBus().publish(Addresses.PUSH_SESSIONS,
      new JsonObject().put("name", name).put("connection", connection).put("live", live));
  }

  /** Makes {@code connection} the live connection of {@code name}; answers the connection it replaced, if any. */
  Future<String> claimSession(String name, String connection, String member) {
    return claimSession(name, connection + ' ' + member, 1)
      .onSuccess(previous -> publishSession(name, connection, true));
  }

  private Future<String> claimSession(String name, String session, int attempt) {
    // AsyncMap has no get-and-put: insert if absent, else replace and learn what was there.
    return sessions.putIfAbsent(name, session).compose(existing -> {
      if (existing == null) {
        return Future.succeededFuture((String) null);
      }
      return sessions.replace(name, session).compose(previous -> {
        if (previous != null) {
          return Future.succeededFuture(connectionOf(previous));
        }
        if (attempt >= MAX_ATTEMPTS) {
          return Future.failedFuture("the session of " + name + " is too contended to claim");
        }
        return claimSession(name, session, attempt + 1);
      });
    });
  }

  /** Takes the name's session only if nobody holds it; true when taken. */
  Future<Boolean> claimSessionIfFree(String name, String connection, String member) {
    return sessions.putIfAbsent(name, connection + ' ' + member).map(existing -> {
      if (existing == null) {
        publishSession(name, connection, true);
      }
      return existing == null;
    });
  }

  /** Removes the session if it is still this connection's (a newer one may have taken the name over). */
  Future<Boolean> releaseSession(String name, String connection, String member) {
    return sessions.removeIfPresent(name, connection + ' ' + member).onSuccess(removed -> {
      if (removed) {
        publishSession(name, connection, false);
      }
    });
  }

  /** The live connection of a name, or {@code null}: from this instance's cache when it has one. */
  Future<String> sessionOf(String name) {
    String cached = liveSessions.get(name);
    return cached != null ? Future.succeededFuture(cached) : refreshSession(name);
  }

  /** The live connection of a name read from the cluster map (the cache may be stale), or {@code null}. */
  Future<String> refreshSession(String name) {
    return sessions.get(name).map(session -> {
      String connection = connectionOf(session);
      if (connection == null) {
        liveSessions.remove(name);
      } else {
        liveSessions.put(name, connection);
      }
      return connection;
    });
  }

  /** Removes the sessions held by a member that left the cluster. */
  Future<Void> removeMember(String member) {
    return sessions.entries().compose(all -> {
      List<Future<Boolean>> removals = new ArrayList<>();
      all.forEach((name, value) -> {
        if (value.endsWith(' ' + member)) {
          removals.add(sessions.removeIfPresent(name, value).onSuccess(removed -> {
            if (removed) {
              publishSession(name, connectionOf(value), false);
            }
          }));
        }
      });
      return Future.join(removals).mapEmpty();
    });
  }

  /** Records that {@code name} authenticated with {@code group} (null: none), moving it between groups. */
  Future<Void> remember(String name, String group) {
    String groupValue = group == null ? "" : group;
    if (groupValue.equals(knownNames.get(name))) {
      return Future.succeededFuture();
    }
    return names.get(name).compose(previous -> names.put(name, groupValue).compose(ignored -> {
      knownNames.put(name, groupValue);
      vertx.eventBus().publish(Addresses.PUSH_NAMES, new JsonObject().put("name", name).put("group", groupValue));
      Future<Void> left = previous == null || previous.isEmpty() || previous.equals(groupValue)
        ? Future.succeededFuture()
        : changeGroup(previous, members -> members.remove(name) ? members : null);
      Future<Void> joined = groupValue.isEmpty()
        ? Future.succeededFuture()
        : changeGroup(groupValue, members -> members.contains(name) ? null : add(members, name));
      return Future.all(left, joined).mapEmpty();
    }));
  }

  private static List<String> add(List<String> members, String name) {
    members.add(name);
    return members;
  }

  /** Whether messages for {@code name} are accepted (it authenticated once, or is a configured webhook client). */
  Future<Boolean> isKnown(String name) {
    if (knownNames.containsKey(name) || configuredNames.contains(name)) {
      return Future.succeededFuture(true);
    }
    return names.get(name).map(group -> {
      if (group != null) {
        knownNames.put(name, group);
      }
      return group != null;
    });
  }

  /** The names in a group (empty for an unknown group). */
  Future<List<String>> members(String group) {
    return groups.get(group).map(PushDirectory::parseMembers);
  }

  private Future<Void> changeGroup(String group, UnaryOperator<List<String>> change) {
    return changeGroup(group, change, 1);
  }

  private Future<Void> changeGroup(String group, UnaryOperator<List<String>> change, int attempt) {
    return groups.get(group).compose(text -> {
      List<String> next = change.apply(parseMembers(text));
      if (next == null) {
        return Future.succeededFuture();
      }
      String encoded = new JsonArray(new ArrayList<>(next)).encode();
      Future<Boolean> written = text == null
        ? groups.putIfAbsent(group, encoded).map(Objects::isNull)
        : groups.replaceIfPresent(group, text, encoded);
      return written.compose(won -> {
        if (won) {
          return Future.succeededFuture();
        }
        if (attempt >= MAX_ATTEMPTS) {
          return Future.failedFuture("group " + group + " is too contended to update");
        }
        return changeGroup(group, change, attempt + 1);
      });
    });
  }

  private static List<String> parseMembers(String text) {
    List<String> members = new ArrayList<>();
    if (text != null) {
      new JsonArray(text).forEach(value -> members.add((String) value));
    }
    return members;
  }

  private static String connectionOf(String session) {
    if (session == null) {
      return null;
    }
    int space = session.indexOf(' ');
    return space < 0 ? session : session.substring(0, space);
  }
}
