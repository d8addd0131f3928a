package dev.switchboard.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.switchboard.config.ConfigType.*;

/**
 * The one place where every configuration key of SPEC §7 and its default are written down.
 * {@code conf/switchboard.json} and the README repeat these values; a test checks they agree.
 */
public final class ConfigSchema {

  public static final List<ConfigKey> KEYS = List.of(
    key("node.id", NULLABLE_STRING, null),

    key("public.host", STRING, "0.0.0.0"),
    key("public.port", INT, 3207),
    key("public.maxFrameBytes", INT, 1_048_576),
    key("public.maxQueuedBytes", INT, 1_048_576),
    key("public.allowedOrigins", STRING_LIST, new JsonArray()),
    // Beyond SPEC §7: WebSocket ping interval of dialects without their own ping; two silent intervals close.
    key("public.pingIntervalMs", LONG, 25_000L),

    key("api.host", STRING, "0.0.0.0"),
    key("api.port", INT, 3208),
    key("api.token", NULLABLE_STRING, null),
    key("api.maxBodyBytes", INT, 1_048_576),

    key("jwt.algorithm", STRING, "HS256"),
    key("jwt.secret", NULLABLE_STRING, null),
    key("jwt.publicKey", NULLABLE_STRING, null),

    key("sync.enabled", BOOLEAN, true),
    key("sync.path", STRING, "/sync/server"),
    key("sync.serviceMode", STRING, "single"),
    key("sync.serviceLimit", INT, 0),
    key("sync.duplicateServiceId", STRING, "replace"),
    key("sync.requestTimeoutMs", LONG, 10_000L),
    key("sync.auth.serviceToken", NULLABLE_STRING, null),
    key("sync.auth.clientToken", NULLABLE_STRING, null),

    key("push.enabled", BOOLEAN, true),
    key("push.path", STRING, "/push"),
    key("push.token", NULLABLE_STRING, null),
    key("push.authTimeoutMs", LONG, 30_000L),
    key("push.retryMs", LONG, 3_000L),
    key("push.inflight", INT, 16),
    key("push.waitTimeoutMs", LONG, 5_000L),
    key("push.ttlMs", LONG, 604_800_000L),
    key("push.http.verifyToken", BOOLEAN, false),
    key("push.webpush.publicKey", NULLABLE_STRING, null),
    key("push.webpush.privateKey", NULLABLE_STRING, null),
    key("push.webpush.subject", STRING, "mailto:admin@localhost"),
    key("push.webhooks", STRING_MAP, new JsonObject()),

    key("socketio.enabled", BOOLEAN, true),
    key("socketio.path", STRING, "/socket.io/"),
    key("socketio.namespaces", STRING_LIST, new JsonArray().add("/").add("/web").add("/app")),
    key("socketio.pingIntervalMs", LONG, 25_000L),
    key("socketio.pingTimeoutMs", LONG, 20_000L),
    key("socketio.connectTimeoutMs", LONG, 45_000L),
    key("socketio.maxPayload", INT, 1_000_000),
    key("socketio.allowEIO3", BOOLEAN, true),
    key("socketio.auth.required", BOOLEAN, false),
    key("socketio.auth.userClaim", STRING, "sub"),
    key("socketio.auth.roomClaims", STRING_MAP, new JsonObject()),
    key("socketio.app.url", NULLABLE_STRING, null),
    key("socketio.recovery.enabled", BOOLEAN, false),
    key("socketio.recovery.maxDisconnectionMs", LONG, 120_000L),
    key("socketio.recovery.maxPackets", INT, 1_000),
    key("socketio.recovery.maxBytes", LONG, 1_048_576L),

    key("tapr.enabled", BOOLEAN, true),
    key("tapr.path", STRING, "/ws"),
    key("tapr.userHeader", STRING, "X-Bfl-User"),
    key("tapr.requireUser", BOOLEAN, false),
    key("tapr.pingTimeoutMs", LONG, 45_000L),
    key("tapr.app.port", INT, 3010),
    key("tapr.app.url", STRING, "/websocket/message"),
    key("tapr.sidecar.host", STRING, "127.0.0.1"),
    key("tapr.sidecar.port", INT, 40010),

    key("webhook.timeoutMs", LONG, 2_000L),
    key("webhook.maxAttempts", INT, 5),
    key("webhook.openFailure", STRING, "refuse"),

    key("shutdown.graceMs", LONG, 20_000L)
  );

  /** Keys that are not configuration keys but cluster settings (SPEC §7): never refused. */
  public static final String CLUSTER_ENVIRONMENT_PREFIX = "SB_CLUSTER_";

  /**
   * Environment variables of the original TAPR sidecar, honoured for compatibility (SPEC §4);
   * an {@code SB_*} variable for the same key wins.
   */
  public static final Map<String, String> COMPATIBILITY_ENVIRONMENT = Map.of(
    "WS_PORT", "tapr.app.port",
    "WS_URL", "tapr.app.url");

  private static final Map<String, ConfigKey> BY_PATH = new LinkedHashMap<>();

  static {
    for (ConfigKey key : KEYS) {
      BY_PATH.put(key.path(), key);
    }
  }

  private ConfigSchema() {
  }

  public static ConfigKey byPath(String path) {
    return BY_PATH.get(path);
  }

  /** Whether {@code path} names a section (an object that holds keys), such as {@code sync.auth}. */
  static boolean isSection(String path) {
    String prefix = path + ".";
    return KEYS.stream().anyMatch(k -> k.path().startsWith(prefix));
  }

  /** The full default configuration as nested JSON. */
  public static JsonObject defaults() {
    JsonObject root = new JsonObject();
    for (ConfigKey key : KEYS) {
      JsonPaths.put(root, key.path(), key.defaultJson());
    }
    return root;
  }

  private static ConfigKey key(String path, ConfigType type, Object defaultValue) {
    return new ConfigKey(path, type, defaultValue);
  }
}
