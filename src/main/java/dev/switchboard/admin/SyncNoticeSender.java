package dev.switchboard.admin;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * {@code POST /api/send} on the sync dialect: {@code method} and {@code data} delivered as a notice (SPEC §1),
 * {@code {"service":"api","type":"notice","method":...,"data":...}} — stamped {@value #SERVICE} because no
 * service sent it, so clients can tell it from a service's notice. Targets: one connection ({@code conn}, a
 * client or a service), the connection of a service id ({@code service}), or every client ({@code all}: notices
 * go to clients; services are not their audience).
 */
final class SyncNoticeSender implements DialectSender {

  /** The {@code service} field of a notice the server API sends. */
  static final String SERVICE = "api";

  private final ClusterNodes nodes;

  SyncNoticeSender(ClusterNodes nodes) {
    this.nodes = nodes;
  }

  @Override
  public Future<JsonObject> send(ApiSendRequest request) {
    request.requireTarget("conn, service or all", ApiSendRequest.Target.Kind.CONN,
      ApiSendRequest.Target.Kind.SERVICE, ApiSendRequest.Target.Kind.ALL);
    JsonObject body = request.body();
    if (!(body.getValue("method") instanceof String method) || method.isEmpty()) {
      throw ApiException.invalidBody("method is required: the notice's method, a non-empty string");
    }
    // As in every sync frame, a null value counts as absent.
    if (body.getValue("data") == null) {
      throw ApiException.invalidBody("data is required: the notice's data, any JSON value but null");
    }
    String frame = new JsonObject().put("service", SERVICE).put("type", "notice").put("method", method)
      .put("data", body.getValue("data")).encode();
    ConnectionSelector.Kind kind = switch (request.to().kind()) {
      case CONN -> ConnectionSelector.Kind.CONNECTION;
      case SERVICE -> ConnectionSelector.Kind.SERVICE;
      default -> ConnectionSelector.Kind.ALL;
    };
    return nodes.write(new ConnectionSelector(request.dialect(), kind, request.to().key()), frame)
      .map(reached -> new JsonObject().put("reached", reached));
  }
}
