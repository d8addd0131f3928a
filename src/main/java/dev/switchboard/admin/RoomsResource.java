package dev.switchboard.admin;

import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /api/rooms/join} and {@code /api/rooms/leave} (SPEC §5, {@code {dialect:"socketio", namespace,
 * conn|user, room}}): rooms exist only in socket.io, so other dialects are refused with 400; socket.io answers
 * 501 until its dialect provides room membership (the place to plug it in is here).
 */
final class RoomsResource {

  void join(RoutingContext context) {
    answer(context, "room joins");
  }

  void leave(RoutingContext context) {
    answer(context, "room leaves");
  }

  private static void answer(RoutingContext context, String what) {
    try {
      Object dialect = ApiSendRequest.jsonObject(context.body().buffer()).getValue("dialect");
      if (!"socketio".equals(dialect)) {
        throw ApiException.invalidBody("dialect must be socketio: rooms exist only in the socket.io dialect");
      }
      throw NotImplementedSender.notImplemented("socketio", what);
    } catch (ApiException e) {
      ApiResponses.fail(context, e);
    }
  }
}
