package dev.switchboard.admin;

import dev.switchboard.config.SwitchboardConfig;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /api/rooms/join} and {@code /api/rooms/leave} (SPEC §5, {@code {dialect:"socketio", namespace,
 * conn|user, room}}): rooms exist only in socket.io, so other dialects are refused with 400; socket.io's are
 * changed on whatever node holds the sockets ({@link SocketIoApi#changeRoom}). Answers {@code {"reached": N}}.
 */
final class RoomsResource {

  private final SwitchboardConfig config;
  private final SocketIoApi socketIo;

  RoomsResource(SwitchboardConfig config, SocketIoApi socketIo) {
    this.config = config;
    this.socketIo = socketIo;
  }

  void join(RoutingContext context) {
    answer(context, true);
  }

  void leave(RoutingContext context) {
    answer(context, false);
  }

  private void answer(RoutingContext context, boolean join) {
    Future.succeededFuture()
      .compose(ignored -> {
        JsonObject body = ApiSendRequest.jsonObject(context.body().buffer());
        if (!"socketio".equals(body.getValue("dialect"))) {
          throw ApiException.invalidBody("dialect must be socketio: rooms exist only in the socket.io dialect");
        }
        if (!config.socketio().enabled()) {
          throw ApiException.dialectDisabled("socketio");
        }
        return socketIo.changeRoom(join, body);
      })
      .onSuccess(reply -> ApiResponses.json(context, 200, reply))
      .onFailure(failure -> ApiResponses.fail(context, failure));
  }
}
