package dev.switchboard.admin;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * How the API port answers: JSON bodies, and every error as {@code {"code","message"}} with its HTTP status
 * (SPEC §0). Used by every handler of the API port.
 */
final class ApiResponses {

  private static final System.Logger LOG = System.getLogger(ApiResponses.class.getName());

  private ApiResponses() {
  }

  static void json(RoutingContext context, int status, JsonObject body) {
    if (context.response().ended() || context.response().closed()) {
      return;
    }
    context.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
  }

  static void error(RoutingContext context, int status, String code, String message) {
    json(context, status, new JsonObject().put("code", code).put("message", message));
  }

  /** Answers a failed call: an {@link ApiException} as itself, anything else as a logged 500. */
  static void fail(RoutingContext context, Throwable failure) {
    if (failure instanceof ApiException api) {
      error(context, api.status(), api.code(), api.getMessage());
      return;
    }
    LOG.log(System.Logger.Level.ERROR, "server API failed on " + context.request().method() + " "
      + context.request().path(), failure);
    error(context, 500, "INTERNAL_ERROR", "internal error: " + failure.getMessage());
  }
}
