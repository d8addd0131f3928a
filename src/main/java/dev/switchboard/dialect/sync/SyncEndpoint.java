package dev.switchboard.dialect.sync;

import dev.switchboard.bus.ConnectionId;
import dev.switchboard.bus.Envelope;
import dev.switchboard.cluster.ConnectionSummaries;
import dev.switchboard.config.SwitchboardConfig.ServiceMode;
import dev.switchboard.config.SwitchboardConfig.SyncConfig;
import dev.switchboard.gateway.CloseCode;
import dev.switchboard.gateway.Connection;
import dev.switchboard.gateway.DialectEndpoint;
import dev.switchboard.gateway.Gateway;
import dev.switchboard.dialect.sync.PendingSyncRequests.Pending;
import dev.switchboard.dialect.sync.SyncServiceRegistry.ServiceEntry;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The sync dialect on one gateway instance (SPEC §1): accepts clients and services, validates their frames,
 * routes client requests to the service wherever it is connected and responses back to the one client that
 * asked, fans notices out to every client of the cluster, and answers the system methods.
 */
public final class SyncEndpoint implements DialectEndpoint {

  public static final String DIALECT = "sync";
  static final String REQUEST_ID_SEPARATOR = "/";
  static final String COUNT_CLIENTS = "sync.clients";
  static final String COUNT_SERVICES = "sync.services";
  private static final Pattern ERROR_CODE = Pattern.compile("^[A-Z_]+$");
  private static final String UNDELIVERABLE = "undeliverable";
  private static final long COUNT_PUSH_DELAY_MS = 20;

  private static final System.Logger LOG = System.getLogger(SyncEndpoint.class.getName());

  private final Gateway gateway;
  private final SyncConfig config;
  private final SyncServiceRegistry registry;
  private final ConnectionSummaries summaries;
  private final PendingSyncRequests pending = new PendingSyncRequests();
  private final Set<SyncConnection> clients = new LinkedHashSet<>();
  private final Set<SyncConnection> services = new LinkedHashSet<>();
  private long sweepTimer = -1;
  private boolean countPushScheduled;
  private long clientsToldServices;
  private long servicesToldClients;

  public SyncEndpoint(Gateway gateway) {
    this.gateway = gateway;
    this.config = gateway.config().sync();
    this.registry = new SyncServiceRegistry(gateway.vertx(), config, this::registryChanged);
    this.summaries = new ConnectionSummaries(gateway.vertx(), gateway.node(), gateway.instance(), this::countsChanged);
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
    long sweepEvery = Math.max(10, Math.min(100, config.requestTimeoutMs() / 10));
    sweepTimer = gateway.vertx().setPeriodic(sweepEvery, id -> expireRequests());
    if (gateway.instance() == 0) {
      // One instance per node is enough to clean the shared registry when a member leaves.
      gateway.vertx().eventBus().<String>localConsumer(dev.switchboard.bus.Addresses.MEMBER_LEFT,
        message -> registry.removeMember(message.body()).onFailure(failure ->
          LOG.log(System.Logger.Level.WARNING, "Could not remove the sync services of departed member " + message.body(), failure)));
    }
    return Future.all(registry.start(), summaries.start()).onSuccess(ignored -> {
      clientsToldServices = summaries.total(COUNT_SERVICES);
      servicesToldClients = summaries.total(COUNT_CLIENTS);
    }).mapEmpty();
  }

  @Override
  public Future<Void> stop() {
    gateway.vertx().cancelTimer(sweepTimer);
    return Future.join(registry.stop(), summaries.stop()).mapEmpty();
  }

  // ---- connecting ----

  @Override
  public void open(ServerWebSocket socket) {
    SyncRole role = SyncRole.read(socket.headers(), socket.query());
    if (role == null) {
      refuse(socket, SyncErrorCode.CONNECT_NO_PERMISSION, CloseCode.CONNECT_NO_PERMISSION,
        "websocket-accept-sign must be 'client' or 'service'");
      return;
    }
    String requiredToken = role.kind() == SyncRole.Kind.SERVICE ? config.serviceToken() : config.clientToken();
    if (requiredToken != null && !tokensMatch(requiredToken, role.token())) {
      refuse(socket, SyncErrorCode.CONNECT_NO_PERMISSION, CloseCode.CONNECT_NO_PERMISSION,
        role.token() == null ? "a token is required" : "the token is not valid");
      return;
    }
    SyncConnection connection = new SyncConnection(gateway.newConnectionId(), socket, gateway, this, role);
    if (role.kind() == SyncRole.Kind.CLIENT) {
      admit(connection);
      clients.add(connection);
      summaries.adjust(COUNT_CLIENTS, 1);
      return;
    }
    if (role.serviceId() == null) {
      refuse(socket, SyncErrorCode.CONNECT_NO_PERMISSION, CloseCode.CONNECT_NO_PERMISSION,
        "a service must send websocket-accept-sign-id");
      return;
    }
    // Hold the service's frames until the cluster has decided whether it may take its id.
    socket.pause();
    ServiceEntry entry = new ServiceEntry(role.serviceId(),
      role.serviceName() == null ? role.serviceId() : role.serviceName(), connection.id(), gateway.node().memberId());
    registry.register(entry).onComplete(result -> {
      if (result.failed()) {
        refuse(socket, SyncErrorCode.EQUIPMENT_OUT_OF_LIMIT, CloseCode.EQUIPMENT_OUT_OF_LIMIT,
          "the service registry could not be updated: " + result.cause().getMessage());
        return;
      }
      SyncServiceRegistry.Registration registration = result.result();
      if (!registration.accepted()) {
        CloseCode close = registration.refusal() == SyncErrorCode.SERVICE_ID_CONFLICT
          ? CloseCode.SERVICE_ID_CONFLICT : CloseCode.EQUIPMENT_OUT_OF_LIMIT;
        refuse(socket, registration.refusal(), close, registration.message());
        return;
      }
      if (registration.replaced() != null) {
        tellReplaced(registration.replaced(), entry);
      }
      if (socket.isClosed()) {
        registry.unregister(entry.id(), connection.id());
        return;
      }
      admit(connection);
      services.add(connection);
      summaries.adjust(COUNT_SERVICES, 1);
      socket.resume();
    });
  }

  private void admit(SyncConnection connection) {
    gateway.connections().add(connection);
    connection.start();
    connection.sendText(SyncFrames.connected());
  }

  private void refuse(ServerWebSocket socket, SyncErrorCode code, CloseCode close, String message) {
    if (socket.isClosed()) {
      return;
    }
    socket.writeTextMessage(new String(SyncFrames.connectRefused(code, message), StandardCharsets.UTF_8));
    socket.close(close.code(), close.reason());
  }

  private void tellReplaced(ServiceEntry replaced, ServiceEntry by) {
    Envelope notice = new Envelope(null, Envelope.Kind.SYSTEM, DIALECT, by.connection(),
      Envelope.Target.connection(replaced.connection()), SyncFrames.CONNECT, null,
      Map.of("errorCode", SyncErrorCode.SERVICE_REPLACED.name(),
        "message", "service id '" + by.id() + "' was taken by a newer connection"),
      System.currentTimeMillis(), 1);
    gateway.router().sendToConnection(notice);
  }

  void onClosed(SyncConnection connection) {
    if (connection.isService()) {
      if (services.remove(connection)) {
        summaries.adjust(COUNT_SERVICES, -1);
        registry.unregister(connection.serviceId(), connection.id()).onFailure(failure ->
          LOG.log(System.Logger.Level.WARNING, "Could not remove service '" + connection.serviceId()
            + "' from the registry; it stays listed until its node leaves", failure));
      }
    } else if (clients.remove(connection)) {
      summaries.adjust(COUNT_CLIENTS, -1);
    }
  }

  // ---- frames from peers ----

  void onBinaryFrame(SyncConnection connection) {
    sendError(connection, null, null, SyncErrorCode.INVALID_MESSAGE, "binary frames are not accepted: send JSON text");
  }

  void onFrame(SyncConnection connection, byte[] bytes) {
    SyncFrame frame;
    try {
      frame = SyncFrameParser.parse(bytes);
    } catch (InvalidSyncFrameException e) {
      sendError(connection, null, null, SyncErrorCode.INVALID_MESSAGE, e.getMessage());
      return;
    }
    if (frame.problem != null) {
      sendError(connection, frame.idJson(), frame.method(), SyncErrorCode.INVALID_MESSAGE, frame.problem);
      return;
    }
    if (connection.isService()) {
      onServiceFrame(connection, frame);
    } else {
      onClientFrame(connection, frame);
    }
  }

  private void onClientFrame(SyncConnection client, SyncFrame frame) {
    byte[] id = frame.idJson();
    if (id == null) {
      sendError(client, null, frame.method(), SyncErrorCode.MISSING_FIELD_ID, "id is required");
      return;
    }
    if (frame.type() == null && !frame.typeNotString) {
      sendError(client, id, frame.method(), SyncErrorCode.MISSING_FIELD_TYPE, "type is required");
      return;
    }
    boolean systemMethod = isSystemMethod(frame.method());
    boolean typeAccepted = "request".equals(frame.type()) || (systemMethod && "response".equals(frame.type()));
    if (!typeAccepted) {
      sendError(client, id, frame.method(), SyncErrorCode.INVALID_MESSAGE_TYPE, "type must be 'request'");
      return;
    }
    if (frame.method() == null) {
      sendError(client, id, null, SyncErrorCode.MISSING_FIELD_METHOD, "method is required");
      return;
    }
    if (systemMethod) {
      answerSystemMethod(client, frame);
      return;
    }
    if (config.serviceMode() == ServiceMode.MULTI && frame.service() == null) {
      sendError(client, id, frame.method(), SyncErrorCode.MISSING_FIELD_SERVICE, "service is required in multi-service mode");
      return;
    }
    ServiceEntry service = registry.lookup(frame.service());
    if (service != null) {
      forwardRequest(client, frame, service);
      return;
    }
    // Not in this instance's copy: it may have registered a moment ago on another node.
    registry.refresh().onComplete(ignored -> {
      ServiceEntry fresh = registry.lookup(frame.service());
      if (fresh != null) {
        forwardRequest(client, frame, fresh);
      } else {
        String name = frame.service() == null ? "no service" : "service '" + frame.service() + "'";
        client.sendText(SyncFrames.responseToClient(id, frame.service(), frame.method(), null,
          SyncErrorCode.SERVICE_UNAVAILABLE.name(), name + " is not connected"));
      }
    });
  }

  private void forwardRequest(SyncConnection client, SyncFrame frame, ServiceEntry service) {
    if (client.isClosed()) {
      return;
    }
    String brokerId = client.nextBrokerRequestId();
    long now = System.currentTimeMillis();
    pending.add(new Pending(brokerId, client, frame.idJson(), frame.method(), service.id(), service.connection(),
      now + config.requestTimeoutMs()));
    byte[] data = frame.dataJson();
    gateway.router().sendToConnection(new Envelope(brokerId, Envelope.Kind.REQUEST, DIALECT, client.id(),
      Envelope.Target.connection(service.connection()), frame.method(), data == null ? null : Buffer.buffer(data),
      Map.of(), now, 1));
  }

  private void onServiceFrame(SyncConnection service, SyncFrame frame) {
    byte[] id = frame.idJson();
    if (frame.type() == null && !frame.typeNotString) {
      sendError(service, id, frame.method(), SyncErrorCode.MISSING_FIELD_TYPE, "type is required");
      return;
    }
    if ("request".equals(frame.type()) && isSystemMethod(frame.method())) {
      if (id == null) {
        sendError(service, null, frame.method(), SyncErrorCode.MISSING_FIELD_ID, "id is required");
        return;
      }
      answerSystemMethod(service, frame);
      return;
    }
    boolean response = "response".equals(frame.type());
    if (!response && !"notice".equals(frame.type())) {
      sendError(service, id, frame.method(), SyncErrorCode.INVALID_MESSAGE_TYPE, "type must be 'notice' or 'response'");
      return;
    }
    if (response && id == null) {
      sendError(service, null, frame.method(), SyncErrorCode.MISSING_FIELD_ID, "a response needs the id of the request");
      return;
    }
    if (frame.method() == null) {
      sendError(service, id, null, SyncErrorCode.MISSING_FIELD_METHOD, "method is required");
      return;
    }
    boolean hasError = frame.errorCode() != null;
    if (frame.hasData() == hasError) {
      sendError(service, id, frame.method(), SyncErrorCode.INVALID_MESSAGE, "exactly one of data and errorCode is required");
      return;
    }
    if (hasError && !ERROR_CODE.matcher(frame.errorCode()).matches()) {
      sendError(service, id, frame.method(), SyncErrorCode.INVALID_MESSAGE, "errorCode must match ^[A-Z_]+$");
      return;
    }
    if (hasError && frame.message() == null) {
      sendError(service, id, frame.method(), SyncErrorCode.INVALID_MESSAGE, "message is required with errorCode");
      return;
    }
    Map<String, String> attributes = resultAttributes(service, frame);
    byte[] data = frame.dataJson();
    Buffer payload = data == null ? null : Buffer.buffer(data);
    long now = System.currentTimeMillis();
    if (response) {
      String brokerId = frame.idText();
      String clientConnection = clientOf(brokerId);
      if (clientConnection == null) {
        gateway.stats().syncLateResponses.increment();
        return;
      }
      gateway.router().sendToConnection(new Envelope(brokerId, Envelope.Kind.RESPONSE, DIALECT, service.id(),
        Envelope.Target.connection(clientConnection), frame.method(), payload, attributes, now, 1));
    } else {
      gateway.router().broadcast(new Envelope(null, Envelope.Kind.NOTICE, DIALECT, service.id(),
        Envelope.Target.all(), frame.method(), payload, attributes, now, 1));
    }
  }

  private static Map<String, String> resultAttributes(SyncConnection service, SyncFrame frame) {
    if (frame.errorCode() == null) {
      return Map.of("service", service.serviceId());
    }
    return Map.of("service", service.serviceId(), "errorCode", frame.errorCode(), "message", frame.message());
  }

  /** The client connection a broker request id names, or {@code null} when it is not one of ours. */
  private static String clientOf(String brokerId) {
    if (brokerId == null) {
      return null;
    }
    int separator = brokerId.lastIndexOf(REQUEST_ID_SEPARATOR);
    if (separator <= 0) {
      return null;
    }
    String connection = brokerId.substring(0, separator);
    return ConnectionId.parse(connection) == null ? null : connection;
  }

  private static boolean isSystemMethod(String method) {
    return SyncFrames.LINK_COUNT.equals(method) || SyncFrames.SERVICE_LIST.equals(method);
  }

  private void answerSystemMethod(SyncConnection connection, SyncFrame frame) {
    byte[] data;
    if (SyncFrames.LINK_COUNT.equals(frame.method())) {
      long count = connection.isService() ? summaries.total(COUNT_CLIENTS) : summaries.total(COUNT_SERVICES);
      data = Long.toString(count).getBytes(StandardCharsets.US_ASCII);
    } else {
      JsonArray list = new JsonArray();
      registry.snapshot().services().values()
        .forEach(entry -> list.add(new JsonObject().put("id", entry.id()).put("name", entry.name())));
      data = list.toBuffer().getBytes();
    }
    connection.sendText(SyncFrames.systemResult(frame.idJson(), frame.method(), data));
  }

  private void sendError(SyncConnection connection, byte[] id, String method, SyncErrorCode code, String message) {
    connection.sendText(SyncFrames.systemError(id, method, code, message));
  }

  // ---- envelopes from the bus ----

  @Override
  public void deliver(Envelope envelope, Connection target) {
    switch (envelope.kind()) {
      case REQUEST -> deliverRequest(envelope, target);
      case RESPONSE -> deliverResponse(envelope);
      case SYSTEM -> deliverSystem(envelope, target);
      default -> {
      }
    }
  }

  private void deliverRequest(Envelope envelope, Connection target) {
    if (!(target instanceof SyncConnection service) || !service.isService() || service.isClosed()) {
      gateway.router().sendToConnection(new Envelope(envelope.id(), Envelope.Kind.SYSTEM, DIALECT, null,
        Envelope.Target.connection(envelope.source()), UNDELIVERABLE, null, Map.of(), System.currentTimeMillis(), 1));
      return;
    }
    byte[] data = envelope.payload() == null ? null : envelope.payload().getBytes();
    service.sendText(SyncFrames.requestToService(envelope.id(), envelope.name(), data, envelope.source()));
  }

  private void deliverResponse(Envelope envelope) {
    Pending request = pending.get(envelope.id());
    if (request == null || !request.serviceConnection().equals(envelope.source())) {
      gateway.stats().syncLateResponses.increment();
      return;
    }
    pending.remove(envelope.id());
    byte[] data = envelope.payload() == null ? null : envelope.payload().getBytes();
    request.client().sendText(SyncFrames.responseToClient(request.clientIdJson(), envelope.attribute("service"),
      envelope.name(), data, envelope.attribute("errorCode"), envelope.attribute("message")));
  }

  private void deliverSystem(Envelope envelope, Connection target) {
    if (UNDELIVERABLE.equals(envelope.name())) {
      Pending request = pending.remove(envelope.id());
      if (request != null) {
        failRequest(request, SyncErrorCode.SERVICE_UNAVAILABLE, "service '" + request.serviceId() + "' disconnected");
      }
    } else if (SyncFrames.CONNECT.equals(envelope.name()) && target instanceof SyncConnection connection) {
      SyncErrorCode code = SyncErrorCode.valueOf(envelope.attribute("errorCode"));
      connection.sendText(SyncFrames.connectRefused(code, envelope.attribute("message")));
      connection.close(code == SyncErrorCode.SERVICE_REPLACED ? CloseCode.SERVICE_REPLACED : CloseCode.NORMAL);
    }
  }

  @Override
  public void broadcast(Envelope envelope) {
    if (envelope.kind() != Envelope.Kind.NOTICE || clients.isEmpty()) {
      return;
    }
    byte[] data = envelope.payload() == null ? null : envelope.payload().getBytes();
    byte[] frame = SyncFrames.notice(envelope.attribute("service"), envelope.name(), data,
      envelope.attribute("errorCode"), envelope.attribute("message"));
    for (SyncConnection client : clients) {
      client.sendText(frame);
    }
  }

  // ---- timers and cluster changes ----

  private void expireRequests() {
    for (Pending request : pending.removeExpired(System.currentTimeMillis())) {
      failRequest(request, SyncErrorCode.GATEWAY_TIMEOUT,
        "service '" + request.serviceId() + "' did not answer within " + config.requestTimeoutMs() + " ms");
    }
  }

  private void failRequest(Pending request, SyncErrorCode code, String message) {
    request.client().sendText(SyncFrames.responseToClient(request.clientIdJson(), request.serviceId(),
      request.method(), null, code.name(), message));
  }

  private void registryChanged(SyncServiceRegistry.Snapshot snapshot) {
    if (pending.size() == 0) {
      return;
    }
    for (Pending request : pending.removeIf(p -> !snapshot.holds(p.serviceConnection()))) {
      failRequest(request, SyncErrorCode.SERVICE_UNAVAILABLE, "service '" + request.serviceId() + "' disconnected");
    }
  }

  private void countsChanged() {
    if (countPushScheduled) {
      return;
    }
    countPushScheduled = true;
    gateway.vertx().setTimer(COUNT_PUSH_DELAY_MS, id -> pushCounts());
  }

  /** Tells every local client the service count, and every local service the client count, when they changed. */
  private void pushCounts() {
    countPushScheduled = false;
    long serviceCount = summaries.total(COUNT_SERVICES);
    long clientCount = summaries.total(COUNT_CLIENTS);
    if (serviceCount != clientsToldServices) {
      clientsToldServices = serviceCount;
      byte[] frame = SyncFrames.linkCount(serviceCount);
      clients.forEach(client -> client.sendText(frame));
    }
    if (clientCount != servicesToldClients) {
      servicesToldClients = clientCount;
      byte[] frame = SyncFrames.linkCount(clientCount);
      services.forEach(service -> service.sendText(frame));
    }
  }

  private static boolean tokensMatch(String expected, String presented) {
    return presented != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
      presented.getBytes(StandardCharsets.UTF_8));
  }
}
