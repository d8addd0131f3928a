package dev.switchboard.admin;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Lets an {@code /api} call through only with {@code Authorization: Bearer <api token>} (SPEC §5); anything else
 * gets 401 {@code {"code":"UNAUTHORIZED"}} before its body is read. Compares in constant time.
 */
final class BearerTokenHandler implements Handler<RoutingContext> {

  private static final String SCHEME = "Bearer ";

  private final byte[] token;

  BearerTokenHandler(String token) {
    this.token = token.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void handle(RoutingContext context) {
    String header = context.request().getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      refuse(context, "this call needs the header Authorization: Bearer <api.token>");
      return;
    }
    byte[] presented = header.substring(SCHEME.length()).trim().getBytes(StandardCharsets.UTF_8);
    if (!MessageDigest.isEqual(token, presented)) {
      refuse(context, "the bearer token is not valid");
      return;
    }
    context.next();
  }

  private static void refuse(RoutingContext context, String message) {
    context.response().putHeader("WWW-Authenticate", "Bearer realm=\"switchboard\"");
    ApiResponses.error(context, 401, "UNAUTHORIZED", message);
  }
}
