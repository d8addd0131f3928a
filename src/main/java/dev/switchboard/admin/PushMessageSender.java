package dev.switchboard.admin;

import dev.switchboard.bus.Addresses;
import dev.switchboard.bus.NodeIdentity;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;

/**
 * {@code POST /api/send} on the push dialect: {@code message} ({@code {text, desp, extra}}) accepted like a
 * client's MESSAGE (SPEC §2) by this node's push endpoint — queued in every recipient's mailbox with the usual
 * statuses and delivery — sent as {@code from:{method:"http", name:<"from" or "api">}}. Targets: a name
 * ({@code user}, personal), a {@code group}, or the name of a push connection ({@code conn}). Answers
 * {@code {"reached":N,"status":{name:status}}}: the statuses at acceptance; {@code reached} counts the names that
 * had a live connection (or webhook client) to hand it to — 0 for an offline name, whose message still waits.
 */
final class PushMessageSender implements DialectSender {

  private static final long TIMEOUT_MS = 10_000;

  private final Vertx vertx;
  private final NodeIdentity node;
  private final ClusterNodes nodes;

  PushMessageSender(Vertx vertx, NodeIdentity node, ClusterNodes nodes) {
    this.vertx = vertx;
    this.node = node;
    this.nodes = nodes;
  }

  @Override
  public Future<JsonObject> send(ApiSendRequest request) {
    request.requireTarget("user (a name), group or conn", ApiSendRequest.Target.Kind.USER,
      ApiSendRequest.Target.Kind.GROUP, ApiSendRequest.Target.Kind.CONN);
    JsonObject body = request.body();
    if (!(body.getValue("message") instanceof JsonObject message)) {
      throw ApiException.invalidBody("message is required: an object {text, desp, extra}");
    }
    Object from = body.getValue("from");
    if (from != null && !(from instanceof String)) {
      throw ApiException.invalidBody("from must be a string: the sender name the recipients see");
    }
    JsonObject accepted = new JsonObject().put("message", message).put("from", from);
    return switch (request.to().kind()) {
      case USER -> accept(accepted.put("sendType", "personal").put("target", request.to().key()));
      case GROUP -> accept(accepted.put("sendType", "group").put("target", request.to().key()));
      default -> nodes.describe(request.to().key()).compose(connection -> {
        if (connection == null || !"push".equals(connection.dialect()) || connection.user() == null) {
          // Not an authenticated push connection: nobody to address.
          return Future.succeededFuture(new JsonObject().put("reached", 0).put("status", new JsonObject()));
        }
        return accept(accepted.put("sendType", "personal").put("target", connection.user()));
      });
    };
  }

  private Future<JsonObject> accept(JsonObject message) {
    return vertx.eventBus().<JsonObject>request(Addresses.pushApiMessages(node.id()), message,
        new DeliveryOptions().setSendTimeout(TIMEOUT_MS).setLocalOnly(true))
      .map(Message::body)
      .map(answer -> new JsonObject().put("reached", answer.getInteger("reached")).put("status", answer.getJsonObject("status")))
      .recover(failure -> {
        if (failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.NO_HANDLERS) {
          return Future.failedFuture(new ApiException(503, "DIALECT_UNAVAILABLE",
            "the push dialect is not running on this node"));
        }
        if (failure instanceof ReplyException reply && reply.failureCode() == 400) {
          return Future.failedFuture(ApiException.invalidBody(reply.getMessage()));
        }
        return Future.failedFuture(failure);
      });
  }
}
