package dev.switchboard.dialect.tapr;

import dev.switchboard.bus.Envelope;
import dev.switchboard.config.SwitchboardConfig.TaprConfig;
import dev.switchboard.gateway.CloseCode;
import dev.switchboard.gateway.Connection;
import dev.switchboard.gateway.DialectEndpoint;
import dev.switchboard.gateway.Gateway;
import dev.switchboard.webhook.WebhookAction;
import dev.switchboard.webhook.WebhookClient;
import dev.switchboard.webhook.WebhookPolicy;
import dev.switchboard.webhook.WebhookQueue;
import dev.switchboard.webhook.WebhookTarget;
import io.vertx.core.Future;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.ServerWebSocketHandshake;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The tapr dialect on one gateway instance (SPEC §4): accepts clients on {@code /ws} with the user the
 * platform's proxy put in the user header, answers their pings, closes the silent ones, reports every open,
 * message and close to the app webhook in order, and carries out what the sidecar API asks of its connections
 * (send, close). The sidecar itself is {@link TaprSidecarVerticle}.
 */
public final class TaprEndpoint implements DialectEndpoint {

  public static final String DIALECT = "tapr";

  private static final System.Logger LOG = System.getLogger(TaprEndpoint.class.getName());
  private static final String BINARY_REFUSED = "binary frames are not accepted: send JSON text";

  private final Gateway gateway;
  private final TaprConfig config;
  private final WebhookPolicy policy;
  private final boolean refuseOnOpenFailure;
  private final Set<TaprConnection> connections = new LinkedHashSet<>();
  private final Map<String, Set<TaprConnection>> byUser = new HashMap<>();
  private TaprConnectionDirectory directory;
  private WebhookClient app;
  private long idleTimer = -1;

  public TaprEndpoint(Gateway gateway) {
    this.gateway = gateway;
    this.config = gateway.config().tapr();
    this.policy = WebhookPolicy.of(gateway.config());
    this.refuseOnOpenFailure = "refuse".equals(gateway.config().webhook().openFailure());
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
    directory = TaprConnectionDirectory.of(gateway.vertx(), gateway.node().id());
    // Created here, on this instance's event loop, so the app's answers come back on it.
    app = new WebhookClient(gateway.vertx(), WebhookTarget.local(config.appPort(), config.appUrl()), policy.timeoutMs());
    // A quarter of the timeout keeps a silent connection at most 25 % past its deadline; at least every second.
    long sweepEvery = Math.max(10, Math.min(1000, config.pingTimeoutMs() / 4));
    idleTimer = gateway.vertx().setPeriodic(sweepEvery, id -> closeIdleConnections());
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> stop() {
    gateway.vertx().cancelTimer(idleTimer);
    connections.forEach(directory::remove);
    // The webhook client is left to Vert.x, which closes it with this verticle: the connections closing as the
    // server stops still get their close webhooks out while it can.
    return Future.succeededFuture();
  }

  WebhookQueue newWebhookQueue(TaprConnection connection) {
    return new WebhookQueue(gateway.vertx(), app, policy, gateway.stats(), connection);
  }

  // ---- connecting ----

  /** With {@code tapr.requireUser}, an upgrade without a user is refused with 401 before anyone hears of it. */
  @Override
  public int refuseUpgrade(ServerWebSocketHandshake handshake) {
    if (config.requireUser() && TaprClientIdentity.user(handshake.headers(), config.userHeader()).isBlank()) {
      return 401;
    }
    return 0;
  }

  @Override
  public void open(ServerWebSocket socket) {
    TaprClientIdentity identity = TaprClientIdentity.read(socket.headers(), config.userHeader());
    TaprConnection connection = new TaprConnection(gateway.newConnectionId(), socket, gateway, this, identity);
    gateway.connections().add(connection);
    connections.add(connection);
    byUser.computeIfAbsent(identity.user(), user -> new LinkedHashSet<>()).add(connection);
    directory.add(connection);
    connection.start(System.currentTimeMillis());
    // The open goes first; the client's messages queue behind it. Refusable, it gets a single attempt.
    connection.callApp(WebhookAction.OPEN, null, refuseOnOpenFailure ? 1 : policy.maxAttempts())
      .onFailure(failure -> {
        if (refuseOnOpenFailure) {
          connection.refusedByApp();
          connection.close(CloseCode.APP_REFUSED);
        }
      });
  }

  void onClosed(TaprConnection connection) {
    connections.remove(connection);
    Set<TaprConnection> ofUser = byUser.get(connection.user());
    if (ofUser != null && ofUser.remove(connection) && ofUser.isEmpty()) {
      byUser.remove(connection.user());
    }
    directory.remove(connection);
    if (!connection.isRefusedByApp()) {
      // Whoever closed it — client, network, idle clock, sidecar — the app hears it, after everything else.
      connection.callApp(WebhookAction.CLOSE, null, policy.maxAttempts());
    }
  }

  // ---- frames from clients ----

  void onFrame(TaprConnection connection, byte[] utf8) {
    TaprFrameCodec.Frame frame = TaprFrameCodec.read(utf8);
    switch (frame.kind()) {
      case PING -> {
        connection.pinged(System.currentTimeMillis());
        connection.sendText(TaprFrameCodec.pong());
      }
      case MESSAGE -> {
        if (!connection.isRefusedByApp()) {
          connection.callApp(WebhookAction.MESSAGE, utf8, policy.maxAttempts());
        }
      }
      case INVALID -> connection.sendText(TaprFrameCodec.error(TaprFrameCodec.INVALID_MESSAGE, frame.problem()));
    }
  }

  void onBinaryFrame(TaprConnection connection) {
    connection.sendText(TaprFrameCodec.error(TaprFrameCodec.INVALID_MESSAGE, BINARY_REFUSED));
  }

  private void closeIdleConnections() {
    long deadline = System.currentTimeMillis() - config.pingTimeoutMs();
    List<TaprConnection> idle = new ArrayList<>();
    for (TaprConnection connection : connections) {
      if (connection.idleSince(deadline)) {
        idle.add(connection);
      }
    }
    for (TaprConnection connection : idle) {
      gateway.stats().taprPingTimeouts.increment();
      connection.close(CloseCode.HEARTBEAT_TIMEOUT);
    }
  }

  // ---- envelopes from the sidecar ----

  @Override
  public void deliver(Envelope envelope, Connection target) {
    if (target instanceof TaprConnection connection && !connection.isClosed()
      && TaprEnvelopes.admits(envelope, connection.user())) {
      carryOut(envelope, List.of(connection));
    }
  }

  @Override
  public void broadcast(Envelope envelope) {
    List<TaprConnection> targets = switch (envelope.target().kind()) {
      case USER -> {
        Set<TaprConnection> ofUser = byUser.get(envelope.target().key());
        yield ofUser == null ? List.of() : List.copyOf(ofUser);
      }
      case ALL -> List.copyOf(connections);
      default -> List.of();
    };
    if (!targets.isEmpty()) {
      carryOut(envelope, targets);
    }
  }

  private void carryOut(Envelope envelope, List<TaprConnection> targets) {
    if (TaprEnvelopes.isSend(envelope)) {
      // One copy of the payload for every local target: frames are written from the same bytes.
      byte[] frame = envelope.payload().getBytes();
      targets.forEach(connection -> connection.sendText(frame));
    } else if (TaprEnvelopes.isClose(envelope)) {
      targets.forEach(connection -> connection.close(CloseCode.NORMAL));
    } else {
      LOG.log(System.Logger.Level.DEBUG, "Ignored a tapr envelope of kind " + envelope.kind());
    }
  }
}
