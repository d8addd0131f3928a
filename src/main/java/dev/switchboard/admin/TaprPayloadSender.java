package dev.switchboard.admin;

import io.vertx.core.Future;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;

/**
 * {@code POST /api/send} on the tapr dialect: each target receives one text frame that is the JSON encoding of
 * {@code payload} (as the sidecar's send, SPEC §4). Targets: one connection, the connections of a user, or all.
 */
final class TaprPayloadSender implements DialectSender {

  private final ClusterNodes nodes;

  TaprPayloadSender(ClusterNodes nodes) {
    this.nodes = nodes;
  }

  @Override
  public Future<JsonObject> send(ApiSendRequest request) {
    request.requireTarget("conn, user or all", ApiSendRequest.Target.Kind.CONN, ApiSendRequest.Target.Kind.USER,
      ApiSendRequest.Target.Kind.ALL);
    if (!request.body().containsKey("payload")) {
      throw ApiException.invalidBody("payload is required: the JSON value each connection receives as one text frame");
    }
    String frame = Json.encode(request.body().getValue("payload"));
    ConnectionSelector.Kind kind = switch (request.to().kind()) {
      case CONN -> ConnectionSelector.Kind.CONNECTION;
      case USER -> ConnectionSelector.Kind.USER;
      default -> ConnectionSelector.Kind.ALL;
    };
    return nodes.write(new ConnectionSelector(request.dialect(), kind, request.to().key()), frame)
      .map(reached -> new JsonObject().put("reached", reached));
  }
}
