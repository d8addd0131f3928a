package dev.switchboard.dialect.push;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * MESSAGE_REPLYs owed to WebSocket senders on one gateway instance: the statuses of each sent message's targets,
 * updated as the recipients' nodes report them. A reply goes out when every target is final, or after
 * {@code push.waitTimeoutMs} with the statuses of that moment (SPEC §2). Every wait has the same length, so
 * insertion order is deadline order and expiry only looks at the head.
 */
final class PushReplies {

  /** Where a reply goes: a WebSocket sender's connection, or an HTTP request waiting for its response. */
  interface Recipient {
    void reply(String mid, Map<String, PushStatus> statuses);
  }

  /**
   * A reply that is owed: to whom, and the statuses so far. A personal message has one target: its name and
   * status are fields (no map per message); several targets are kept in a map in their order.
   */
  private static final class Owed {
    final Recipient recipient;
    final long deadline;
    final String soleName;
    PushStatus soleStatus;
    final Map<String, PushStatus> statuses;

    Owed(Recipient recipient, Map<String, PushStatus> statuses, long deadline) {
      this.recipient = recipient;
      this.deadline = deadline;
      if (statuses.size() == 1) {
        Map.Entry<String, PushStatus> sole = statuses.entrySet().iterator().next();
        this.soleName = sole.getKey();
        this.soleStatus = sole.getValue();
        this.statuses = null;
      } else {
        this.soleName = null;
        this.statuses = new LinkedHashMap<>(statuses);
      }
    }

    PushStatus get(String name) {
      return statuses != null ? statuses.get(name) : soleName.equals(name) ? soleStatus : null;
    }

    void put(String name, PushStatus status) {
      if (statuses != null) {
        statuses.put(name, status);
      } else {
        soleStatus = status;
      }
    }

    boolean isComplete() {
      if (statuses == null) {
        return soleStatus.isFinal();
      }
      for (PushStatus status : statuses.values()) {
        if (!status.isFinal()) {
          return false;
        }
      }
      return true;
    }

    Map<String, PushStatus> statuses() {
      return statuses != null ? statuses : Map.of(soleName, soleStatus);
    }
  }

  private final LinkedHashMap<String, Owed> byMid = new LinkedHashMap<>();
  private final long waitTimeoutMs;

  PushReplies(long waitTimeoutMs) {
    this.waitTimeoutMs = waitTimeoutMs;
  }

  /** Starts waiting for a message's statuses; replies at once when they are already all final. */
  void expect(String mid, Recipient recipient, Map<String, PushStatus> statuses, long now) {
    Owed owed = new Owed(recipient, statuses, now + waitTimeoutMs);
    if (owed.isComplete()) {
      send(mid, owed);
    } else {
      byMid.put(mid, owed);
    }
  }

  /** A recipient's node reported a status; a status never goes back from final to pending. */
  void update(String mid, String name, PushStatus status) {
    Owed owed = byMid.get(mid);
    if (owed == null) {
      return;
    }
    PushStatus previous = owed.get(name);
    if (previous == null || (previous.isFinal() && !status.isFinal())) {
      return;
    }
    owed.put(name, status);
    if (owed.isComplete()) {
      byMid.remove(mid);
      send(mid, owed);
    }
  }

  /** Sends the replies whose wait is over, with the statuses of this moment. */
  void expire(long now) {
    List<Map.Entry<String, Owed>> due = new ArrayList<>();
    Iterator<Map.Entry<String, Owed>> iterator = byMid.entrySet().iterator();
    while (iterator.hasNext()) {
      Map.Entry<String, Owed> entry = iterator.next();
      if (entry.getValue().deadline > now) {
        break;
      }
      iterator.remove();
      due.add(entry);
    }
    due.forEach(entry -> send(entry.getKey(), entry.getValue()));
  }

  int size() {
    return byMid.size();
  }

  private static void send(String mid, Owed owed) {
    owed.recipient.reply(mid, owed.statuses());
  }
}
