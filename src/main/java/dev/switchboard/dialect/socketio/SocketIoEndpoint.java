package dev.switchboard.dialect.socketio;

import dev.switchboard.auth.JwtVerifier;
import dev.switchboard.bus.ConnectionId;
import dev.switchboard.bus.Envelope;
import dev.switchboard.cluster.ConnectionSummaries;
import dev.switchboard.codec.JsonBytesWriter;
import dev.switchboard.config.SwitchboardConfig.SocketIoConfig;
import dev.switchboard.dialect.socketio.engineio.EngineIoError;
import dev.switchboard.dialect.socketio.engineio.EngineIoPacket;
import dev.switchboard.dialect.socketio.engineio.EngineIoServer;
import dev.switchboard.dialect.socketio.engineio.EngineIoSession;
import dev.switchboard.dialect.socketio.engineio.EngineIoSettings;
import dev.switchboard.gateway.Connection;
import dev.switchboard.gateway.DialectEndpoint;
import dev.switchboard.gateway.Gateway;
import dev.switchboard.webhook.WebhookAction;
import dev.switchboard.webhook.WebhookCall;
import dev.switchboard.webhook.WebhookClient;
import dev.switchboard.webhook.WebhookPolicy;
import dev.switchboard.webhook.WebhookQueue;
import dev.switchboard.webhook.WebhookResponse;
import dev.switchboard.webhook.WebhookTarget;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.ServerWebSocketHandshake;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The socket.io dialect on one gateway instance (SPEC §3): the Engine.IO server of the path, namespace connects
 * with JWT auth and the app's {@code open} webhook, events and acks both ways, rooms and users of the local
 * sockets, and the cluster side of emits (one broadcast per fan-out, each instance serving its own sockets). The
 * public {@code emit}/{@code join}/{@code leave} methods are for the server API; they may be called from any
 * thread and run on this instance's event loop.
 */
public final class SocketIoEndpoint implements DialectEndpoint {

  public static final String DIALECT = "socketio";

  private static final System.Logger LOG = System.getLogger(SocketIoEndpoint.class.getName());
  private static final String USER_LOGIN = "user_login";
  static final String ATTR_NAMESPACE = "namespace";

  /**
   * The namespace of an emit or room change for one socket id, whatever that socket's namespace: the server API's
   * {@code conn} target when the socket is not listed (suspended, or moved by connection state recovery).
   */
  public static final String ANY_NAMESPACE = "";
  private static final String ATTR_EMIT = "emit";
  private static final String ATTR_REPORT_TO = "reportTo";
  private static final String ATTR_ACK_TIMEOUT = "ackTimeoutMs";
  private static final String ATTR_ACK_RETRIES = "ackRetries";
  private static final String ATTR_ROOM = "room";
  /**
   * On an envelope passed on by the instance a socket was just claimed from ({@link SocketIoRecovery#passOn}):
   * the report on it is not this instance's answer to a fan-out, so it does not name the instance.
   */
  static final String ATTR_PASSED_ON = "passedOn";

  private final Gateway gateway;
  private final SocketIoConfig config;
  private final SocketIoNamespaces namespaces;
  private final WebhookPolicy policy;
  private final boolean refuseOnOpenFailure;
  private final String nodeAndInstance;
  private final Map<String, SocketIoSocket> socketsById = new HashMap<>();
  private final Map<String, Set<SocketIoSocket>> socketsByUser = new HashMap<>();
  private final Set<SocketIoClient> clients = new LinkedHashSet<>();
  private final SocketIoRooms rooms = new SocketIoRooms();
  private EngineIoServer engineIo;
  private SocketIoAuth auth;
  private SocketIoRecovery recovery;
  private WebhookClient app;
  private SocketIoEmitCollector emits;
  /** The socket.io instances of the cluster: who answers a fan-out emit. */
  private ConnectionSummaries instances;
  private MessageConsumer<JsonObject> emitReports;
  private Context context;
  private long nextSocket;

  public SocketIoEndpoint(Gateway gateway) {
    this.gateway = gateway;
    this.config = gateway.config().socketio();
    this.namespaces = new SocketIoNamespaces(config.namespaces());
    this.policy = WebhookPolicy.of(gateway.config());
    this.refuseOnOpenFailure = "refuse".equals(gateway.config().webhook().openFailure());
    this.nodeAndInstance = gateway.node().id() + '.' + gateway.instance();
  }

  @Override
  public String dialect() {
    return DIALECT;
  }

  @Override
  public String path() {
    return config.path();
  }

  Vertx vertx() {
    return gateway.vertx();
  }

  String nodeId() {
    return gateway.node().id();
  }

  /** Whether clients may join this namespace ({@code socketio.namespaces}); the server API refuses others. */
  public boolean servesNamespace(String namespace) {
    return namespaces.contains(namespace);
  }

  @Override
  public Future<Void> start() {
    context = gateway.vertx().getOrCreateContext();
    EngineIoSettings settings = new EngineIoSettings(config.pingIntervalMs(), config.pingTimeoutMs(),
      config.maxPayload(), config.allowEIO3(), 10_000);
    engineIo = new EngineIoServer(gateway.vertx(), settings, gateway.node().id(), gateway.instance(),
      SocketIoAddresses::polling, SocketIoAddresses::webSocketRelay, this::sessionOpened);
    auth = new SocketIoAuth(JwtVerifier.create(gateway.vertx(), gateway.config().jwt()), config.authRequired(),
      config.userClaim(), config.roomClaims());
    if (config.appUrl() != null) {
      // Created here, on this instance's event loop, so the app's answers come back on it.
      app = new WebhookClient(gateway.vertx(), WebhookTarget.parse(config.appUrl()), policy.timeoutMs());
    }
    instances = new ConnectionSummaries(gateway.vertx(), gateway.node(), gateway.instance(),
      SocketIoAddresses.INSTANCES, SocketIoAddresses.INSTANCES_REQUEST, this::instancesChanged);
    emits = new SocketIoEmitCollector(gateway.vertx(), () -> instances.instances());
    emitReports = gateway.vertx().eventBus().consumer(SocketIoAddresses.emitReports(nodeAndInstance),
      message -> emits.report(message.body()));
    recovery = new SocketIoRecovery(this, config, gateway.node().id(), gateway.instance());
    SocketIoEndpoints.add(gateway.node().id(), this);
    return Future.all(engineIo.start(), emitReports.completion(), recovery.start(), instances.start()).mapEmpty();
  }

  private void instancesChanged() {
    emits.instancesChanged();
    if (recovery != null) {
      recovery.instancesChanged();
    }
  }

  /** The socket.io instances known to run ({@code <node>.<instance>}), this one included. */
  Set<String> liveInstances() {
    return instances.instances();
  }

  /** Whether the socket.io instance {@code <node>.<instance>} has left the cluster (its sockets are gone). */
  boolean instanceLeft(String nodeAndInstance) {
    return instances.hasLeft(nodeAndInstance);
  }

  @Override
  public Future<Void> stop() {
    SocketIoEndpoints.remove(gateway.node().id(), this);
    Future<Void> stopped = engineIo == null ? Future.succeededFuture() : engineIo.stop();
    if (recovery != null) {
      stopped = Future.all(stopped, recovery.stop()).mapEmpty();
    }
    if (instances != null) {
      stopped = Future.all(stopped, instances.stop()).mapEmpty();
    }
    return emitReports == null ? stopped : Future.all(stopped, emitReports.unregister()).mapEmpty();
  }

  // ---- transport ----

  @Override
  public boolean servesRequest(String path) {
    return path.equals(config.path());
  }

  @Override
  public void request(HttpServerRequest request) {
    String origin = request.getHeader("Origin");
    List<String> allowed = gateway.config().publicServer().allowedOrigins();
    if (origin != null && !allowed.isEmpty() && !allowed.contains(origin)) {
      request.response().setStatusCode(403).putHeader("Content-Type", "application/json")
        .end(EngineIoError.FORBIDDEN.responseBody());
      return;
    }
    engineIo.request(request);
  }

  @Override
  public Future<Integer> decideUpgrade(ServerWebSocketHandshake handshake) {
    return engineIo.decideUpgrade(handshake);
  }

  @Override
  public void open(ServerWebSocket socket) {
    engineIo.webSocket(socket);
  }

  private void sessionOpened(EngineIoSession session) {
    SocketIoClient client = new SocketIoClient(session, this, config.connectTimeoutMs(), config.maxPayload());
    clients.add(client);
    session.listener(client);
    if (client.protocol() == SocketIoProtocol.V4) {
      // A v2 client is connected to "/" without asking (the reference's Server.onconnection for EIO=3), with the
      // handshake's query and headers as its only credentials. Run after the OPEN packet has gone out.
      context.runOnContext(ignored -> client.connectWithoutAsking("/"));
    }
  }

  void sessionClosed(SocketIoClient client) {
    clients.remove(client);
  }

  /** Ends every session's transport without a DISCONNECT packet: official clients reconnect by themselves. */
  @Override
  public void drain() {
    // First: emitters waiting for this instance's reports or acks answer with what they have (TIMEOUT for its
    // sockets) instead of waiting until the ack timeout or until this node has left the cluster. Only here, not
    // in stop() as well: a node stops after its drain (SIGTERM), and at stop the announcement would race the
    // sibling instances' consumers going away (a warning per instance pair). A stop without a drain is seen
    // when the member leaves, a moment later.
    instances.leave();
    engineIo.abandonAll("server shutting down");
  }

  // ---- namespace connects ----

  void connect(SocketIoClient client, String namespace, String authJson) {
    if (!namespaces.contains(namespace)) {
      client.connectDecided(namespace, null);
      client.send(SocketIoPacket.connectError(namespace, "Invalid namespace", null, client.protocol()));
      return;
    }
    JsonObject authObject = parseObject(authJson);
    SocketIoSocket socket = new SocketIoSocket(newSocketId(), namespace, client, SocketIoIdentity.ANONYMOUS);
    JsonObject[] restored = new JsonObject[1];
    SocketIoSocket[] opening = new SocketIoSocket[1];
    auth.authenticate(authObject, client.session().client())
      .compose(identity -> (client.protocol() == SocketIoProtocol.V5 ? recovery.claim(namespace, authObject)
        : Future.<JsonObject>succeededFuture()).map(recovered -> {
          restored[0] = recovered;
          return identity;
        }))
      .compose(identity -> {
        String id = restored[0] == null ? socket.id() : restored[0].getString("socketId");
        opening[0] = new SocketIoSocket(id, namespace, client, identity);
        if (restored[0] != null) {
          restore(opening[0], restored[0]);
        }
        return callOpen(opening[0], authObject);
      })
      .onComplete(decided -> {
        boolean accepted = !client.isClosed() && decided.succeeded() && decided.result().rejectMessage() == null;
        if (!accepted && restored[0] != null) {
          // Claimed but not taken up after all: the socket is over.
          if (opening[0] != null) {
            opening[0].closed();
            forget(opening[0]);
          }
          recovery.ended(restored[0].getString("socketId"));
        }
        if (client.isClosed()) {
          client.connectDecided(namespace, null);
          return;
        }
        if (decided.failed()) {
          client.connectDecided(namespace, null);
          client.send(SocketIoPacket.connectError(namespace, decided.cause().getMessage(), null, client.protocol()));
          return;
        }
        SocketIoAppReply reply = decided.result();
        if (reply.rejectMessage() != null) {
          client.connectDecided(namespace, null);
          client.send(SocketIoPacket.connectError(namespace, reply.rejectMessage(), reply.rejectData(),
            client.protocol()));
          return;
        }
        accept(opening[0], reply, restored[0]);
      });
  }

  /**
   * Puts a socket claimed by its client's reconnect back into this instance's tables (id, user, rooms) at once,
   * before the {@code open} webhook: emits to it meanwhile are taken, logged and held back until its CONNECT.
   */
  private void restore(SocketIoSocket socket, JsonObject restored) {
    recovery.attach(socket, restored);
    socket.holdUntilConnected();
    socketsById.put(socket.id(), socket);
    if (socket.user() == null && restored.getString("user") != null) {
      socket.bindUser(restored.getString("user"));
    }
    if (socket.user() != null) {
      bindUser(socket, socket.user());
    }
    restored.getJsonArray("rooms").forEach(room -> rooms.join(socket, (String) room));
    // What reached it here first, passed on by the instance it was taken from, and repeats of what it is sent.
    recovery.watchForRepeats(socket, SocketIoReplayLog.events(restored.getJsonObject("log")));
    recovery.heldForClaim(socket.id()).forEach(envelope -> deliver(envelope, null));
  }

  /** The {@code open} webhook; a failure refuses the connect unless {@code webhook.openFailure} is "accept". */
  private Future<SocketIoAppReply> callOpen(SocketIoSocket socket, JsonObject authObject) {
    if (app == null) {
      return Future.succeededFuture(SocketIoAppReply.NOTHING);
    }
    socket.webhooks(new WebhookQueue(gateway.vertx(), app, policy, gateway.stats(), socket));
    JsonObject data = new JsonObject().put("namespace", socket.namespace())
      .put("auth", authObject == null ? new JsonObject() : authObject)
      .put("query", socket.client().session().client().query())
      .put("headers", socket.client().session().client().headers());
    return callApp(socket, WebhookAction.OPEN, data, refuseOnOpenFailure ? 1 : policy.maxAttempts())
      .map(response -> SocketIoAppReply.parse(response.body()))
      .recover(failure -> refuseOnOpenFailure
        ? Future.failedFuture("the app did not accept the connection")
        : Future.succeededFuture(SocketIoAppReply.NOTHING));
  }

  private Future<WebhookResponse> callApp(SocketIoSocket socket, WebhookAction action, JsonObject data,
                                          int attempts) {
    return callApp(socket, action, data.toBuffer().getBytes(), attempts);
  }

  private Future<WebhookResponse> callApp(SocketIoSocket socket, WebhookAction action, byte[] data, int attempts) {
    SocketIoIdentity identity = socket.identity();
    return socket.webhooks().enqueue(new WebhookCall(action, DIALECT, socket.id(), identity.user(),
      identity.token(), data, socket.client().session().client().header("cookie")), attempts);
  }

  /**
   * The {@code message} webhook's data, {@code {"namespace":...,"event":...,"args":[...]}}, written straight to
   * bytes: the arguments are the client's validated JSON text, spliced in rather than parsed into a tree and
   * encoded again (this runs once per client event).
   */
  static byte[] messageData(String namespace, SocketIoEvent event) {
    String args = event.argumentsJson();
    // 40: the field names, quotes and punctuation, so the writer never grows for plain names.
    return JsonBytesWriter.object(args.length() + namespace.length() + event.name().length() + 40)
      .stringField("namespace", namespace)
      .stringField("event", event.name())
      .rawField("args", args)
      .finish();
  }

  private void accept(SocketIoSocket socket, SocketIoAppReply reply, JsonObject restored) {
    SocketIoClient client = socket.client();
    client.connectDecided(socket.namespace(), socket);
    socket.connected();
    if (restored == null && recovery.enabled() && client.protocol() == SocketIoProtocol.V5) {
      recovery.attach(socket, null);
    }
    socketsById.put(socket.id(), socket);
    gateway.connections().addListed(socket);
    // Counted here: the connection table counts only WebSocket Connections, and a namespace socket is not one.
    gateway.stats().dialect(DIALECT).connections.increment();
    if (restored == null && socket.user() != null) {
      bindUser(socket, socket.user());
    }
    socket.identity().rooms().forEach(room -> rooms.join(socket, room));
    reply.rooms().forEach(room -> rooms.join(socket, room));
    if (restored != null) {
      // As the Node server does: the missed events first, then the CONNECT (the client holds them until then).
      SocketIoReplayLog.events(restored.getJsonObject("log")).forEach(socket::resend);
    }
    client.send(SocketIoPacket.connectReply(socket.namespace(), socket.id(), socket.pid(), client.protocol()));
    // Events emitted to a recovered socket while its open webhook ran, in order, before the open's own emits.
    socket.sendHeld();
    // SPEC §6: the open's emits go right after the connect (seed 004's initial order count).
    for (SocketIoEvent event : reply.emits()) {
      emitSafely(socket, event.name(), event.argumentsJson());
    }
  }

  void socketClosed(SocketIoSocket socket, String reason) {
    boolean wasConnected = socket.isConnected();
    socket.closed();
    if (!wasConnected) {
      return;
    }
    gateway.connections().removeListed(socket);
    gateway.stats().dialect(DIALECT).connections.decrement();
    // A recoverable drop keeps the socket addressable (suspended) until its client comes back or time runs out.
    if (!recovery.suspend(socket, reason)) {
      forget(socket);
      if (socket.pid() != null) {
        recovery.ended(socket.id());
      }
    }
    if (socket.webhooks() != null) {
      callApp(socket, WebhookAction.CLOSE, new JsonObject().put("namespace", socket.namespace()).put("reason", reason),
        policy.maxAttempts());
    }
  }

  /** Removes a socket from this instance's tables (ids, rooms, users). */
  void forget(SocketIoSocket socket) {
    socketsById.remove(socket.id(), socket);
    rooms.leaveAll(socket);
    if (socket.user() != null) {
      Set<SocketIoSocket> ofUser = socketsByUser.get(socket.user());
      if (ofUser != null && ofUser.remove(socket) && ofUser.isEmpty()) {
        socketsByUser.remove(socket.user());
      }
    }
  }

  SocketIoSocket localSocket(String socketId) {
    return socketsById.get(socketId);
  }

  private void bindUser(SocketIoSocket socket, String user) {
    socketsByUser.computeIfAbsent(user, name -> new LinkedHashSet<>()).add(socket);
  }

  // ---- events from clients ----

  void event(SocketIoSocket socket, SocketIoPacketWithAttachments packet) {
    SocketIoEvent event;
    try {
      event = packet.toEvent();
    } catch (RuntimeException invalid) {
      socket.client().session().close("parse error");
      return;
    }
    Long ackId = packet.packet().ackId();
    if (USER_LOGIN.equals(event.name())) {
      userLogin(socket, event, ackId);
    }
    if (socket.webhooks() != null) {
      callApp(socket, WebhookAction.MESSAGE, messageData(socket.namespace(), event), policy.maxAttempts())
        .onSuccess(response -> {
          SocketIoAppReply reply = SocketIoAppReply.parse(response.body());
          if (socket.isClosed()) {
            return;
          }
          reply.rooms().forEach(room -> rooms.join(socket, room));
          for (SocketIoEvent emit : reply.emits()) {
            emitSafely(socket, emit.name(), emit.argumentsJson());
          }
          if (ackId != null && reply.ackArguments() != null && !USER_LOGIN.equals(event.name())) {
            if (reply.ackHasBinary()) {
              ackSafely(socket, ackId, reply.ackArguments());
            } else {
              socket.plainAck(ackId, reply.ackArguments());
            }
          }
        });
    } else if (!USER_LOGIN.equals(event.name())) {
      Map<String, String> attributes = new HashMap<>();
      attributes.put(ATTR_NAMESPACE, socket.namespace());
      if (ackId != null) {
        attributes.put("ackId", Long.toString(ackId));
      }
      gateway.vertx().eventBus().publish(SocketIoAddresses.EVENTS, new Envelope(UUID.randomUUID().toString(),
        Envelope.Kind.EVENT, DIALECT, socket.id(), Envelope.Target.all(), event.name(),
        Buffer.buffer(event.argumentsJson()), attributes, System.currentTimeMillis(), 1));
    }
  }

  /** Seed 002's {@code user_login {userId,...}}: binds the socket to the user and joins {@code room<userId>}. */
  private void userLogin(SocketIoSocket socket, SocketIoEvent event, Long ackId) {
    JsonArray args = new JsonArray(event.argumentsJson());
    Object first = args.isEmpty() ? null : args.getValue(0);
    String userId = first instanceof JsonObject login ? SocketIoAuth.claimText(login.getValue("userId")) : null;
    if (userId == null || userId.isEmpty()) {
      emitSafely(socket, "error_message",
        new JsonArray().add(new JsonObject().put("message", "user_login needs a userId")).encode());
      return;
    }
    if (socket.user() != null && !socket.user().equals(userId)) {
      Set<SocketIoSocket> previous = socketsByUser.get(socket.user());
      if (previous != null && previous.remove(socket) && previous.isEmpty()) {
        socketsByUser.remove(socket.user());
      }
    }
    socket.bindUser(userId);
    bindUser(socket, userId);
    rooms.join(socket, "room" + userId);
    String answer = new JsonArray().add(new JsonObject().put("succeeded", true)).encode();
    emitSafely(socket, "login_info", answer);
    if (ackId != null) {
      ackSafely(socket, ackId, answer);
    }
  }

  private void emitSafely(SocketIoSocket socket, String event, String argumentsJson) {
    emitSafely(socket, event, argumentsJson, null);
  }

  private void emitSafely(SocketIoSocket socket, String event, String argumentsJson, String envelopeId) {
    try {
      socket.emit(event, argumentsJson, envelopeId);
    } catch (InvalidEmitArgumentsException invalid) {
      LOG.log(System.Logger.Level.WARNING, "socket.io: dropped an emit of '" + event + "': " + invalid.getMessage());
    }
  }

  private void ackSafely(SocketIoSocket socket, long ackId, String argumentsJson) {
    try {
      socket.ack(ackId, argumentsJson);
    } catch (InvalidEmitArgumentsException invalid) {
      LOG.log(System.Logger.Level.WARNING, "socket.io: dropped an ack: " + invalid.getMessage());
    }
  }

  // ---- server API (SPEC §5) ----

  /**
   * Emits an event to sockets anywhere in the cluster: one event-bus message to the owner for a socket id, one
   * broadcast (each instance serving its own sockets) for a user, a room, a whole namespace or every socket.
   *
   * @param namespace     the namespace ({@code "/"} when {@code null}); the socket's, a user's, a room's or the one
   *                      NAMESPACE means; ignored by ALL
   * @param target        {@code Target.connection(socketId)}, or kind USER, ROOM (key: the name), NAMESPACE, or ALL
   *                      (every socket of every namespace)
   * @param event         the event name (not a reserved one)
   * @param argumentsJson a JSON array, binaries as {@code {"$binary":"<base64>"}}
   * @param ack           per-socket acknowledgement with timeout and retries, or {@code null}
   * @return how many sockets it reached, and with an ack each one's answer or {@code TIMEOUT}
   * @throws InvalidEmitArgumentsException (as a failed future) for a reserved name or arguments that are no array
   */
  public Future<SocketIoEmitResult> emit(String namespace, Envelope.Target target, String event,
                                         String argumentsJson, SocketIoAckOptions ack) {
    try {
      // Validated here, once, so a bad emit is an error for the caller rather than a silent drop everywhere.
      checkEmit(event, argumentsJson);
    } catch (InvalidEmitArgumentsException invalid) {
      return Future.failedFuture(invalid);
    }
    return onLoop(() -> {
      String emitId = newEmitId();
      Map<String, String> attributes = new HashMap<>();
      attributes.put(ATTR_NAMESPACE, namespace == null ? "/" : namespace);
      if (ack != null) {
        attributes.put(ATTR_ACK_TIMEOUT, Long.toString(ack.timeoutMs()));
        attributes.put(ATTR_ACK_RETRIES, Integer.toString(ack.retries()));
      }
      return dispatch(new Envelope(emitId, Envelope.Kind.EVENT, DIALECT, null, target, event,
        Buffer.buffer(argumentsJson), reported(emitId, attributes), System.currentTimeMillis(), 1), ack);
    });
  }

  /**
   * Refuses an emit no socket could be sent: a reserved event name, or arguments that are not a JSON array or hold a
   * broken {@code {"$binary":...}}.
   *
   * @throws InvalidEmitArgumentsException saying what is wrong
   */
  public static void checkEmit(String event, String argumentsJson) {
    SocketIoPacketWithAttachments.event("/", new SocketIoEvent(event, argumentsJson), null);
  }

  /**
   * Joins a socket ({@code Target.connection}) or every socket of a user (kind USER) of the namespace to a room,
   * wherever they are in the cluster.
   *
   * @return how many sockets it applied to (sockets already in the room count too)
   */
  public Future<Integer> join(String namespace, Envelope.Target who, String room) {
    return changeRoom("join", namespace, who, room);
  }

  /** The opposite of {@link #join}. */
  public Future<Integer> leave(String namespace, Envelope.Target who, String room) {
    return changeRoom("leave", namespace, who, room);
  }

  private Future<Integer> changeRoom(String change, String namespace, Envelope.Target who, String room) {
    return onLoop(() -> {
      String changeId = newEmitId();
      Map<String, String> attributes = new HashMap<>();
      attributes.put(ATTR_NAMESPACE, namespace == null ? "/" : namespace);
      attributes.put(ATTR_ROOM, room);
      return dispatch(new Envelope(changeId, Envelope.Kind.SYSTEM, DIALECT, null, who, change, null,
        reported(changeId, attributes), System.currentTimeMillis(), 1), null).map(SocketIoEmitResult::reached);
    });
  }

  private String newEmitId() {
    return nodeAndInstance + '/' + UUID.randomUUID();
  }

  /** Asks the instances that carry out an envelope to report the sockets reached (and acks) to this instance. */
  private Map<String, String> reported(String emitId, Map<String, String> attributes) {
    attributes.put(ATTR_EMIT, emitId);
    attributes.put(ATTR_REPORT_TO, nodeAndInstance);
    return attributes;
  }

  /**
   * Sends to the owner of one socket, or broadcasts; the future gathers what the instances report. A socket whose
   * home (the instance its id names) is not running may still live elsewhere, moved there by recovery before its
   * home died with the pointer to it: that rare case is asked of every instance, and at most one holds the socket.
   */
  private Future<SocketIoEmitResult> dispatch(Envelope envelope, SocketIoAckOptions ack) {
    boolean single = envelope.target().kind() == Envelope.TargetKind.CONNECTION;
    ConnectionId owner = single ? ConnectionId.parse(envelope.target().key()) : null;
    // An id that names no instance (not one of ours) is answered at once below; "" stands for its owner.
    String ownerInstance = !single ? null : owner == null ? "" : owner.node() + '.' + owner.instance();
    if (owner != null && recovery.enabled() && !instances.instances().contains(ownerInstance)) {
      single = false;
      ownerInstance = null;
    }
    Future<SocketIoEmitResult> result = emits.start(envelope.id(), ownerInstance, ack);
    if (single) {
      // Without recovery sockets never move: an id of an instance that has left names a socket that is gone,
      // answered at once, not after a wait.
      if (owner == null || instanceLeft(ownerInstance) || !gateway.router().sendToConnection(envelope)) {
        emits.report(new JsonObject().put("emit", envelope.id()).put("reached", new JsonArray()));
      }
    } else {
      gateway.router().broadcast(envelope);
    }
    return result;
  }

  /** Runs {@code action} on this instance's event loop; a Vert.x caller hears the outcome back on its own context. */
  private <T> Future<T> onLoop(Supplier<Future<T>> action) {
    Context caller = Vertx.currentContext();
    if (caller == context) {
      return action.get();
    }
    Promise<T> promise = caller == null ? Promise.promise() : ((ContextInternal) caller).promise();
    context.runOnContext(ignored -> action.get().onComplete(promise));
    return promise.future();
  }

  // ---- envelopes from the cluster ----

  @Override
  public void deliver(Envelope envelope, Connection target) {
    SocketIoSocket socket = socketsById.get(envelope.target().key());
    if (socket != null && socket.handedOverTo() != null) {
      if (recovery.passOn(socket, envelope)) {
        return; // its new instance reports on it
      }
      socket = null;
    }
    if (socket == null && (recovery.holdForClaim(envelope) || recovery.forward(envelope))) {
      return;
    }
    List<SocketIoSocket> targets = socket == null || !socket.isReachable()
      || !namespaceMatches(socket, envelope.attribute(ATTR_NAMESPACE)) ? List.of() : List.of(socket);
    carryOut(envelope, targets);
  }

  private static boolean namespaceMatches(SocketIoSocket socket, String namespace) {
    return ANY_NAMESPACE.equals(namespace) || socket.namespace().equals(namespace);
  }

  /** Whether sockets may live on after their transport dropped (connection state recovery is enabled). */
  public boolean recoversSockets() {
    return recovery.enabled();
  }

  @Override
  public void broadcast(Envelope envelope) {
    String namespace = envelope.attribute(ATTR_NAMESPACE);
    List<SocketIoSocket> targets = switch (envelope.target().kind()) {
      case ROOM -> rooms.members(namespace, envelope.target().key());
      case USER -> {
        Set<SocketIoSocket> ofUser = socketsByUser.get(envelope.target().key());
        yield ofUser == null ? List.of() : ofUser.stream().filter(s -> s.namespace().equals(namespace)).toList();
      }
      case NAMESPACE -> socketsById.values().stream().filter(s -> s.namespace().equals(namespace)).toList();
      case CONNECTION -> {
        // Asked of every instance: a socket whose home is gone (see dispatch).
        SocketIoSocket socket = socketsById.get(envelope.target().key());
        yield socket == null || !namespaceMatches(socket, namespace) ? List.of() : List.of(socket);
      }
      case ALL -> List.copyOf(socketsById.values());
      default -> List.of();
    };
    // An instance without targets still reports (0 reached) to an emitter that asked: it waits for every instance.
    if (!targets.isEmpty() || envelope.attribute(ATTR_REPORT_TO) != null) {
      carryOut(envelope, targets);
    }
  }

  private void carryOut(Envelope envelope, List<SocketIoSocket> targets) {
    String reportTo = envelope.attribute(ATTR_REPORT_TO);
    String timeout = envelope.attribute(ATTR_ACK_TIMEOUT);
    boolean system = envelope.kind() == Envelope.Kind.SYSTEM;
    List<SocketIoSocket> live = new ArrayList<>(targets.size());
    for (SocketIoSocket socket : targets) {
      if (socket.handedOverTo() != null) {
        // Taken by a claim a moment ago: the instance that took it may have missed this, it reports for itself.
        recovery.passOn(socket, envelope);
      } else if (socket.isReachable() && socket.firstDelivery(envelope.id())) {
        live.add(socket);
      }
    }
    if (system) {
      String room = envelope.attribute(ATTR_ROOM);
      for (SocketIoSocket socket : live) {
        if ("join".equals(envelope.name())) {
          rooms.join(socket, room);
        } else if ("leave".equals(envelope.name())) {
          rooms.leave(socket, room);
        }
      }
    }
    String emitId = envelope.attribute(ATTR_EMIT);
    if (reportTo != null) {
      // An event without an ack only needs how many were reached: a count, not a list of every socket id.
      JsonObject reach = new JsonObject().put("emit", emitId)
        .put("instance", envelope.attribute(ATTR_PASSED_ON) == null ? nodeAndInstance : null);
      report(reportTo, !system && timeout == null ? reach.put("count", live.size())
        : reach.put("reached", new JsonArray(live.stream().map(socket -> (Object) socket.id()).toList())));
    }
    if (system) {
      return;
    }
    String arguments = envelope.payload().toString(StandardCharsets.UTF_8);
    if (timeout == null) {
      sendToAll(live, envelope.name(), arguments, envelope.id());
      return;
    }
    for (SocketIoSocket socket : live) {
      emitUntilAcked(socket, envelope.name(), arguments, Long.parseLong(timeout),
        Integer.parseInt(envelope.attribute(ATTR_ACK_RETRIES)), emitId, reportTo);
    }
  }

  /**
   * One event to many sockets: encoded once per namespace (an emit to all can span several), the same Engine.IO
   * packets queued on every session — a room emit costs one JSON scan and one encoding, not one per socket. A
   * socket with connection state recovery gets its own copy (its offset, its replay log).
   */
  private void sendToAll(List<SocketIoSocket> sockets, String event, String arguments, String envelopeId) {
    Map<String, List<EngineIoPacket>> byNamespace = new HashMap<>(4);
    for (SocketIoSocket socket : sockets) {
      if (socket.replayLog() != null) {
        emitSafely(socket, event, arguments, envelopeId);
        continue;
      }
      List<EngineIoPacket> packets = byNamespace.get(socket.namespace());
      if (packets == null) {
        try {
          packets = SocketIoPacketWithAttachments.event(socket.namespace(), new SocketIoEvent(event, arguments), null)
            .toEngineIoPackets();
        } catch (InvalidEmitArgumentsException invalid) {
          LOG.log(System.Logger.Level.WARNING, "socket.io: dropped an emit of '" + event + "': "
            + invalid.getMessage());
          return;
        }
        byNamespace.put(socket.namespace(), packets);
      }
      socket.client().session().send(packets);
    }
  }

  private void emitUntilAcked(SocketIoSocket socket, String event, String arguments, long timeoutMs, int retriesLeft,
                              String emitId, String reportTo) {
    socket.emitWithAck(event, arguments, timeoutMs).onComplete(answer -> {
      if (answer.succeeded()) {
        report(reportTo, new JsonObject().put("emit", emitId).put("conn", socket.id())
          .put("args", new JsonArray(answer.result())));
      } else if (retriesLeft > 0 && socket.isConnected()) {
        emitUntilAcked(socket, event, arguments, timeoutMs, retriesLeft - 1, emitId, reportTo);
      } else {
        report(reportTo, new JsonObject().put("emit", emitId).put("conn", socket.id()).put("error", "TIMEOUT"));
      }
    });
  }

  private void report(String reportTo, JsonObject report) {
    gateway.vertx().eventBus().send(SocketIoAddresses.emitReports(reportTo), report);
  }

  // ---- helpers ----

  private String newSocketId() {
    return ConnectionId.format(gateway.node().id(), gateway.instance(), ++nextSocket) + '-'
      + UUID.randomUUID().toString().substring(0, 8);
  }

  private static JsonObject parseObject(String json) {
    if (json == null) {
      return null;
    }
    try {
      return new JsonObject(json);
    } catch (RuntimeException notAnObject) {
      return null;
    }
  }

  /** Local sockets (for tests and the API's counts). */
  public int socketCount() {
    return (int) socketsById.values().stream().filter(SocketIoSocket::isConnected).count();
  }
}
