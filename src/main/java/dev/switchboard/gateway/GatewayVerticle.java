package dev.switchboard.gateway;

import dev.switchboard.NodeState;
import dev.switchboard.bus.Addresses;
import dev.switchboard.bus.Envelope;
import dev.switchboard.dialect.sync.SyncEndpoint;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.ServerWebSocketHandshake;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One gateway instance: the public HTTP/WebSocket server on one event loop, dispatching upgrades to the
 * dialect of the path, and the consumer of envelopes addressed to its connections ({@code sb.node.<node>.<i>})
 * and of fan-out ({@code sb.broadcast}). {@code MainVerticle} deploys one per event loop; Vert.x spreads the
 * accepted connections over them.
 */
public final class GatewayVerticle extends VerticleBase {

  private final Gateway gateway;
  private final NodeState nodeState;
  private final Map<String, DialectEndpoint> byPath = new HashMap<>();
  private final Map<String, DialectEndpoint> byDialect = new HashMap<>();
  private final List<MessageConsumer<?>> consumers = new ArrayList<>();
  private HttpServer server;
  private long heartbeatTimer = -1;

  public GatewayVerticle(Gateway gateway, NodeState nodeState) {
    this.gateway = gateway;
    this.nodeState = nodeState;
  }

  @Override
  public Future<?> start() {
    createEndpoints();
    List<Future<?>> starting = new ArrayList<>();
    for (DialectEndpoint endpoint : byDialect.values()) {
      starting.add(endpoint.start());
    }
    MessageConsumer<Envelope> deliveries = vertx.eventBus().consumer(
      Addresses.instance(gateway.node().id(), gateway.instance()), message -> deliver(message.body()));
    MessageConsumer<Envelope> broadcasts = vertx.eventBus().consumer(Addresses.BROADCAST,
      message -> broadcast(message.body()));
    MessageConsumer<Object> drains = vertx.eventBus().localConsumer(Addresses.DRAIN, message -> drain());
    consumers.add(deliveries);
    consumers.add(broadcasts);
    consumers.add(drains);
    starting.add(deliveries.completion());
    starting.add(broadcasts.completion());

    server = vertx.createHttpServer(serverOptions())
      .webSocketHandshakeHandler(this::handshake)
      .webSocketHandler(this::open)
      .requestHandler(this::plainRequest);
    heartbeatTimer = vertx.setPeriodic(gateway.config().publicServer().pingIntervalMs(), id -> checkHeartbeats());
    return Future.all(starting)
      .compose(ignored -> server.listen())
      .onSuccess(listening -> nodeState.gatewayListening(listening.actualPort()));
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(heartbeatTimer);
    List<Future<?>> stopping = new ArrayList<>();
    for (DialectEndpoint endpoint : byDialect.values()) {
      stopping.add(endpoint.stop());
    }
    for (MessageConsumer<?> consumer : consumers) {
      stopping.add(consumer.unregister());
    }
    if (server != null) {
      stopping.add(server.close());
    }
    return Future.join(stopping);
  }

  /** Closes every connection with 1012 (reconnect elsewhere); new upgrades are already refused (node draining). */
  private void drain() {
    for (Connection connection : List.copyOf(gateway.connections().all())) {
      connection.close(CloseCode.SERVICE_RESTART);
    }
    byDialect.values().forEach(DialectEndpoint::drain);
  }

  /** The dialects this node serves, one endpoint each on this instance. */
  private void createEndpoints() {
    if (gateway.config().sync().enabled()) {
      register(new SyncEndpoint(gateway));
    }
    if (gateway.config().push().enabled()) {
      register(new dev.switchboard.dialect.push.PushEndpoint(gateway));
    }
    if (gateway.config().tapr().enabled()) {
      register(new dev.switchboard.dialect.tapr.TaprEndpoint(gateway));
    }
    if (gateway.config().socketio().enabled()) {
      register(new dev.switchboard.dialect.socketio.SocketIoEndpoint(gateway));
    }
  }

  private void checkHeartbeats() {
    // Copy: a check may close a connection, which removes it from the table.
    for (Connection connection : List.copyOf(gateway.connections().all())) {
      connection.checkHeartbeat();
    }
  }

  private void register(DialectEndpoint endpoint) {
    byPath.put(endpoint.path(), endpoint);
    byDialect.put(endpoint.dialect(), endpoint);
  }

  private HttpServerOptions serverOptions() {
    int maxFrameBytes = gateway.config().publicServer().maxFrameBytes();
    return new HttpServerOptions()
      .setHost(gateway.config().publicServer().host())
      .setPort(gateway.config().publicServer().port())
      .setMaxWebSocketFrameSize(maxFrameBytes)
      .setMaxWebSocketMessageSize(maxFrameBytes)
      // permessage-deflate costs ~100 KiB per active connection (DESIGN "Stack facts").
      .setPerMessageWebSocketCompressionSupported(false)
      .setPerFrameWebSocketCompressionSupported(false)
      // Every handler answers on its event loop, which lets Vert.x drop per-connection bookkeeping.
      .setStrictThreadMode(true)
      // "*": echo the first subprotocol a client asks for (Netty's wildcard); browsers fail the upgrade without it.
      .addWebSocketSubProtocol("*");
  }

  private void handshake(ServerWebSocketHandshake handshake) {
    if (nodeState.isDraining()) {
      handshake.reject(503);
      return;
    }
    DialectEndpoint endpoint = byPath.get(handshake.path());
    if (endpoint == null) {
      handshake.reject(404);
      return;
    }
    String origin = handshake.headers().get("Origin");
    List<String> allowed = gateway.config().publicServer().allowedOrigins();
    if (origin != null && !allowed.isEmpty() && !allowed.contains(origin)) {
      handshake.reject(403);
      return;
    }
    endpoint.decideUpgrade(handshake).onComplete(decided -> {
      int refusal = decided.succeeded() ? decided.result() : 500;
      if (refusal != 0) {
        handshake.reject(refusal);
      } else {
        handshake.accept();
      }
    });
  }

  private void open(ServerWebSocket socket) {
    // Before any dialect writes to it: 4 KB less per connection for its whole life.
    DirectWriteQueue.install(socket);
    DialectEndpoint endpoint = byPath.get(socket.path());
    if (endpoint == null) {
      socket.close(CloseCode.NORMAL.code(), "unknown path");
      return;
    }
    endpoint.open(socket);
  }

  private void plainRequest(HttpServerRequest request) {
    for (DialectEndpoint endpoint : byDialect.values()) {
      if (endpoint.servesRequest(request.path())) {
        endpoint.request(request);
        return;
      }
    }
    request.response().setStatusCode(404)
      .putHeader("Content-Type", "application/json")
      .end(new JsonObject().put("code", "NOT_FOUND")
        .put("message", "no endpoint at " + request.path() + " (WebSocket paths: " + byPath.keySet() + ")").encode());
  }

  private void deliver(Envelope envelope) {
    DialectEndpoint endpoint = byDialect.get(envelope.dialect());
    if (endpoint != null) {
      endpoint.deliver(envelope, gateway.connections().get(envelope.target().key()));
    }
  }

  private void broadcast(Envelope envelope) {
    DialectEndpoint endpoint = byDialect.get(envelope.dialect());
    if (endpoint != null) {
      endpoint.broadcast(envelope);
    }
  }
}
