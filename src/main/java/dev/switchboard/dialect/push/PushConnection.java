package dev.switchboard.dialect.push;

import dev.switchboard.gateway.Connection;
import dev.switchboard.gateway.Gateway;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * A push connection: before AUTH only a socket with a deadline; after, the live connection of a name with its
 * delivery window — messages are sent in mailbox order with at most {@code push.inflight} unacknowledged, and
 * each unacknowledged one is re-sent every {@code push.retryMs} until its MESSAGE_CALLBACK (SPEC §2).
 */
final class PushConnection extends Connection {

  /** A sent, unacknowledged message. */
  static final class InFlight {
    final PushEntry entry;
    long sentAt;

    InFlight(PushEntry entry, long sentAt) {
      this.entry = entry;
      this.sentAt = sentAt;
    }
  }

  private final PushEndpoint endpoint;
  private final ArrayDeque<PushEntry> waiting = new ArrayDeque<>();
  private final LinkedHashMap<String, InFlight> inFlight = new LinkedHashMap<>();
  private final Set<String> queuedMids = new HashSet<>();
  private String name;
  private String group;
  private long authTimer = -1;

  PushConnection(String id, ServerWebSocket socket, Gateway gateway, PushEndpoint endpoint) {
    super(id, socket, gateway);
    this.endpoint = endpoint;
  }

  @Override
  public String dialect() {
    return PushEndpoint.DIALECT;
  }

  void start(long authTimeoutMs) {
    attach();
    authTimer = gateway().vertx().setTimer(authTimeoutMs, id -> endpoint.onAuthTimeout(this));
  }

  boolean isAuthenticated() {
    return name != null;
  }

  String name() {
    return name;
  }

  String group() {
    return group;
  }

  void authenticated(String name, String group) {
    this.name = name;
    this.group = group;
    gateway().vertx().cancelTimer(authTimer);
  }

  void sendText(String text) {
    sendText(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Queues a message for delivery unless it is already queued or in flight (mailbox reloads repeat some). */
  void enqueue(PushEntry entry) {
    if (queuedMids.add(entry.mid())) {
      waiting.add(entry);
    }
  }

  boolean hasInFlight() {
    return !inFlight.isEmpty();
  }

  /**
   * Sends waiting messages while the window has room; {@code sent} hears of each one, {@code expired} of each
   * that expired before it could be sent.
   */
  void pump(int window, long now, BiConsumer<PushConnection, PushEntry> sent, BiConsumer<PushConnection, PushEntry> expired) {
    while (inFlight.size() < window && !waiting.isEmpty() && !isClosed()) {
      PushEntry entry = waiting.poll();
      if (entry.isExpired(now)) {
        queuedMids.remove(entry.mid());
        expired.accept(this, entry);
        continue;
      }
      inFlight.put(entry.mid(), new InFlight(entry, now));
      sendText(entry.packet());
      sent.accept(this, entry);
    }
  }

  /** The in-flight message acknowledged by its mid, or {@code null}. */
  PushEntry acknowledge(String mid) {
    InFlight acknowledged = inFlight.remove(mid);
    if (acknowledged == null) {
      return null;
    }
    queuedMids.remove(mid);
    return acknowledged.entry;
  }

  /** Re-sends what waited longer than {@code retryMs} for its callback; drops what expired. Returns re-sends. */
  int resendOverdue(long now, long retryMs, BiConsumer<PushConnection, PushEntry> expired) {
    int resent = 0;
    Iterator<InFlight> iterator = inFlight.values().iterator();
    while (iterator.hasNext()) {
      InFlight flight = iterator.next();
      if (flight.entry.isExpired(now)) {
        iterator.remove();
        queuedMids.remove(flight.entry.mid());
        expired.accept(this, flight.entry);
      } else if (now - flight.sentAt >= retryMs) {
        flight.sentAt = now;
        sendText(flight.entry.packet());
        resent++;
      }
    }
    return resent;
  }

  @Override
  protected void onText(byte[] utf8) {
    endpoint.onPacket(this, utf8);
  }

  @Override
  protected void onBinary(Buffer data) {
    sendText(PushPackets.info("binary frames are not accepted: send {cmd,data} JSON text"));
  }

  @Override
  protected void onClosed() {
    gateway().vertx().cancelTimer(authTimer);
    endpoint.onClosed(this);
  }
}
