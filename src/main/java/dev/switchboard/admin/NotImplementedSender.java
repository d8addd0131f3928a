package dev.switchboard.admin;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * The stand-in for a dialect the server API cannot send to yet (socket.io, whose dialect is being built):
 * answers 501 {@code NOT_IMPLEMENTED}. Also the answer of {@code /api/rooms/join|leave} until then.
 */
final class NotImplementedSender implements DialectSender {

  private final String dialect;

  NotImplementedSender(String dialect) {
    this.dialect = dialect;
  }

  @Override
  public Future<JsonObject> send(ApiSendRequest request) {
    return Future.failedFuture(notImplemented(dialect, "sends"));
  }

  static ApiException notImplemented(String dialect, String what) {
    return new ApiException(501, "NOT_IMPLEMENTED", "the server API has no " + dialect + " " + what
      + " yet: the " + dialect + " dialect is not part of this build");
  }
}
