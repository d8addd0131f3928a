package dev.switchboard.dialect.socketio;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The events one recoverable socket was sent that its client may not have seen yet (connection state recovery,
 * SPEC §3 [beyond]): each event gets an offset — its sequence number, sent as an extra last argument as the Node
 * server does — and stays here until it is known to be delivered or the log is full. Used by
 * {@link SocketIoSocket} on its event loop and moved between instances as JSON. No Vert.x inside.
 *
 * <p>While the socket is connected an entry older than {@code deliveredAfterMs} (ping interval + ping timeout +
 * a margin) is dropped: a PONG has come back since, for a PING sent after it on the same ordered transport, so the
 * client has it. Once the socket is {@linkplain #pause paused} (its transport is gone) nothing ages out. Past
 * {@code maxPackets} or {@code maxBytes} the oldest entry is dropped even if undelivered; a client whose offset
 * is older than a dropped entry can then no longer be recovered ({@link #after} answers {@code null}).
 */
final class SocketIoReplayLog {

  /**
   * One event as sent: its arguments already end with the offset; {@code deliveryId} is the id of the envelope it
   * came in ({@code null} for events of the socket's own, such as the app's open emits), by which a socket that
   * was just recovered elsewhere recognises a copy that reaches it twice.
   */
  record Entry(long sequence, String event, String argumentsJson, String deliveryId, long sentAt) {

    long bytes() {
      return event.length() + argumentsJson.length();
    }
  }

  private final int maxPackets;
  private final long maxBytes;
  private final long deliveredAfterMs;
  private final Deque<Entry> entries = new ArrayDeque<>();
  private long nextSequence;
  private long removedUpTo = -1;
  private long bytes;
  private boolean paused;

  SocketIoReplayLog(int maxPackets, long maxBytes, long deliveredAfterMs) {
    this.maxPackets = maxPackets;
    this.maxBytes = maxBytes;
    this.deliveredAfterMs = deliveredAfterMs;
  }

  /** The offset the next event will carry. */
  String nextOffset() {
    return Long.toString(nextSequence);
  }

  /** Records an event sent (or, while paused, meant to be sent) with {@link #nextOffset()} in its arguments. */
  void append(String event, String argumentsJsonWithOffset, String deliveryId, long now) {
    if (!paused) {
      dropDelivered(now);
    }
    Entry entry = new Entry(nextSequence++, event, argumentsJsonWithOffset, deliveryId, now);
    entries.addLast(entry);
    bytes += entry.bytes();
    while (entries.size() > maxPackets || bytes > maxBytes) {
      remove();
    }
  }

  /** The transport is gone: what has not aged out by now may be lost, and nothing ages out any more. */
  void pause(long now) {
    dropDelivered(now);
    paused = true;
  }

  /**
   * The transport is back: entries age out again, counted from {@code now} (the held ones are only now sent).
   */
  void resume(long now) {
    if (!paused) {
      return;
    }
    paused = false;
    List<Entry> held = List.copyOf(entries);
    entries.clear();
    for (Entry entry : held) {
      entries.addLast(new Entry(entry.sequence(), entry.event(), entry.argumentsJson(), entry.deliveryId(), now));
    }
  }

  /**
   * The last sequence a client saw, from the {@code offset} of its CONNECT: {@code -1} when it sent none (it was
   * sent no event yet — the Node server refuses to recover then; we replay everything), {@code null} when the
   * offset is not one of ours.
   */
  static Long seenOf(String offset) {
    if (offset == null) {
      return -1L;
    }
    try {
      long seen = Long.parseLong(offset);
      return seen >= 0 ? seen : null;
    } catch (NumberFormatException notOurs) {
      return null;
    }
  }

  /**
   * The events after sequence {@code seen}, oldest first; {@code null} when {@code seen} was never issued or an
   * event after it is no longer held (the recovery would be incomplete).
   */
  List<Entry> after(long seen) {
    if (seen < removedUpTo || seen >= nextSequence) {
      return null;
    }
    List<Entry> missed = new ArrayList<>();
    for (Entry entry : entries) {
      if (entry.sequence() > seen) {
        missed.add(entry);
      }
    }
    return missed;
  }

  int size() {
    return entries.size();
  }

  long bytes() {
    return bytes;
  }

  /** What a recovery hands on: the missed events and where numbering goes on. */
  JsonObject toJson(List<Entry> missed, long seen) {
    JsonArray events = new JsonArray();
    for (Entry entry : missed) {
      events.add(new JsonArray().add(entry.sequence()).add(entry.event()).add(entry.argumentsJson())
        .add(entry.deliveryId()));
    }
    return new JsonObject().put("next", nextSequence).put("seen", seen).put("events", events);
  }

  /** The log of a recovered socket, holding the missed events it is about to send again as sent {@code now}. */
  static SocketIoReplayLog fromJson(JsonObject json, int maxPackets, long maxBytes, long deliveredAfterMs, long now) {
    SocketIoReplayLog log = new SocketIoReplayLog(maxPackets, maxBytes, deliveredAfterMs);
    log.nextSequence = json.getLong("next");
    log.removedUpTo = json.getLong("seen");
    for (Entry entry : events(json, now)) {
      log.entries.addLast(entry);
      log.bytes += entry.bytes();
    }
    return log;
  }

  /** The entries of a {@link #toJson} answer, to send again. */
  static List<Entry> events(JsonObject json) {
    return events(json, 0);
  }

  private static List<Entry> events(JsonObject json, long sentAt) {
    List<Entry> events = new ArrayList<>();
    for (Object item : json.getJsonArray("events")) {
      JsonArray event = (JsonArray) item;
      // A node of the version before delivery ids sends three items (a cluster being upgraded node by node).
      events.add(new Entry(event.getLong(0), event.getString(1), event.getString(2),
        event.size() > 3 ? event.getString(3) : null, sentAt));
    }
    return events;
  }

  /** {@code argumentsJson} (a JSON array) with {@code offset} as one more, last, string argument; spliced, not re-encoded. */
  static String withOffset(String argumentsJson, String offset) {
    String array = argumentsJson.strip();
    if (array.length() < 2 || array.charAt(0) != '[' || array.charAt(array.length() - 1) != ']') {
      return argumentsJson; // not an array: the packet builder refuses it as it would without the offset
    }
    if (array.substring(1, array.length() - 1).isBlank()) {
      return "[\"" + offset + "\"]";
    }
    return array.substring(0, array.length() - 1) + ",\"" + offset + "\"]";
  }

  private void dropDelivered(long now) {
    while (!entries.isEmpty() && entries.peekFirst().sentAt() < now - deliveredAfterMs) {
      remove();
    }
  }

  private void remove() {
    Entry oldest = entries.pollFirst();
    bytes -= oldest.bytes();
    removedUpTo = oldest.sequence();
  }
}
