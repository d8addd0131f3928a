package dev.switchboard.admin;

import dev.switchboard.bus.NodeIdentity;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * The bearer token every {@code /api} call must present (SPEC §5): {@code api.token}, or — when it is not set —
 * one random token for the whole cluster. The first node to start generates it and logs it once; the others
 * find it in cluster state (a {@code putIfAbsent} on the map {@value #MAP}, so two nodes starting together still
 * agree) and only say which node logged it. Each node generating its own would make a token that works on one
 * node and not on the next behind the same load balancer. Resolved once per node start by the admin verticle.
 */
final class ApiToken {

  static final String MAP = "sb.api";
  static final String KEY = "generatedToken";

  private static final System.Logger LOG = System.getLogger(ApiToken.class.getName());

  private ApiToken() {
  }

  static Future<String> resolve(Vertx vertx, String configured, NodeIdentity node) {
    if (configured != null) {
      return Future.succeededFuture(configured);
    }
    String candidate = randomToken();
    JsonObject generated = new JsonObject().put("token", candidate).put("node", node.id());
    return vertx.sharedData().<String, String>getAsyncMap(MAP)
      .compose(map -> map.putIfAbsent(KEY, generated.encode()))
      .map(existing -> {
        if (existing == null) {
          LOG.log(System.Logger.Level.WARNING, "api.token is not set: generated the server API token for this "
            + "cluster: " + candidate + " (shown once; set api.token to choose your own)");
          return candidate;
        }
        JsonObject shared = new JsonObject(existing);
        LOG.log(System.Logger.Level.WARNING, "api.token is not set: using the server API token that node "
          + shared.getString("node") + " generated for this cluster (it is in that node's log)");
        return shared.getString("token");
      });
  }

  private static String randomToken() {
    byte[] random = new byte[24];
    new SecureRandom().nextBytes(random);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
  }
}
