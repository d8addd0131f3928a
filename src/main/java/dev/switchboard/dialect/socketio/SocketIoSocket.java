package dev.switchboard.dialect.socketio;

import dev.switchboard.gateway.ConnectionDescription;
import dev.switchboard.gateway.ListedConnection;
import dev.switchboard.webhook.WebhookQueue;
import dev.switchboard.dialect.socketio.engineio.EngineIoClientInfo;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One namespace socket (what the client calls {@code socket.id}): its namespace, user, rooms, the acks it owes
 * the server, and its ordered queue of app webhooks. Lives on its session's event loop; the server API lists and
 * addresses it as one connection by its id, which names the owning node and instance.
 */
final class SocketIoSocket implements WebhookQueue.Backlog, ListedConnection {

  private final String id;
  private final String namespace;
  private final SocketIoClient client;
  private final Set<String> rooms = new HashSet<>();
  private final Map<Long, Promise<String>> pendingAcks = new HashMap<>();
  private final long connectedAt = System.currentTimeMillis();
  private SocketIoIdentity identity;
  private WebhookQueue webhooks;
  private long nextAckId;
  private boolean connected;
  private boolean closed;
  private String pid;
  private SocketIoReplayLog replayLog;
  private boolean suspended;
  /**
   * Packets for a recovered socket that is not connected yet (its {@code open} webhook is running): sent right
   * after its CONNECT, in order; {@code null} when nothing is held back.
   */
  private List<SocketIoPacketWithAttachments> heldUntilConnected;
  /**
   * The instance ({@code node.instance}) whose claim took this suspended socket: for a short while what still
   * reaches it here is passed on there, as it may no longer reach it there directly; {@code null} otherwise.
   */
  private String handedOverTo;
  /**
   * The ids of the envelopes this socket, just recovered from another instance, has been sent, so a copy that
   * reaches it twice (directly and passed on) is dropped; {@code null} once that short while is over.
   */
  private Set<String> recentDeliveries;

  SocketIoSocket(String id, String namespace, SocketIoClient client, SocketIoIdentity identity) {
    this.id = id;
    this.namespace = namespace;
    this.client = client;
    this.identity = identity;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String dialect() {
    return SocketIoEndpoint.DIALECT;
  }

  String namespace() {
    return namespace;
  }

  SocketIoClient client() {
    return client;
  }

  Set<String> rooms() {
    return rooms;
  }

  String user() {
    return identity.user();
  }

  SocketIoIdentity identity() {
    return identity;
  }

  @Override
  public long connectedAt() {
    return connectedAt;
  }

  @Override
  public String describedUser() {
    return user();
  }

  @Override
  public String describedService() {
    return null;
  }

  @Override
  public ConnectionDescription describe() {
    EngineIoClientInfo info = client.session().client();
    return new ConnectionDescription(id, SocketIoEndpoint.DIALECT, client.endpoint().nodeId(), user(), namespace,
      client.session().sid(), null, info.remoteAddress(), info.header("user-agent"), connectedAt);
  }

  /** A server-side disconnect of this namespace socket: the client hears "io server disconnect". */
  @Override
  public void closeByOperator() {
    client.disconnect(this);
  }

  /** {@code user_login}: the socket now acts for this user. */
  void bindUser(String user) {
    identity = new SocketIoIdentity(user, identity.token(), identity.rooms());
  }

  WebhookQueue webhooks() {
    return webhooks;
  }

  void webhooks(WebhookQueue webhooks) {
    this.webhooks = webhooks;
  }

  boolean isConnected() {
    return connected && !closed;
  }

  void connected() {
    connected = true;
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  /**
   * Connected, suspended awaiting its client's recovery, or recovered and awaiting its CONNECT: events for it are
   * taken (and logged).
   */
  boolean isReachable() {
    return isConnected() || suspended || (heldUntilConnected != null && !closed);
  }

  boolean isSuspended() {
    return suspended;
  }

  /** Connection state recovery is on for this socket: its private id and the log of what it was sent. */
  void recoverable(String pid, SocketIoReplayLog replayLog) {
    this.pid = pid;
    this.replayLog = replayLog;
  }

  String pid() {
    return pid;
  }

  SocketIoReplayLog replayLog() {
    return replayLog;
  }

  /** The transport is gone but the client may come back for this socket: it stays addressable meanwhile. */
  void suspend() {
    suspended = true;
    replayLog.pause(System.currentTimeMillis());
  }

  /** The suspension ended (recovered elsewhere, expired or refused): the socket is gone for good. */
  void endSuspension() {
    suspended = false;
  }

  /** Taken by {@code instance}'s claim: what reaches it here from now on is passed on there. */
  void handOver(String instance) {
    handedOverTo = instance;
  }

  String handedOverTo() {
    return handedOverTo;
  }

  /**
   * Recovered from another instance: deliveries are checked for repeats for a while, starting with the envelopes
   * of the missed events about to be sent again.
   */
  void watchForRepeats(Set<String> alreadySent) {
    recentDeliveries = new HashSet<>(alreadySent);
  }

  void stopWatchingForRepeats() {
    recentDeliveries = null;
  }

  /** Whether the envelope with this id is new to this socket (always, once the watch is over). */
  boolean firstDelivery(String envelopeId) {
    return recentDeliveries == null || envelopeId == null || recentDeliveries.add(envelopeId);
  }

  /**
   * Claimed by its client's reconnect, which still waits for the {@code open} webhook: events sent meanwhile are
   * logged and held back until {@link #sendHeld()}, so that none is lost and none overtakes the CONNECT.
   */
  void holdUntilConnected() {
    heldUntilConnected = new ArrayList<>();
    replayLog.pause(System.currentTimeMillis());
  }

  /** Sends what was held back while the socket was being connected (right after its CONNECT). */
  void sendHeld() {
    List<SocketIoPacketWithAttachments> held = heldUntilConnected;
    heldUntilConnected = null;
    if (held != null) {
      replayLog.resume(System.currentTimeMillis());
      held.forEach(client::send);
    }
  }

  /**
   * Sends an event; {@code argumentsJson} is the app's form ({@code {"$binary":...}} for binaries). A recoverable
   * socket appends the event's offset as a last argument and logs it, as the Node server does.
   */
  void emit(String event, String argumentsJson) {
    emit(event, argumentsJson, null);
  }

  /** {@link #emit(String, String)} for an event that came in the envelope {@code deliveryId}. */
  void emit(String event, String argumentsJson, String deliveryId) {
    if (replayLog == null) {
      client.send(SocketIoPacketWithAttachments.event(namespace, new SocketIoEvent(event, argumentsJson), null));
      return;
    }
    String withOffset = SocketIoReplayLog.withOffset(argumentsJson, replayLog.nextOffset());
    SocketIoPacketWithAttachments packet = SocketIoPacketWithAttachments.event(namespace,
      new SocketIoEvent(event, withOffset), null);
    replayLog.append(event, withOffset, deliveryId, System.currentTimeMillis());
    if (!suspended) {
      sendOrHold(packet);
    }
  }

  private void sendOrHold(SocketIoPacketWithAttachments packet) {
    if (heldUntilConnected != null) {
      heldUntilConnected.add(packet);
    } else {
      client.send(packet);
    }
  }

  /** Sends a logged event again, offset included (recovery). */
  void resend(SocketIoReplayLog.Entry entry) {
    client.send(SocketIoPacketWithAttachments.event(namespace, new SocketIoEvent(entry.event(),
      entry.argumentsJson()), null));
  }

  /** Sends an event asking for an ack; the future has the client's answer (app form) or fails after the timeout. */
  Future<String> emitWithAck(String event, String argumentsJson, long timeoutMs) {
    long ackId = nextAckId++;
    Promise<String> answer = Promise.promise();
    pendingAcks.put(ackId, answer);
    long timer = client.vertx().setTimer(timeoutMs, t -> {
      if (pendingAcks.remove(ackId) != null) {
        answer.tryFail("TIMEOUT");
      }
    });
    answer.future().onComplete(done -> client.vertx().cancelTimer(timer));
    sendOrHold(SocketIoPacketWithAttachments.event(namespace, new SocketIoEvent(event, argumentsJson), ackId));
    return answer.future();
  }

  /** The client answered one of our events. */
  void acked(long ackId, String argumentsJson) {
    Promise<String> answer = pendingAcks.remove(ackId);
    if (answer != null) {
      answer.tryComplete(argumentsJson);
    }
  }

  /** Answers the client's event. */
  void ack(long ackId, String argumentsJson) {
    client.send(SocketIoPacketWithAttachments.ack(namespace, ackId, argumentsJson));
  }

  /** Answers the client's event with arguments already known to be a valid JSON array without binaries. */
  void plainAck(long ackId, String checkedArgumentsJson) {
    client.send(SocketIoPacketWithAttachments.of(
      new SocketIoPacket(SocketIoPacket.Type.ACK, namespace, ackId, checkedArgumentsJson, 0)));
  }

  void closed() {
    closed = true;
    heldUntilConnected = null;
    for (Promise<String> answer : pendingAcks.values()) {
      answer.tryFail("DISCONNECTED");
    }
    pendingAcks.clear();
  }

  /** The app is behind on this socket's webhooks: its client's input stops until the queue is down to half. */
  @Override
  public void full() {
    client.backlogFull(this);
  }

  @Override
  public void drained() {
    client.backlogDrained(this);
  }
}
