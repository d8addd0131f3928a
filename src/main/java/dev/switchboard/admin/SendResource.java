package dev.switchboard.admin;

import dev.switchboard.config.SwitchboardConfig;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

import java.util.Map;

/**
 * {@code POST /api/send} (SPEC §5): one call for every dialect. Checks what is common ({@link ApiSendRequest}),
 * then hands the message to the dialect's {@link DialectSender}; answers 200 with its reply. A dialect disabled on
 * this node is refused.
 */
final class SendResource {

  private final SwitchboardConfig config;
  private final Map<String, DialectSender> senders;

  SendResource(SwitchboardConfig config, Map<String, DialectSender> senders) {
    this.config = config;
    this.senders = senders;
  }

  void send(RoutingContext context) {
    Future.succeededFuture()
      .compose(ignored -> {
        ApiSendRequest request = ApiSendRequest.parse(context.body().buffer());
        if (!isEnabled(request.dialect())) {
          throw ApiException.dialectDisabled(request.dialect());
        }
        if (request.body().containsKey("ack") && !"socketio".equals(request.dialect())) {
          throw ApiException.invalidBody("ack is only for socketio: no other dialect has client acknowledgements "
            + "to wait for");
        }
        return senders.get(request.dialect()).send(request);
      })
      .onSuccess(reply -> ApiResponses.json(context, 200, reply))
      .onFailure(failure -> ApiResponses.fail(context, failure));
  }

  private boolean isEnabled(String dialect) {
    return switch (dialect) {
      case "sync" -> config.sync().enabled();
      case "push" -> config.push().enabled();
      case "socketio" -> config.socketio().enabled();
      case "tapr" -> config.tapr().enabled();
      default -> false;
    };
  }
}
