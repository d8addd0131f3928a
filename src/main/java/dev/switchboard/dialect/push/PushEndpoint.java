package dev.switchboard.dialect.push;

import dev.switchboard.auth.JwtVerifier;
import dev.switchboard.auth.TokenSigner;
import dev.switchboard.bus.Addresses;
import dev.switchboard.bus.Envelope;
import dev.switchboard.cluster.Mailboxes;
import dev.switchboard.config.SwitchboardConfig.PushConfig;
import dev.switchboard.gateway.CloseCode;
import dev.switchboard.gateway.Connection;
import dev.switchboard.gateway.DialectEndpoint;
import dev.switchboard.gateway.Gateway;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The push dialect on one gateway instance (SPEC §2): AUTH with the configured token or a JWT, one live
 * connection per name cluster-wide, personal and group messages written to the recipients' mailboxes before
 * they are reported accepted, at-least-once delivery in mailbox order with a window of unacknowledged
 * messages, MESSAGE_REPLY statuses, and INFO for every malformed packet.
 */
public final class PushEndpoint implements DialectEndpoint {

  public static final String DIALECT = "push";
  static final String MAILBOXES = "sb.push.mailbox";
  private static final String DELIVER = "push.message";
  private static final String STATUS = "push.status";
  private static final String TAKEOVER = "push.takeover";
  private static final String ACKNOWLEDGED = "push.acknowledged";
  /** When a new session reads its mailbox again: well after the claim's publish reached every instance. */
  private static final long MAILBOX_REREAD_MS = 1000;
  private static final System.Logger LOG = System.getLogger(PushEndpoint.class.getName());

  private final Gateway gateway;
  private final PushConfig config;
  private final PushDirectory directory;
  private final PushReplies replies;
  private final Map<String, PushConnection> byName = new HashMap<>();
  private final PushHttpApi httpApi;
  private final Consumer<PushEntry> waiting = entry -> reportStatus(entry, PushStatus.WAIT);
  private final PushDeliveryWindow.Events deliveryEvents = new PushDeliveryWindow.Events() {
    @Override
    public void expired(PushEntry entry) {
      // Counted by whoever takes it out of the mailbox: if the whole mailbox expired first, that counted it.
      mailboxes.remove(entry.recipient(), entry.mid()).onSuccess(removed -> {
        if (removed) {
          gateway.stats().pushExpired.increment();
        }
      });
    }

    @Override
    public void overdue(PushEntry entry) {
      // Unacknowledged after one retry interval: the browser may be asleep, try its Web Push copy too.
      if (webPush != null) {
        webPush.send(entry);
      }
    }
  };
  private PushWebPush webPush;
  private PushWebhookClients webhookClients;
  /** Messages sent through the server API (POST /api/send), accepted here like a client's. */
  private io.vertx.core.eventbus.MessageConsumer<JsonObject> apiMessages;
  private Mailboxes mailboxes;
  private JwtVerifier verifier;
  private TokenSigner signer;
  private long sweepTimer = -1;
  private long midSequence;
  /** Every mid of this instance starts with this: node, instance and the node's start, so mids never repeat. */
  private final String midPrefix;
  /** Connection ids of this very instance start with this: their statuses and deliveries skip the event bus. */
  private final String localIdPrefix;

  public PushEndpoint(Gateway gateway) {
    this.gateway = gateway;
    this.config = gateway.config().push();
    this.directory = new PushDirectory(gateway.vertx(), config.webhooks().keySet());
    this.replies = new PushReplies(config.waitTimeoutMs());
    this.httpApi = new PushHttpApi(this, config.path(), config.token(), config.httpVerifyToken(),
      gateway.config().api().maxBodyBytes());
    this.localIdPrefix = gateway.node().id() + '.' + gateway.instance() + '.';
    this.midPrefix = localIdPrefix + Long.toString(gateway.node().startedAt(), 36) + '.';
  }

  @Override
  public boolean servesRequest(String path) {
    return httpApi.serves(path);
  }

  @Override
  public void request(HttpServerRequest request) {
    httpApi.handle(request);
  }

  @Override
  public String dialect() {
    return DIALECT;
  }

  @Override
  public String path() {
    return config.path();
  }

  @Override
  public Future<Void> start() {
    mailboxes = Mailboxes.forNode(gateway.vertx(), MAILBOXES, config.ttlMs(), gateway.stats().pushExpired::add);
    verifier = JwtVerifier.create(gateway.vertx(), gateway.config().jwt());
    try {
      webPush = PushWebPush.create(gateway.vertx(), config, this::reportStatus);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture("push.webpush: " + e.getMessage());
    }
    if (gateway.instance() == 0) {
      if (config.token() == null && verifier == null) {
        LOG.log(System.Logger.Level.WARNING, "push refuses every AUTH: neither push.token nor a jwt key is configured");
      }
      gateway.vertx().eventBus().<String>localConsumer(Addresses.MEMBER_LEFT,
        message -> directory.removeMember(message.body()));
    }
    webhookClients = new PushWebhookClients(gateway, config.webhooks(), directory, mailboxes, deliveryEvents,
      (deliverer, mid) -> acknowledgeWebhook(deliverer, mid));
    long sweepEvery = Math.max(20, Math.min(500, Math.min(config.retryMs(), config.waitTimeoutMs()) / 5));
    sweepTimer = gateway.vertx().setPeriodic(sweepEvery, id -> sweep());
    return directory.start()
      .compose(ignored -> webPush == null ? Future.succeededFuture() : webPush.start())
      .compose(ignored -> tokenSecret())
      .onSuccess(secret -> {
        signer = new TokenSigner(gateway.vertx(), secret);
        webhookClients.start();
        apiMessages = PushApiMessages.listen(gateway, this);
      })
      .mapEmpty();
  }

  @Override
  public Future<Void> stop() {
    gateway.vertx().cancelTimer(sweepTimer);
    return Future.join(directory.stop(), webhookClients.stop(),
      webPush == null ? Future.succeededFuture() : webPush.stop(),
      apiMessages == null ? Future.succeededFuture() : apiMessages.unregister()).mapEmpty();
  }

  /** {@code jwt.secret}, or a secret generated once for the whole cluster, so any node accepts any node's tokens. */
  private Future<String> tokenSecret() {
    if (gateway.config().jwt().secret() != null) {
      return Future.succeededFuture(gateway.config().jwt().secret());
    }
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    String candidate = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    return gateway.vertx().sharedData().<String, String>getAsyncMap("sb.push")
      .compose(map -> map.putIfAbsent("tokenSecret", candidate).map(existing -> existing == null ? candidate : existing));
  }

  // ---- connections and packets ----

  @Override
  public void open(ServerWebSocket socket) {
    PushConnection connection = new PushConnection(gateway.newConnectionId(), socket, gateway, this);
    gateway.connections().add(connection);
    connection.start(config.authTimeoutMs());
  }

  void onAuthTimeout(PushConnection connection) {
    if (!connection.isAuthenticated() && !connection.isClosed()) {
      connection.sendText(PushPackets.authResult(401, "Need Auth", null, null));
      connection.close(CloseCode.AUTH_TIMEOUT);
    }
  }

  void onPacket(PushConnection connection, byte[] bytes) {
    PushFrame packet;
    try {
      packet = PushFrameParser.parse(bytes);
    } catch (PushFrameParser.InvalidPushFrameException e) {
      connection.sendText(PushPackets.info(e.getMessage()));
      return;
    }
    String cmd = packet.cmd;
    if (cmd == null) {
      connection.sendText(PushPackets.info("cmd property is required"));
      return;
    }
    if (!connection.isAuthenticated() && !PushPackets.AUTH.equals(cmd)) {
      connection.sendText(PushPackets.authResult(401, "Need Auth", null, null));
      return;
    }
    switch (cmd) {
      case PushPackets.AUTH -> onAuth(connection, packet.dataObject());
      case PushPackets.MESSAGE -> onMessage(connection, packet);
      case PushPackets.MESSAGE_CALLBACK -> onCallback(connection, packet.mid, PushStatus.OK);
      case PushPackets.MESSAGE_FCM_CALLBACK -> onCallback(connection, packet.mid, PushStatus.FCM_OK_CONFIRMED);
      case PushPackets.REGISTER_FCM -> onRegisterWebPush(connection, packet.dataObject());
      case PushPackets.PING -> connection.sendText(PushPackets.pong());
      default -> connection.sendText(PushPackets.info("Unknown cmd: " + cmd));
    }
  }

  /** Who an AUTH packet says it is, once its token is accepted. */
  private record Identity(String name, String group) {
  }

  /** Checks an AUTH packet's token; the JWT's name and group claims win over the packet's (SPEC §2). */
  private Future<Identity> identify(Object data) {
    JsonObject fields = data instanceof JsonObject object ? object : new JsonObject();
    String token = fields.getValue("token") instanceof String text ? text : null;
    return authorize(token).recover(failure -> Future.failedFuture(new AuthRefusal("Token invalid")))
      .compose(claims -> {
        String name = claims.getValue("name") instanceof String claimed ? claimed : stringOrNull(fields, "name");
        String group = claims.getValue("group") instanceof String claimed ? claimed : stringOrNull(fields, "group");
        if (name == null || name.isBlank()) {
          return Future.failedFuture(new AuthRefusal("name property is required"));
        }
        return Future.succeededFuture(new Identity(name, group));
      });
  }

  /** An AUTH that is refused with code 403 and this message. */
  private static final class AuthRefusal extends RuntimeException {
    AuthRefusal(String message) {
      super(message, null, false, false);
    }
  }

  private void onAuth(PushConnection connection, Object data) {
    if (connection.isAuthenticated()) {
      connection.sendText(PushPackets.info("already authenticated as " + connection.name()));
      return;
    }
    // Hold later packets until this AUTH is decided: they must not be answered "Need Auth".
    connection.socket().pause();
    identify(data).onComplete(identified -> {
      if (identified.failed()) {
        connection.sendText(PushPackets.authResult(403, identified.cause().getMessage(), null, null));
        resume(connection);
        return;
      }
      Identity identity = identified.result();
      admit(connection, identity.name(), identity.group()).onComplete(admitted -> {
        if (admitted.failed()) {
          LOG.log(System.Logger.Level.WARNING, "AUTH of " + identity.name() + " failed in cluster state", admitted.cause());
          connection.sendText(PushPackets.info("authentication could not be completed, try again"));
        }
        resume(connection);
      });
    });
  }

  /** AUTH over HTTP: the same check and token, no session (SPEC §2). Answers the AUTH packet to return. */
  Future<byte[]> authenticateOverHttp(Object data) {
    return identify(data).compose(identity -> directory.remember(identity.name(), identity.group()).map(ignored ->
        PushPackets.authResult(200, "Successful authentication", issueAuthToken(identity.name(), identity.group()),
          config.webpush().publicKey())))
      .recover(failure -> Future.succeededFuture(PushPackets.authResult(403,
        failure instanceof AuthRefusal ? failure.getMessage() : "Token invalid", null, null)));
  }

  /** The sender name of an {@code auth} token this cluster issued. */
  Future<String> verifyAuthToken(String token) {
    return signer.verify(token).compose(claims -> claims.getValue("name") instanceof String name
      ? Future.succeededFuture(name) : Future.failedFuture("the auth token names no one"));
  }

  /** A MESSAGE sent over HTTP; {@code recipient} gets the MESSAGE_REPLY. */
  Future<Map<String, PushStatus>> acceptFromHttp(PushMessageRequest request, String from,
                                                 PushReplies.Recipient recipient) {
    // Statuses are reported to a connection id of this instance, where the reply is owed; no socket holds it.
    return accept(request, "http", from, gateway.newConnectionId(), recipient);
  }

  /** MESSAGE_CALLBACK over HTTP: removes the mid from the name's own mailbox and tells its live connection. */
  Future<Boolean> acknowledgeFromHttp(String name, String mid, PushStatus status) {
    // Read first: the entry names the sender still waiting for its MESSAGE_REPLY.
    return mailboxes.read(name).compose(items -> {
      PushEntry entry = items.stream().filter(item -> item.key().equals(mid)).findFirst()
        .map(item -> PushEntry.decode(item.payload())).orElse(null);
      return mailboxes.remove(name, mid).map(removed -> {
        if (removed && entry != null) {
          reportStatus(entry, status);
        }
        return removed;
      });
    }).compose(removed -> {
      if (!removed) {
        return Future.succeededFuture(false);
      }
      return directory.sessionOf(name).map(connection -> {
        if (connection != null) {
          gateway.router().sendToConnection(new Envelope(mid, Envelope.Kind.ACK, DIALECT, null,
            Envelope.Target.connection(connection), ACKNOWLEDGED, null, Map.of("status", status.wire()),
            System.currentTimeMillis(), 1));
        }
        return true;
      });
    });
  }

  private String issueAuthToken(String name, String group) {
    return signer.sign(new JsonObject().put("name", name).put("group", group));
  }

  private Future<JsonObject> authorize(String token) {
    if (token == null) {
      return Future.failedFuture("no token");
    }
    if (config.token() != null && MessageDigest.isEqual(config.token().getBytes(StandardCharsets.UTF_8),
      token.getBytes(StandardCharsets.UTF_8))) {
      return Future.succeededFuture(new JsonObject());
    }
    return verifier == null ? Future.failedFuture("no key to verify tokens") : verifier.verify(token);
  }

  /** Takes the name over cluster-wide, then hands the connection its mailbox, in order. */
  private Future<Void> admit(PushConnection connection, String name, String group) {
    String member = gateway.node().memberId();
    return directory.claimSession(name, connection.id(), member).compose(previous -> {
      if (previous != null && !previous.equals(connection.id())) {
        gateway.router().sendToConnection(new Envelope(null, Envelope.Kind.SYSTEM, DIALECT, connection.id(),
          Envelope.Target.connection(previous), TAKEOVER, null, Map.of(), System.currentTimeMillis(), 1));
      }
      return directory.remember(name, group);
    }).compose(ignored -> mailboxes.read(name)).map(items -> {
      if (connection.isClosed()) {
        directory.releaseSession(name, connection.id(), member);
        return null;
      }
      connection.authenticated(name, group);
      byName.put(name, connection);
      connection.sendText(PushPackets.authResult(200, "Successful authentication", issueAuthToken(name, group),
        config.webpush().publicKey()));
      for (Mailboxes.Item item : items) {
        connection.window().enqueue(PushEntry.decode(item.payload()));
      }
      pump(connection);
      gateway.vertx().setTimer(MAILBOX_REREAD_MS, id -> rereadMailbox(connection));
      return null;
    });
  }

  /**
   * Reads a new session's mailbox once more, after the claim's publish has reached every instance: a sender whose
   * cached session still pointed at a dead node in the meantime sent its message nowhere, but the mailbox has it.
   * Messages in flight are skipped; the others are queued again in mailbox order.
   */
  private void rereadMailbox(PushConnection connection) {
    if (connection.isClosed() || byName.get(connection.name()) != connection) {
      return;
    }
    mailboxes.read(connection.name()).onSuccess(items -> {
      if (!connection.isClosed()) {
        connection.window().requeue(items.stream().map(item -> PushEntry.decode(item.payload())).toList());
        pump(connection);
      }
    });
  }

  private static void resume(PushConnection connection) {
    if (!connection.isClosed()) {
      connection.socket().resume();
    }
  }

  private void onMessage(PushConnection sender, PushFrame packet) {
    PushMessageRequest request;
    try {
      request = PushMessageRequest.of(packet);
    } catch (IllegalArgumentException e) {
      sender.sendText(PushPackets.info(e.getMessage()));
      return;
    }
    accept(request, "websocket", sender.name(), sender.id(),
      (mid, statuses) -> sender.sendText(PushPackets.messageReply(mid, statuses)))
      .onFailure(failure -> sender.sendText(PushPackets.info("message not accepted: " + failure.getMessage())));
  }

  /**
   * Accepts a message: resolves its recipients, writes it to each one's mailbox, tells the nodes of those online,
   * and owes the sender a MESSAGE_REPLY. Completes with the statuses at acceptance, once every write is confirmed.
   * Steps whose future is already complete (a known name, an in-memory mailbox, a cached session) run on at once
   * instead of through listeners: on one node a personal message is accepted without one {@code compose}.
   */
  Future<Map<String, PushStatus>> accept(PushMessageRequest request, String fromMethod, String fromName,
                                         String replyTo, PushReplies.Recipient replyRecipient) {
    String mid = nextMid();
    Future<Map<String, Boolean>> recipients = recipients(request.sendType(), request.target());
    if (recipients.succeeded()) {
      return acceptFor(recipients.result(), request, fromMethod, fromName, replyTo, replyRecipient, mid);
    }
    return recipients.compose(resolved -> acceptFor(resolved, request, fromMethod, fromName, replyTo, replyRecipient,
      mid));
  }

  private Future<Map<String, PushStatus>> acceptFor(Map<String, Boolean> recipients, PushMessageRequest request,
                                                    String fromMethod, String fromName, String replyTo,
                                                    PushReplies.Recipient replyRecipient, String mid) {
    long now = System.currentTimeMillis();
    byte[] packet = PushPackets.message(request.sendType(), request.target(), fromMethod, fromName, mid,
      request.message());
    Map<String, PushStatus> statuses;
    if (recipients.size() == 1) {
      Map.Entry<String, Boolean> sole = recipients.entrySet().iterator().next();
      statuses = Map.of(sole.getKey(), sole.getValue() ? PushStatus.READY : PushStatus.NO);
    } else {
      statuses = new LinkedHashMap<>();
      for (Map.Entry<String, Boolean> recipient : recipients.entrySet()) {
        statuses.put(recipient.getKey(), recipient.getValue() ? PushStatus.READY : PushStatus.NO);
      }
    }
    // Before any write: a recipient on this instance may report a status synchronously.
    if (replyRecipient != null) {
      replies.expect(mid, replyRecipient, statuses, now);
    }
    List<Future<Void>> pending = null;
    for (Map.Entry<String, Boolean> recipient : recipients.entrySet()) {
      if (!recipient.getValue()) {
        continue;
      }
      PushEntry entry = new PushEntry(mid, recipient.getKey(), packet, now, now + config.ttlMs(), replyTo);
      byte[] encoded = entry.encode();
      Future<Void> written = mailboxes.append(recipient.getKey(), mid, encoded);
      Future<Void> notified = written.succeeded() ? notifyOwner(entry, encoded)
        : written.compose(ignored -> notifyOwner(entry, encoded));
      if (!notified.succeeded()) {
        if (pending == null) {
          pending = new ArrayList<>(recipients.size());
        }
        pending.add(notified);
      }
    }
    return pending == null ? Future.succeededFuture(statuses) : Future.all(pending).map(statuses);
  }

  /** Recipient names, each with whether it is known (unknown personal targets get status "no"). */
  private Future<Map<String, Boolean>> recipients(String sendType, String target) {
    if ("personal".equals(sendType)) {
      Future<Boolean> known = directory.isKnown(target);
      return known.succeeded() ? Future.succeededFuture(Map.of(target, known.result()))
        : known.map(isKnown -> Map.of(target, isKnown));
    }
    return directory.members(target).map(members -> {
      Map<String, Boolean> all = new LinkedHashMap<>();
      members.forEach(member -> all.put(member, true));
      return all;
    });
  }

  /** After the mailbox write: the node holding the recipient's connection, if any, starts sending. */
  private Future<Void> notifyOwner(PushEntry entry, byte[] encoded) {
    Future<String> session = directory.sessionOf(entry.recipient());
    if (session.succeeded()) {
      notifyOwner(session.result(), entry, encoded);
      return Future.succeededFuture();
    }
    return session.map(connection -> {
      notifyOwner(connection, entry, encoded);
      return null;
    });
  }

  private void notifyOwner(String connection, PushEntry entry, byte[] encoded) {
    if (connection != null) {
      route(connection, entry, encoded);
    } else if (webPush != null) {
      webPush.send(entry);
    }
  }

  private void onCallback(PushConnection connection, String mid, PushStatus status) {
    if (mid == null || mid.isEmpty()) {
      connection.sendText(PushPackets.info("mid property is required"));
      return;
    }
    PushEntry entry = connection.window().acknowledge(mid);
    String name = connection.name();
    // Only the addressee's own mailbox is touched, so another name's callback changes nothing.
    mailboxes.remove(name, mid).onComplete(removed -> {
      if (removed.failed()) {
        LOG.log(System.Logger.Level.WARNING, "Could not remove acknowledged " + mid + " of " + name, removed.cause());
      } else if (!removed.result() && entry == null) {
        connection.sendText(PushPackets.info("mid " + mid + " is not pending for " + name));
      }
    });
    if (entry != null) {
      reportStatus(entry, status);
      pump(connection);
    }
  }

  private void onRegisterWebPush(PushConnection connection, JsonObject data) {
    if (webPush == null) {
      connection.sendText(PushPackets.info("web push is not configured on this server"));
      return;
    }
    // No reply, but it takes effect before the next packet of this connection is handled (SPEC §2).
    connection.socket().pause();
    webPush.register(connection.name(), data).onComplete(registered -> {
      if (registered.failed()) {
        connection.sendText(PushPackets.info("invalid subscription: " + registered.cause().getMessage()));
      }
      resume(connection);
    });
  }

  PushDeliveryWindow.Events deliveryEvents() {
    return deliveryEvents;
  }

  void onClosed(PushConnection connection) {
    if (connection.isAuthenticated() && byName.remove(connection.name(), connection)) {
      directory.releaseSession(connection.name(), connection.id(), gateway.node().memberId());
    }
  }

  // ---- delivery ----

  private void pump(PushConnection connection) {
    if (!connection.isClosed()) {
      connection.window().pump(config.inflight(), System.currentTimeMillis());
    }
  }

  /** Tells the sender's instance (if the sender is a WebSocket still waiting for its reply) of a new status. */
  private void reportStatus(PushEntry entry, PushStatus status) {
    if (entry.replyTo() == null || System.currentTimeMillis() - entry.acceptedAt() > config.waitTimeoutMs() + 1000) {
      return;
    }
    if (isLocal(entry.replyTo())) {
      replies.update(entry.mid(), entry.recipient(), status);
      return;
    }
    gateway.router().sendToConnection(new Envelope(entry.mid(), Envelope.Kind.SYSTEM, DIALECT, null,
      Envelope.Target.connection(entry.replyTo()), STATUS, null,
      Map.of("name", entry.recipient(), "status", status.wire()), System.currentTimeMillis(), 1));
  }

  /**
   * Reports {@code wait} for messages sent and still unacknowledged at a sweep, rather than one status hop per
   * message when it is sent: a message acknowledged before the next sweep (the common case) goes straight from
   * {@code ready} to {@code ok}. {@code wait} only shows in a MESSAGE_REPLY sent at the wait timeout, and a sweep
   * runs at least five times per wait timeout, so the reply still tells a sent message from a queued one.
   */
  private void sweep() {
    long now = System.currentTimeMillis();
    for (PushConnection connection : List.copyOf(byName.values())) {
      connection.window().reportSent(waiting);
      if (connection.window().hasInFlight()) {
        int resent = connection.window().resendOverdue(now, config.retryMs());
        if (resent > 0) {
          gateway.stats().pushRetried.add(resent);
        }
        pump(connection);
      }
    }
    for (PushWebhookClients.Deliverer deliverer : webhookClients.all()) {
      deliverer.window.reportSent(waiting);
      if (deliverer.window.hasInFlight()) {
        gateway.stats().pushRetried.add(deliverer.window.resendOverdue(now, config.retryMs()));
      }
      deliverer.window.pump(config.inflight(), now);
    }
    replies.expire(now);
  }

  /** A webhook client answered 2xx: the message is acknowledged like a MESSAGE_CALLBACK. */
  private void acknowledgeWebhook(PushWebhookClients.Deliverer deliverer, String mid) {
    PushEntry entry = deliverer.window.acknowledge(mid);
    mailboxes.remove(deliverer.name, mid);
    if (entry != null) {
      reportStatus(entry, PushStatus.OK);
      deliverer.window.pump(config.inflight(), System.currentTimeMillis());
    }
  }

  @Override
  public void deliver(Envelope envelope, Connection target) {
    switch (Objects.requireNonNullElse(envelope.name(), "")) {
      case DELIVER -> deliverEntry(envelope.target().key(), target, PushEntry.decode(envelope.payload().getBytes()));
      case ACKNOWLEDGED -> {
        if (target instanceof PushConnection connection) {
          PushEntry entry = connection.window().acknowledge(envelope.id());
          if (entry != null) {
            reportStatus(entry, PushStatus.fromWire(envelope.attribute("status")));
            pump(connection);
          }
        }
      }
      case STATUS -> replies.update(envelope.id(), envelope.attribute("name"),
        PushStatus.fromWire(envelope.attribute("status")));
      case TAKEOVER -> {
        if (target instanceof PushConnection connection) {
          connection.sendText(PushPackets.info("signed in elsewhere: this connection is closed"));
          connection.close(CloseCode.NAME_TAKEN_OVER);
        } else if (target == null) {
          webhookClients.release(envelope.target().key());
        }
      }
      default -> {
      }
    }
  }

  /** A message for a session of this instance: a live connection of its recipient, or a webhook deliverer. */
  private void deliverEntry(String sessionId, Connection target, PushEntry entry) {
    if (target instanceof PushConnection connection && entry.recipient().equals(connection.name())) {
      connection.window().enqueue(entry);
      pump(connection);
    } else if (target == null && webhookClients.deliverer(sessionId) != null) {
      PushDeliveryWindow window = webhookClients.deliverer(sessionId).window;
      window.enqueue(entry);
      window.pump(config.inflight(), System.currentTimeMillis());
    } else {
      // The sender's cached session was stale: ask the cluster map who holds the name now and pass it on.
      directory.refreshSession(entry.recipient()).onSuccess(current -> {
        if (current == null && webPush != null) {
          webPush.send(entry);
        } else if (current != null && !current.equals(sessionId)) {
          route(current, entry, entry.encode());
        }
      });
    }
  }

  /** Hands a message to the session that holds its recipient: directly on this instance, else over the bus. */
  private void route(String sessionId, PushEntry entry, byte[] encoded) {
    if (isLocal(sessionId)) {
      deliverEntry(sessionId, gateway.connections().get(sessionId), entry);
    } else {
      gateway.router().sendToConnection(new Envelope(entry.mid(), Envelope.Kind.EVENT, DIALECT, null,
        Envelope.Target.connection(sessionId), DELIVER, Buffer.buffer(encoded), Map.of(), entry.acceptedAt(), 1));
    }
  }

  /** Whether a connection (or session) id belongs to this gateway instance. */
  private boolean isLocal(String connectionId) {
    return connectionId.startsWith(localIdPrefix) && connectionId.indexOf('.', localIdPrefix.length()) < 0;
  }

  @Override
  public void broadcast(Envelope envelope) {
    // Group messages are resolved to names at acceptance: nothing is published for push.
  }

  private String nextMid() {
    return midPrefix + Long.toString(++midSequence, 36);
  }

  private static String stringOrNull(JsonObject fields, String key) {
    return fields.getValue(key) instanceof String text ? text : null;
  }
}
