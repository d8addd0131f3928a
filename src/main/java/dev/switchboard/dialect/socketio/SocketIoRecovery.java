package dev.switchboard.dialect.socketio;

import dev.switchboard.bus.Addresses;
import dev.switchboard.bus.ConnectionId;
import dev.switchboard.bus.Envelope;
import dev.switchboard.config.SwitchboardConfig.SocketIoConfig;
import dev.switchboard.config.SwitchboardConfig.SocketIoRecoveryConfig;
import dev.switchboard.webhook.WebhookQueue;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Socket.IO connection state recovery (SPEC §3 [beyond], the Node server's {@code connectionStateRecovery}) for
 * the sockets of one gateway instance; {@link SocketIoEndpoint} calls it on connect, on close and for deliveries.
 *
 * <p>A socket whose transport drops ({@code transport close}, {@code transport error}, {@code ping timeout}) is
 * suspended instead of forgotten: it keeps its id, rooms and user, events for it are logged
 * ({@link SocketIoReplayLog}), for at most {@code socketio.recovery.maxDisconnectionMs}. Its client comes back with
 * a new Engine.IO session whose CONNECT carries {@code auth.pid} and {@code auth.offset}; the instance that
 * received it claims the socket and the events after the offset from the socket's <em>home</em> — the instance
 * its id names — over {@code sb.socketio.recovery.<node>.<instance>}. The reconnect may land on any instance or
 * node, so the socket may move: its home then keeps a pointer to where it lives, forwards deliveries addressed
 * to its id there, and passes later claims on; when the home itself has left, a claim asks every instance. Everything
 * is held in the memory of the node that held the socket; a node that dies loses its suspended sockets (their
 * clients then connect afresh, {@code recovered} false).
 */
final class SocketIoRecovery {

  private static final System.Logger LOG = System.getLogger(SocketIoRecovery.class.getName());
  private static final Set<String> RECOVERABLE_REASONS = Set.of("transport close", "transport error", "ping timeout");
  private static final long CLAIM_TIMEOUT_MS = 5_000;
  /**
   * How long a socket taken by a claim still passes on what reaches it where it was suspended, and how long the
   * claimer checks what it sends the socket for repeats. Events on their way when the socket moved arrive within
   * milliseconds; the claimer gives up waiting for the socket after {@link #CLAIM_TIMEOUT_MS}.
   */
  private static final long HAND_OVER_MS = CLAIM_TIMEOUT_MS;
  /**
   * How long a claim's answer waits for the socket's webhooks still queued where it was suspended (the close of
   * its drop, perhaps being retried), within the claimer's {@link #CLAIM_TIMEOUT_MS}.
   */
  private static final long CLOSE_WEBHOOK_WAIT_MS = 3_000;
  /**
   * How long a claim for a socket still connected here waits for it to be suspended (its old transport's close not
   * yet handled); with {@link #CLOSE_WEBHOOK_WAIT_MS}, within the claimer's {@link #CLAIM_TIMEOUT_MS}.
   */
  private static final long SUSPENSION_WAIT_MS = 1_000;
  private static final String NOT_HERE = "no such suspended socket";
  private static final String TAKEN_INCOMPLETE = "missed events no longer held";

  private final SocketIoEndpoint endpoint;
  private final Vertx vertx;
  private final SocketIoRecoveryConfig config;
  private final long deliveredAfterMs;
  private final String node;
  private final int instance;
  /** Home sockets that now live on another instance: socket id → that instance's {@code node.instance}. */
  private final Map<String, String> relocated = new HashMap<>();
  private final Map<String, Long> expiryTimers = new HashMap<>();
  /** Claims waiting for a socket still connected here to be suspended: socket id → their promises. */
  private final Map<String, List<Promise<Void>>> awaitingSuspension = new HashMap<>();
  /**
   * Sockets this instance is claiming: socket id → the envelopes for it that came before the claim's answer (the
   * socket's old instance passes them straight here, the answer may come the longer way through its home).
   */
  private final Map<String, Claiming> claiming = new HashMap<>();

  /** The claims under way for one socket id (a client may reconnect twice at once) and what they keep for it. */
  private static final class Claiming {
    private final List<Envelope> held = new ArrayList<>();
    private int pending;
    private boolean capped;
  }
  private MessageConsumer<JsonObject> claims;

  SocketIoRecovery(SocketIoEndpoint endpoint, SocketIoConfig config, String node, int instance) {
    this.endpoint = endpoint;
    this.vertx = endpoint.vertx();
    this.config = config.recovery();
    // After a ping interval and a ping timeout the client has answered a PING sent after an event, so it has it.
    this.deliveredAfterMs = config.pingIntervalMs() + config.pingTimeoutMs() + 2_000;
    this.node = node;
    this.instance = instance;
  }

  boolean enabled() {
    return config.enabled();
  }

  Future<Void> start() {
    if (!config.enabled()) {
      return Future.succeededFuture();
    }
    claims = vertx.eventBus().consumer(SocketIoAddresses.recovery(self()), this::request);
    return claims.completion();
  }

  Future<Void> stop() {
    return claims == null ? Future.succeededFuture() : claims.unregister();
  }

  // ---- on connect ----

  /** Makes a newly accepted socket recoverable: a fresh pid and log, or what {@code restored} carried over. */
  void attach(SocketIoSocket socket, JsonObject restored) {
    long now = System.currentTimeMillis();
    if (restored == null) {
      // The pid names the socket (hence its home); the random part keeps another client from claiming it.
      socket.recoverable(socket.id() + '/' + UUID.randomUUID(),
        new SocketIoReplayLog(config.maxPackets(), config.maxBytes(), deliveredAfterMs));
    } else {
      socket.recoverable(restored.getString("pid"), SocketIoReplayLog.fromJson(restored.getJsonObject("log"),
        config.maxPackets(), config.maxBytes(), deliveredAfterMs, now));
    }
  }

  /**
   * The socket a CONNECT asks to recover ({@code auth.pid}, {@code auth.offset}), taken from wherever it is
   * suspended: {@code {socketId, pid, user, rooms, log}}, or {@code null} (never a failure) when none was asked
   * for, it is unknown, expired, of another namespace, or its missed events are no longer all held.
   */
  Future<JsonObject> claim(String namespace, JsonObject auth) {
    if (!config.enabled() || auth == null || !(auth.getValue("pid") instanceof String pid)
      || (auth.getValue("offset") != null && !(auth.getValue("offset") instanceof String))) {
      return Future.succeededFuture();
    }
    ConnectionId home = homeOf(pid);
    if (home == null) {
      return Future.succeededFuture();
    }
    JsonObject claim = new JsonObject().put("action", "claim").put("pid", pid).put("offset", auth.getString("offset"))
      .put("namespace", namespace).put("claimer", self());
    String socketId = socketIdOf(pid);
    SocketIoSocket stale = endpoint.localSocket(socketId);
    if (stale != null && stale.handedOverTo() != null) {
      // It left this instance a moment ago and is coming back: what reaches it here waits for this claim, rather
      // than going to where it was taken and back again.
      endpoint.forget(stale);
    }
    claiming.computeIfAbsent(socketId, id -> new Claiming()).pending++;
    String homeInstance = home.node() + '.' + home.instance();
    Future<JsonObject> claimed = isSelf(home) ? claimAtHome(claim)
      : !endpoint.liveInstances().contains(homeInstance) ? claimAnywhere(claim)
      : vertx.eventBus().<JsonObject>request(SocketIoAddresses.recovery(homeInstance), claim,
        new DeliveryOptions().setSendTimeout(CLAIM_TIMEOUT_MS)).map(Message::body);
    return claimed.otherwise((JsonObject) null).andThen(done -> {
      Claiming under = claiming.get(socketId);
      if (done.result() == null && under != null && --under.pending == 0) {
        // Not recovered here: what was kept goes its normal way (and is reported) as if it had just come.
        claiming.remove(socketId);
        under.held.forEach(envelope -> endpoint.deliver(envelope, null));
      }
    });
  }

  /**
   * Keeps an envelope passed on for a socket this instance is claiming (the answer is not here yet); {@code false}
   * when no such claim is under way. At most {@code maxPackets} are kept, as the replay log keeps.
   */
  boolean holdForClaim(Envelope envelope) {
    Claiming under = claiming.get(envelope.target().key());
    if (under == null) {
      return false;
    }
    if (under.held.size() < config.maxPackets()) {
      under.held.add(envelope);
    } else if (!under.capped) {
      under.capped = true;
      LOG.log(System.Logger.Level.WARNING, "socket.io recovery: more than " + config.maxPackets()
        + " events for socket " + envelope.target().key() + " while it is claimed; later ones are dropped");
    }
    return true;
  }

  /** The claim of this socket succeeded: what was kept for it meanwhile, to deliver now. */
  List<Envelope> heldForClaim(String socketId) {
    Claiming under = claiming.remove(socketId);
    return under == null ? List.of() : under.held;
  }

  /**
   * A socket recovered from another instance may be reached twice by an event that was on its way as it moved
   * (passed on by its old instance and delivered here, or replayed and delivered here): for a while, repeats are
   * dropped.
   */
  void watchForRepeats(SocketIoSocket socket, List<SocketIoReplayLog.Entry> replayed) {
    Set<String> sent = new HashSet<>();
    for (SocketIoReplayLog.Entry entry : replayed) {
      if (entry.deliveryId() != null) {
        sent.add(entry.deliveryId());
      }
    }
    socket.watchForRepeats(sent);
    // Twice as long as the old instance passes events on: its last ones may still be on their way.
    vertx.setTimer(2 * HAND_OVER_MS, timer -> socket.stopWatchingForRepeats());
  }

  /**
   * Passes on an envelope that reached a socket taken by another instance's claim a moment ago; {@code false}
   * when that instance has left the cluster (the socket went with it, and is forgotten here now).
   */
  boolean passOn(SocketIoSocket socket, Envelope envelope) {
    if (endpoint.instanceLeft(socket.handedOverTo())) {
      endpoint.forget(socket);
      return false;
    }
    Map<String, String> attributes = new HashMap<>(envelope.attributes());
    attributes.put(SocketIoEndpoint.ATTR_PASSED_ON, "true");
    if (envelope.target().kind() != Envelope.TargetKind.CONNECTION) {
      // An emit to every socket names no namespace the socket's own must match, as a copy to its id would.
      attributes.put(SocketIoEndpoint.ATTR_NAMESPACE, socket.namespace());
    }
    sendTo(socket.handedOverTo(), new Envelope(envelope.id(), envelope.kind(), envelope.dialect(), envelope.source(),
      Envelope.Target.connection(socket.id()), envelope.name(), envelope.payload(), attributes, envelope.createdAt(),
      envelope.attempt()));
    return true;
  }

  /**
   * The socket's home is gone, and with it the pointer to where the socket lived (recovery had moved it before
   * its home died): every instance is asked to hand it over, this one included, and at most one holds it.
   */
  private Future<JsonObject> claimAnywhere(JsonObject claim) {
    JsonObject handOver = claim.copy().put("fromHome", true);
    List<Future<JsonObject>> asked = new ArrayList<>();
    for (String instance : List.copyOf(endpoint.liveInstances())) {
      asked.add(instance.equals(self()) ? takeSuspended(handOver)
        : vertx.eventBus().<JsonObject>request(SocketIoAddresses.recovery(instance), handOver,
          new DeliveryOptions().setSendTimeout(CLAIM_TIMEOUT_MS)).map(Message::body));
    }
    return Future.any(asked).map(any -> {
      for (int i = 0; i < any.size(); i++) {
        if (any.succeeded(i)) {
          return any.<JsonObject>resultAt(i);
        }
      }
      return null;
    });
  }

  // ---- on close ----

  /** Suspends a socket whose transport dropped, when it may be recovered; {@code false} when it just ends. */
  boolean suspend(SocketIoSocket socket, String reason) {
    if (socket.pid() == null || !RECOVERABLE_REASONS.contains(reason)) {
      return false;
    }
    socket.suspend();
    List<Promise<Void>> claims = awaitingSuspension.remove(socket.id());
    if (claims != null) {
      claims.forEach(Promise::tryComplete);
    }
    expiryTimers.put(socket.id(), vertx.setTimer(config.maxDisconnectionMs(), timer -> {
      expiryTimers.remove(socket.id());
      if (socket.isSuspended()) {
        socket.endSuspension();
        endpoint.forget(socket);
        ended(socket.id());
      }
    }));
    return true;
  }

  /** A socket of this instance ended for good: its home, when elsewhere, drops its pointer. */
  void ended(String socketId) {
    ConnectionId home = ConnectionId.parse(socketId);
    if (home == null || !config.enabled()) {
      return;
    }
    if (isSelf(home)) {
      relocated.remove(socketId);
    } else {
      vertx.eventBus().send(SocketIoAddresses.recovery(home.node() + '.' + home.instance()),
        new JsonObject().put("action", "release").put("socketId", socketId).put("from", self()));
    }
  }

  // ---- deliveries ----

  /**
   * Passes on a delivery for a home socket that now lives elsewhere; {@code false} when there is none — also when
   * it lived on an instance that has left the cluster (its sockets went with it).
   */
  boolean forward(Envelope envelope) {
    String owner = liveOwner(envelope.target().key());
    if (owner == null) {
      return false;
    }
    sendTo(owner, envelope);
    return true;
  }

  private void sendTo(String instance, Envelope envelope) {
    int dot = instance.lastIndexOf('.');
    vertx.eventBus().send(Addresses.instance(instance.substring(0, dot),
      Integer.parseInt(instance.substring(dot + 1))), envelope);
  }

  /** Where a home socket lives now; {@code null} when here, or on an instance that has left (pointer dropped). */
  private String liveOwner(String socketId) {
    String owner = relocated.get(socketId);
    if (owner != null && endpoint.instanceLeft(owner)) {
      relocated.remove(socketId);
      return null;
    }
    return owner;
  }

  /** Instances left the cluster: pointers to sockets that lived on them are dropped. */
  void instancesChanged() {
    relocated.values().removeIf(endpoint::instanceLeft);
  }

  // ---- claims, at the home and where the socket is suspended ----

  private void request(Message<JsonObject> message) {
    JsonObject body = message.body();
    switch (body.getString("action", "")) {
      case "claim" -> {
        Future<JsonObject> claimed = body.getBoolean("fromHome", false) ? takeSuspended(body) : claimAtHome(body);
        claimed.onComplete(done -> {
          if (done.succeeded()) {
            message.reply(done.result());
          } else {
            message.fail(404, done.cause().getMessage());
          }
        });
      }
      case "release" -> relocated.remove(body.getString("socketId"), body.getString("from"));
      default -> message.fail(400, "unknown recovery action");
    }
  }

  private Future<JsonObject> claimAtHome(JsonObject claim) {
    String socketId = socketIdOf(claim.getString("pid"));
    String claimer = claim.getString("claimer");
    String owner = liveOwner(socketId);
    Future<JsonObject> taken = owner == null ? takeSuspended(claim)
      : vertx.eventBus().<JsonObject>request(SocketIoAddresses.recovery(owner), claim.copy().put("fromHome", true),
        new DeliveryOptions().setSendTimeout(CLAIM_TIMEOUT_MS)).map(Message::body);
    return taken.andThen(done -> {
      if (done.succeeded() && !claimer.equals(self())) {
        relocated.put(socketId, claimer);
      } else if (done.succeeded() || !NOT_HERE.equals(done.cause().getMessage())) {
        // Recovered here, or gone from where it was (taken, or that instance is gone); a bad pid changes nothing.
        relocated.remove(socketId);
      }
    });
  }

  /** Takes a socket suspended here for a claim, once its old webhooks are out of the way. */
  private Future<JsonObject> takeSuspended(JsonObject claim) {
    SocketIoSocket socket = endpoint.localSocket(socketIdOf(claim.getString("pid")));
    if (!isTheClaimedSocket(socket, claim) || socket.handedOverTo() != null) {
      return Future.failedFuture(NOT_HERE);
    }
    // The app hears the close of the drop before the open of the recovery, though the recovered socket gets its
    // own webhook queue (perhaps on another node): the socket stays suspended here, its events logged, until its
    // old queue is empty. Meanwhile it may have expired, or another claim taken it.
    return suspension(socket).compose(suspended -> afterQueuedWebhooks(socket))
      .compose(ignored -> socket.isSuspended() && endpoint.localSocket(socket.id()) == socket
        ? take(socket, claim) : Future.failedFuture(NOT_HERE));
  }

  private static boolean isTheClaimedSocket(SocketIoSocket socket, JsonObject claim) {
    return socket != null && claim.getString("pid").equals(socket.pid())
      && socket.namespace().equals(claim.getString("namespace"));
  }

  /**
   * Once the socket is suspended. Its client may come back before this instance has seen its old transport close
   * (the close is still queued behind other work on this event loop while the reconnect reached another one): a
   * socket still connected gets {@link #SUSPENSION_WAIT_MS} to be suspended.
   */
  private Future<Void> suspension(SocketIoSocket socket) {
    if (socket.isSuspended()) {
      return Future.succeededFuture();
    }
    if (!socket.isConnected()) {
      return Future.failedFuture(NOT_HERE);
    }
    Promise<Void> suspended = Promise.promise();
    awaitingSuspension.computeIfAbsent(socket.id(), id -> new ArrayList<>()).add(suspended);
    vertx.setTimer(SUSPENSION_WAIT_MS, late -> suspended.tryFail(NOT_HERE));
    return suspended.future().andThen(done -> {
      List<Promise<Void>> waiting = awaitingSuspension.get(socket.id());
      if (waiting != null && waiting.remove(suspended) && waiting.isEmpty()) {
        awaitingSuspension.remove(socket.id());
      }
    });
  }

  /** Takes a socket suspended here: it leaves this instance whether or not its events can all be replayed. */
  private Future<JsonObject> take(SocketIoSocket socket, JsonObject claim) {
    String pid = claim.getString("pid");
    Long seen = SocketIoReplayLog.seenOf(claim.getString("offset"));
    List<SocketIoReplayLog.Entry> missed = seen == null ? null : socket.replayLog().after(seen);
    JsonObject state = missed == null ? null : new JsonObject().put("socketId", socket.id()).put("pid", pid)
      .put("user", socket.user()).put("rooms", new JsonArray(List.copyOf(socket.rooms())))
      .put("log", socket.replayLog().toJson(missed, seen));
    // Taken either way: a client told it was not recovered starts afresh, so this socket is over.
    Long timer = expiryTimers.remove(socket.id());
    if (timer != null) {
      vertx.cancelTimer(timer);
    }
    socket.endSuspension();
    String claimer = claim.getString("claimer");
    if (state == null || self().equals(claimer)) {
      endpoint.forget(socket);
    } else {
      // Still in this instance's tables for a moment: an event on its way here is passed on, not lost.
      socket.handOver(claimer);
      vertx.setTimer(HAND_OVER_MS, over -> endpoint.forget(socket));
    }
    return state == null ? Future.failedFuture(TAKEN_INCOMPLETE) : Future.succeededFuture(state);
  }

  /** Once the socket's queued webhooks are all delivered or given up, or after {@link #CLOSE_WEBHOOK_WAIT_MS}. */
  private Future<Void> afterQueuedWebhooks(SocketIoSocket socket) {
    WebhookQueue webhooks = socket.webhooks();
    if (webhooks == null || webhooks.size() == 0) {
      return Future.succeededFuture();
    }
    Promise<Void> done = Promise.promise();
    long timer = vertx.setTimer(CLOSE_WEBHOOK_WAIT_MS, late -> done.tryComplete());
    webhooks.idle().onComplete(emptied -> {
      vertx.cancelTimer(timer);
      done.tryComplete();
    });
    return done.future();
  }

  // ---- ids ----

  private String self() {
    return node + '.' + instance;
  }

  private boolean isSelf(ConnectionId id) {
    return id.instance() == instance && id.node().equals(node);
  }

  private static String socketIdOf(String pid) {
    int slash = pid.lastIndexOf('/');
    return slash < 0 ? pid : pid.substring(0, slash);
  }

  private static ConnectionId homeOf(String pid) {
    return pid.indexOf('/') < 0 ? null : ConnectionId.parse(socketIdOf(pid));
  }
}
