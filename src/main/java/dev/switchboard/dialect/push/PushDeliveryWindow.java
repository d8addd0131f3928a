package dev.switchboard.dialect.push;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The delivery state of one live recipient (a WebSocket connection or a webhook client): messages are sent in
 * mailbox order with at most {@code window} unacknowledged, and each unacknowledged one is sent again every
 * {@code retryMs} until acknowledged (SPEC §2). Transport-free: {@code transmit} does the sending.
 */
final class PushDeliveryWindow {

  /** A sent, unacknowledged message. */
  private static final class InFlight {
    final PushEntry entry;
    long sentAt;
    int resends;
    boolean sentReported;

    InFlight(PushEntry entry, long sentAt) {
      this.entry = entry;
      this.sentAt = sentAt;
    }
  }

  /** What a window reports to its owner. */
  interface Events {
    /** A message expired before it was acknowledged; it is out of the window. */
    void expired(PushEntry entry);

    /** A message stayed unacknowledged for a whole retry interval (once per message). */
    void overdue(PushEntry entry);
  }

  private final Consumer<PushEntry> transmit;
  private final Events events;
  private final ArrayDeque<PushEntry> waiting = new ArrayDeque<>();
  private final LinkedHashMap<String, InFlight> inFlight = new LinkedHashMap<>();
  private final Set<String> queuedMids = new HashSet<>();
  /** In-flight messages whose transmission {@link #reportSent} has not reported yet. */
  private int unreported;

  PushDeliveryWindow(Consumer<PushEntry> transmit, Events events) {
    this.transmit = transmit;
    this.events = events;
  }

  /** Queues a message unless it is already queued or in flight (mailbox reloads repeat some). */
  void enqueue(PushEntry entry) {
    if (queuedMids.add(entry.mid())) {
      waiting.add(entry);
    }
  }

  /**
   * Queues a fresh read of the mailbox: everything not in flight waits in mailbox order, including messages the
   * window had not seen; messages queued here but absent from the read (delivered after it was taken) follow.
   */
  void requeue(List<PushEntry> mailbox) {
    ArrayDeque<PushEntry> next = new ArrayDeque<>(mailbox.size() + waiting.size());
    Set<String> mids = new HashSet<>();
    for (PushEntry entry : mailbox) {
      if (!inFlight.containsKey(entry.mid()) && mids.add(entry.mid())) {
        next.add(entry);
      }
    }
    for (PushEntry entry : waiting) {
      if (mids.add(entry.mid())) {
        next.add(entry);
      }
    }
    waiting.clear();
    waiting.addAll(next);
    queuedMids.addAll(mids);
  }

  boolean hasInFlight() {
    return !inFlight.isEmpty();
  }

  /** Messages queued or in flight (for the pending-deliveries gauge). */
  int size() {
    return waiting.size() + inFlight.size();
  }

  /** Sends waiting messages while the window has room. */
  void pump(int window, long now) {
    while (inFlight.size() < window && !waiting.isEmpty()) {
      PushEntry entry = waiting.poll();
      if (entry.isExpired(now)) {
        queuedMids.remove(entry.mid());
        events.expired(entry);
        continue;
      }
      inFlight.put(entry.mid(), new InFlight(entry, now));
      unreported++;
      transmit.accept(entry);
    }
  }

  /** The in-flight message acknowledged by its mid, or {@code null}. */
  PushEntry acknowledge(String mid) {
    InFlight acknowledged = inFlight.remove(mid);
    if (acknowledged == null) {
      return null;
    }
    queuedMids.remove(mid);
    if (!acknowledged.sentReported) {
      unreported--;
    }
    return acknowledged.entry;
  }

  /** Hands each in-flight message not reported yet to {@code report}, once: it was sent and is unacknowledged. */
  void reportSent(Consumer<PushEntry> report) {
    if (unreported == 0) {
      return;
    }
    for (InFlight flight : inFlight.values()) {
      if (!flight.sentReported) {
        flight.sentReported = true;
        report.accept(flight.entry);
      }
    }
    unreported = 0;
  }

  /** Sends again what waited {@code retryMs} for its acknowledgement; drops what expired. Returns re-sends. */
  int resendOverdue(long now, long retryMs) {
    int resent = 0;
    Iterator<InFlight> iterator = inFlight.values().iterator();
    while (iterator.hasNext()) {
      InFlight flight = iterator.next();
      if (flight.entry.isExpired(now)) {
        iterator.remove();
        if (!flight.sentReported) {
          unreported--;
        }
        queuedMids.remove(flight.entry.mid());
        events.expired(flight.entry);
      } else if (now - flight.sentAt >= retryMs) {
        flight.sentAt = now;
        if (flight.resends++ == 0) {
          events.overdue(flight.entry);
        }
        transmit.accept(flight.entry);
        resent++;
      }
    }
    return resent;
  }
}
