package dev.switchboard.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The typed, validated configuration of one node (SPEC §7). Built only by {@link ConfigLoader},
 * which has already checked every key and type; the records here add the checks that span values
 * (enumerations, ranges) and give each section a name the code can use.
 */
public record SwitchboardConfig(
  NodeConfig node,
  PublicConfig publicServer,
  ApiConfig api,
  JwtConfig jwt,
  SyncConfig sync,
  PushConfig push,
  SocketIoConfig socketio,
  TaprConfig tapr,
  WebhookConfig webhook,
  ShutdownConfig shutdown,
  JsonObject json) {

  public record NodeConfig(String id) {
  }

  public record PublicConfig(String host, int port, int maxFrameBytes, int maxQueuedBytes, List<String> allowedOrigins,
                             long pingIntervalMs) {
  }

  public record ApiConfig(String host, int port, String token, int maxBodyBytes) {
  }

  public record JwtConfig(String algorithm, String secret, String publicKey) {
  }

  public enum ServiceMode { SINGLE, MULTI }

  public enum DuplicateServiceIdPolicy { REPLACE, REJECT }

  public record SyncConfig(boolean enabled, String path, ServiceMode serviceMode, int serviceLimit,
                           DuplicateServiceIdPolicy duplicateServiceId, long requestTimeoutMs,
                           String serviceToken, String clientToken) {
  }

  public record WebPushConfig(String publicKey, String privateKey, String subject) {
  }

  public record PushConfig(boolean enabled, String path, String token, long authTimeoutMs, long retryMs, int inflight,
                           long waitTimeoutMs, long ttlMs, boolean httpVerifyToken, WebPushConfig webpush,
                           Map<String, String> webhooks) {
  }

  public record SocketIoConfig(boolean enabled, String path, List<String> namespaces, long pingIntervalMs,
                               long pingTimeoutMs, long connectTimeoutMs, int maxPayload, boolean allowEIO3,
                               boolean authRequired, String userClaim, Map<String, String> roomClaims, String appUrl,
                               SocketIoRecoveryConfig recovery) {
  }

  /** Connection state recovery: off by default; the missed-event log of each socket is bounded in count and bytes. */
  public record SocketIoRecoveryConfig(boolean enabled, long maxDisconnectionMs, int maxPackets, long maxBytes) {
  }

  public record TaprConfig(boolean enabled, String path, String userHeader, boolean requireUser, long pingTimeoutMs,
                           int appPort, String appUrl, String sidecarHost, int sidecarPort) {
  }

  public record WebhookConfig(long timeoutMs, int maxAttempts, String openFailure) {
  }

  public record ShutdownConfig(long graceMs) {
  }

  /** Defaults only: what a node runs with when given nothing. */
  public static SwitchboardConfig defaults() {
    return ConfigLoader.load(new JsonObject(), Map.of());
  }

  static SwitchboardConfig from(JsonObject json) {
    Reader r = new Reader(json);
    SyncConfig sync = new SyncConfig(
      r.bool("sync.enabled"), r.path("sync.path"),
      r.choice("sync.serviceMode", ServiceMode.class), r.nonNegative("sync.serviceLimit"),
      r.choice("sync.duplicateServiceId", DuplicateServiceIdPolicy.class), r.positiveLong("sync.requestTimeoutMs"),
      r.string("sync.auth.serviceToken"), r.string("sync.auth.clientToken"));
    PushConfig push = new PushConfig(
      r.bool("push.enabled"), r.path("push.path"), r.string("push.token"), r.positiveLong("push.authTimeoutMs"),
      r.positiveLong("push.retryMs"), r.positive("push.inflight"), r.positiveLong("push.waitTimeoutMs"),
      r.positiveLong("push.ttlMs"), r.bool("push.http.verifyToken"),
      new WebPushConfig(r.string("push.webpush.publicKey"), r.string("push.webpush.privateKey"),
        r.string("push.webpush.subject")),
      r.map("push.webhooks"));
    SocketIoConfig socketio = new SocketIoConfig(
      r.bool("socketio.enabled"), r.path("socketio.path"), r.list("socketio.namespaces"),
      r.positiveLong("socketio.pingIntervalMs"), r.positiveLong("socketio.pingTimeoutMs"),
      r.positiveLong("socketio.connectTimeoutMs"), r.positive("socketio.maxPayload"), r.bool("socketio.allowEIO3"),
      r.bool("socketio.auth.required"), r.string("socketio.auth.userClaim"), r.map("socketio.auth.roomClaims"),
      r.string("socketio.app.url"),
      new SocketIoRecoveryConfig(r.bool("socketio.recovery.enabled"), r.positiveLong("socketio.recovery.maxDisconnectionMs"),
        r.positive("socketio.recovery.maxPackets"), r.positiveLong("socketio.recovery.maxBytes")));
    TaprConfig tapr = new TaprConfig(
      r.bool("tapr.enabled"), r.path("tapr.path"), r.string("tapr.userHeader"), r.bool("tapr.requireUser"),
      r.positiveLong("tapr.pingTimeoutMs"), r.port("tapr.app.port"), r.path("tapr.app.url"),
      r.string("tapr.sidecar.host"), r.port("tapr.sidecar.port"));
    SwitchboardConfig config = new SwitchboardConfig(
      new NodeConfig(r.nodeId("node.id")),
      new PublicConfig(r.string("public.host"), r.port("public.port"), r.positive("public.maxFrameBytes"),
        r.positive("public.maxQueuedBytes"), r.list("public.allowedOrigins"), r.positiveLong("public.pingIntervalMs")),
      new ApiConfig(r.string("api.host"), r.port("api.port"), r.string("api.token"), r.positive("api.maxBodyBytes")),
      new JwtConfig(r.oneOf("jwt.algorithm", "HS256", "RS256", "ES256"), r.string("jwt.secret"), r.string("jwt.publicKey")),
      sync, push, socketio, tapr,
      new WebhookConfig(r.positiveLong("webhook.timeoutMs"), r.positive("webhook.maxAttempts"),
        r.oneOf("webhook.openFailure", "refuse", "accept")),
      new ShutdownConfig(r.nonNegativeLong("shutdown.graceMs")),
      json);
    r.failIfProblems();
    return config;
  }

  /** Reads typed values by path and collects every cross-value problem before failing once. */
  private static final class Reader {
    private final JsonObject json;
    private final java.util.List<String> problems = new java.util.ArrayList<>();

    Reader(JsonObject json) {
      this.json = json;
    }

    String string(String path) {
      return (String) JsonPaths.get(json, path);
    }

    boolean bool(String path) {
      return (Boolean) JsonPaths.get(json, path);
    }

    int integer(String path) {
      return ((Number) JsonPaths.get(json, path)).intValue();
    }

    long longValue(String path) {
      return ((Number) JsonPaths.get(json, path)).longValue();
    }

    String nodeId(String path) {
      String value = string(path);
      if (value != null && !dev.switchboard.bus.NodeIdentity.isValidId(value)) {
        problems.add("key '" + path + "': must be 1-32 of A-Z a-z 0-9 _ -, got \"" + value + "\"");
      }
      return value;
    }

    int positive(String path) {
      int value = integer(path);
      if (value <= 0) {
        problems.add("key '" + path + "': must be greater than 0, got " + value);
      }
      return value;
    }

    int nonNegative(String path) {
      int value = integer(path);
      if (value < 0) {
        problems.add("key '" + path + "': must not be negative, got " + value);
      }
      return value;
    }

    long positiveLong(String path) {
      long value = longValue(path);
      if (value <= 0) {
        problems.add("key '" + path + "': must be greater than 0, got " + value);
      }
      return value;
    }

    long nonNegativeLong(String path) {
      long value = longValue(path);
      if (value < 0) {
        problems.add("key '" + path + "': must not be negative, got " + value);
      }
      return value;
    }

    int port(String path) {
      int value = integer(path);
      if (value < 0 || value > 65535) {
        problems.add("key '" + path + "': must be a port number 0-65535, got " + value);
      }
      return value;
    }

    String path(String key) {
      String value = string(key);
      if (!value.startsWith("/")) {
        problems.add("key '" + key + "': must start with '/', got \"" + value + "\"");
      }
      return value;
    }

    String oneOf(String path, String... allowed) {
      String value = string(path);
      if (!List.of(allowed).contains(value)) {
        problems.add("key '" + path + "': must be one of " + String.join(", ", allowed) + ", got \"" + value + "\"");
      }
      return value;
    }

    <E extends Enum<E>> E choice(String path, Class<E> type) {
      String value = string(path);
      for (E constant : type.getEnumConstants()) {
        if (constant.name().equalsIgnoreCase(value)) {
          return constant;
        }
      }
      problems.add("key '" + path + "': must be one of " + java.util.Arrays.stream(type.getEnumConstants())
        .map(c -> c.name().toLowerCase(java.util.Locale.ROOT)).collect(Collectors.joining(", "))
        + ", got \"" + value + "\"");
      return type.getEnumConstants()[0];
    }

    List<String> list(String path) {
      JsonArray array = (JsonArray) JsonPaths.get(json, path);
      return array.stream().map(String.class::cast).toList();
    }

    Map<String, String> map(String path) {
      JsonObject object = (JsonObject) JsonPaths.get(json, path);
      return object.getMap().entrySet().stream()
        .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> (String) e.getValue()));
    }

    void failIfProblems() {
      if (!problems.isEmpty()) {
        throw new ConfigException("Invalid configuration:\n  " + String.join("\n  ", problems));
      }
    }
  }
}
