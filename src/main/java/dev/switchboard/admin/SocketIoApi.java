package dev.switchboard.admin;

import dev.switchboard.bus.Envelope;
import dev.switchboard.bus.NodeIdentity;
import dev.switchboard.dialect.socketio.InvalidEmitArgumentsException;
import dev.switchboard.dialect.socketio.SocketIoAckOptions;
import dev.switchboard.dialect.socketio.SocketIoEmitResult;
import dev.switchboard.dialect.socketio.SocketIoEndpoint;
import dev.switchboard.dialect.socketio.SocketIoEndpoints;
import dev.switchboard.dialect.socketio.SocketIoPacket;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.function.Function;

/**
 * The server API's socket.io operations (SPEC §3, §5): {@code POST /api/send} with {@code dialect:"socketio"} (an
 * event to one socket, a user's sockets, a room, a whole namespace or every socket, with optional acks) and
 * {@code /api/rooms/join|leave}. Checks the socket.io fields, then hands the work to this node's socket.io endpoint,
 * which reaches sockets on every node (one event-bus message to a socket's owner, one broadcast otherwise) and
 * gathers what the nodes report: the sockets reached and their acks.
 *
 * <p>Namespaces: {@code namespace} must be a configured one. Without it, a room or a user means {@code "/"}, a
 * socket id its own namespace, and {@code to.all} every socket of every namespace (with it: that namespace).
 */
final class SocketIoApi implements DialectSender {

  static final long MAX_ACK_TIMEOUT_MS = 120_000;
  static final int MAX_ACK_RETRIES = 10;

  private final NodeIdentity node;
  private final ClusterNodes nodes;

  SocketIoApi(NodeIdentity node, ClusterNodes nodes) {
    this.node = node;
    this.nodes = nodes;
  }

  @Override
  public Future<JsonObject> send(ApiSendRequest request) {
    request.requireTarget("conn, user, room or all", ApiSendRequest.Target.Kind.CONN, ApiSendRequest.Target.Kind.USER,
      ApiSendRequest.Target.Kind.ROOM, ApiSendRequest.Target.Kind.ALL);
    JsonObject body = request.body();
    SocketIoEndpoint endpoint = endpoint();
    String namespace = namespace(body, endpoint);
    String event = event(body);
    String arguments = arguments(body);
    SocketIoAckOptions ack = ack(body.getValue("ack"));
    try {
      SocketIoEndpoint.checkEmit(event, arguments);
    } catch (InvalidEmitArgumentsException invalid) {
      throw ApiException.invalidBody("args: " + invalid.getMessage());
    }
    String key = request.to().key();
    Future<SocketIoEmitResult> result = switch (request.to().kind()) {
      case CONN -> onSocket(endpoint, key, namespace,
        ns -> endpoint.emit(ns, Envelope.Target.connection(key), event, arguments, ack),
        new SocketIoEmitResult(0, ack == null ? null : List.of()));
      case USER -> endpoint.emit(namespace, new Envelope.Target(Envelope.TargetKind.USER, key), event, arguments, ack);
      case ROOM -> endpoint.emit(namespace, new Envelope.Target(Envelope.TargetKind.ROOM, key), event, arguments, ack);
      default -> namespace == null
        ? endpoint.emit(null, Envelope.Target.all(), event, arguments, ack)
        : endpoint.emit(namespace, new Envelope.Target(Envelope.TargetKind.NAMESPACE, namespace), event, arguments,
          ack);
    };
    return result.map(SocketIoEmitResult::toJson).recover(failure -> Future.failedFuture(
      failure instanceof InvalidEmitArgumentsException invalid ? ApiException.invalidBody("args: " + invalid.getMessage())
        : failure));
  }

  /**
   * {@code /api/rooms/join} or {@code /leave}: {@code {dialect, namespace?, conn|user, room}}; answers
   * {@code {"reached": N}}, the sockets it applied to.
   */
  Future<JsonObject> changeRoom(boolean join, JsonObject body) {
    SocketIoEndpoint endpoint = endpoint();
    String namespace = namespace(body, endpoint);
    if (!(body.getValue("room") instanceof String room) || room.isEmpty()) {
      throw ApiException.invalidBody("room is required: the room's name, a non-empty string");
    }
    boolean byConn = body.containsKey("conn");
    if (byConn == body.containsKey("user")) {
      throw ApiException.invalidBody("exactly one of conn (a socket id) and user (a user name) is required");
    }
    String field = byConn ? "conn" : "user";
    if (!(body.getValue(field) instanceof String who) || who.isEmpty()) {
      throw ApiException.invalidBody(field + " must be a non-empty string");
    }
    Function<String, Future<Integer>> change = byConn
      ? ns -> join ? endpoint.join(ns, Envelope.Target.connection(who), room)
        : endpoint.leave(ns, Envelope.Target.connection(who), room)
      : ns -> join ? endpoint.join(ns, new Envelope.Target(Envelope.TargetKind.USER, who), room)
        : endpoint.leave(ns, new Envelope.Target(Envelope.TargetKind.USER, who), room);
    Future<Integer> reached = byConn ? onSocket(endpoint, who, namespace, change, 0)
      : change.apply(namespace);
    return reached.map(count -> new JsonObject().put("reached", count));
  }

  /**
   * Runs {@code action} with the namespace of a live socket.io socket anywhere in the cluster; {@code absent} when
   * the id names none (or one of another namespace than the one asked for), without waiting on a node that is gone.
   * With connection state recovery a socket may be suspended (not listed) or live on another instance than its id
   * names: then the action goes to the id's home instance, which delivers, logs or forwards it.
   */
  private <T> Future<T> onSocket(SocketIoEndpoint endpoint, String socketId, String namespace,
                                 Function<String, Future<T>> action, T absent) {
    return nodes.describe(socketId).compose(socket -> {
      if (socket != null) {
        boolean matches = SocketIoEndpoint.DIALECT.equals(socket.dialect())
          && (namespace == null || namespace.equals(socket.namespace()));
        return matches ? action.apply(socket.namespace()) : Future.succeededFuture(absent);
      }
      return endpoint.recoversSockets()
        ? action.apply(namespace == null ? SocketIoEndpoint.ANY_NAMESPACE : namespace)
        : Future.succeededFuture(absent);
    });
  }

  private SocketIoEndpoint endpoint() {
    SocketIoEndpoint endpoint = SocketIoEndpoints.any(node.id());
    if (endpoint == null) {
      throw new ApiException(503, "DIALECT_UNAVAILABLE", "the socketio dialect is not running on this node");
    }
    return endpoint;
  }

  /** The {@code namespace} field: a configured namespace, or {@code null} when absent. */
  private static String namespace(JsonObject body, SocketIoEndpoint endpoint) {
    Object value = body.getValue("namespace");
    if (value == null) {
      return null;
    }
    if (!(value instanceof String namespace) || !namespace.startsWith("/")) {
      throw ApiException.invalidBody("namespace must be a string starting with '/', such as \"/web\"");
    }
    if (!endpoint.servesNamespace(namespace)) {
      throw ApiException.invalidBody("namespace " + namespace + " is not a configured socket.io namespace "
        + "(socketio.namespaces)");
    }
    return namespace;
  }

  private static String event(JsonObject body) {
    if (!(body.getValue("event") instanceof String event) || event.isEmpty()) {
      throw ApiException.invalidBody("event is required: the event's name, a non-empty string");
    }
    if (SocketIoPacket.RESERVED_EVENTS.contains(event)) {
      throw ApiException.invalidBody("event '" + event + "' is reserved by Socket.IO (clients drop it): one of "
        + String.join(", ", SocketIoPacket.RESERVED_EVENTS.stream().sorted().toList()) + " cannot be sent");
    }
    return event;
  }

  /** The {@code args} field as JSON text ({@code []} when absent). */
  private static String arguments(JsonObject body) {
    Object args = body.getValue("args");
    if (args == null) {
      return "[]";
    }
    if (!(args instanceof JsonArray array)) {
      throw ApiException.invalidBody("args must be a JSON array: the event's arguments, binaries as "
        + "{\"$binary\":\"<base64>\"}");
    }
    return array.encode();
  }

  /** The {@code ack} field: {@code {timeoutMs, retries?}}, or {@code null} when absent. */
  private static SocketIoAckOptions ack(Object value) {
    if (value == null) {
      return null;
    }
    if (!(value instanceof JsonObject ack)) {
      throw ApiException.invalidBody("ack must be an object {\"timeoutMs\": N, \"retries\": N}");
    }
    long timeoutMs = wholeNumber(ack.getValue("timeoutMs"), 1, MAX_ACK_TIMEOUT_MS,
      "ack.timeoutMs is required: how long each socket has to answer, a whole number of milliseconds from 1 to "
        + MAX_ACK_TIMEOUT_MS);
    long retries = ack.getValue("retries") == null ? 0 : wholeNumber(ack.getValue("retries"), 0, MAX_ACK_RETRIES,
      "ack.retries must be a whole number from 0 to " + MAX_ACK_RETRIES
        + ": how often the event is sent again to a socket that did not answer in time");
    return new SocketIoAckOptions(timeoutMs, (int) retries);
  }

  private static long wholeNumber(Object value, long min, long max, String refusal) {
    if ((value instanceof Integer || value instanceof Long) && ((Number) value).longValue() >= min
      && ((Number) value).longValue() <= max) {
      return ((Number) value).longValue();
    }
    throw ApiException.invalidBody(refusal);
  }
}
