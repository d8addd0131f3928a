package dev.switchboard.admin;

import dev.switchboard.NodeStats;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@code POST /api/send} body (SPEC §5), checked for what every dialect shares: {@code dialect} and exactly one
 * target in {@code to}. The dialect's own fields ({@code method}/{@code data}, {@code payload}, {@code message},
 * {@code event}/{@code args}/{@code ack}) stay in {@code body} for its {@link DialectSender}. Every refusal is an
 * {@link ApiException} 400 {@code INVALID_BODY} whose message names the field.
 */
record ApiSendRequest(String dialect, Target to, JsonObject body) {

  /** Where the message goes: {@code {"conn":id}}, {@code {"user":name}}, ... or {@code {"all":true}}. */
  record Target(Kind kind, String key) {

    enum Kind {
      CONN("conn"), USER("user"), GROUP("group"), ROOM("room"), SERVICE("service"), ALL("all");

      final String field;

      Kind(String field) {
        this.field = field;
      }
    }

    /** The target's field as the body spells it ({@code to.user}...), for messages. */
    String field() {
      return "to." + kind.field;
    }
  }

  static ApiSendRequest parse(Buffer raw) {
    JsonObject body = jsonObject(raw);
    if (!(body.getValue("dialect") instanceof String dialect) || !NodeStats.DIALECTS.contains(dialect)) {
      throw ApiException.invalidBody("dialect is required: one of " + String.join(", ", NodeStats.DIALECTS));
    }
    return new ApiSendRequest(dialect, target(body.getValue("to")), body);
  }

  /** A body that must be one JSON object. */
  static JsonObject jsonObject(Buffer raw) {
    if (raw == null || raw.length() == 0) {
      throw ApiException.invalidBody("the body is empty: send a JSON object");
    }
    try {
      if (raw.toJsonValue() instanceof JsonObject object) {
        return object;
      }
    } catch (DecodeException e) {
      throw ApiException.invalidBody("the body is not valid JSON: " + e.getMessage());
    }
    throw ApiException.invalidBody("the body must be a JSON object");
  }

  private static Target target(Object to) {
    String expected = "to is required: one of {\"conn\":id}, {\"user\":name}, {\"group\":name}, {\"room\":name}, "
      + "{\"service\":id}, {\"all\":true}";
    if (!(to instanceof JsonObject fields)) {
      throw ApiException.invalidBody(expected);
    }
    List<Target.Kind> named = new ArrayList<>();
    for (Target.Kind kind : Target.Kind.values()) {
      if (fields.containsKey(kind.field)) {
        named.add(kind);
      }
    }
    if (named.size() != 1) {
      throw ApiException.invalidBody(named.isEmpty() ? expected : "to must name exactly one target, not " + named.size());
    }
    Target.Kind kind = named.get(0);
    Object value = fields.getValue(kind.field);
    if (kind == Target.Kind.ALL) {
      if (!Boolean.TRUE.equals(value)) {
        throw ApiException.invalidBody("to.all must be true");
      }
      return new Target(kind, null);
    }
    if (!(value instanceof String key) || key.isEmpty()) {
      throw ApiException.invalidBody("to." + kind.field + " must be a non-empty string");
    }
    return new Target(kind, key);
  }

  /** Refuses a target kind the dialect does not have, naming the ones it has. */
  void requireTarget(String allowed, Target.Kind... kinds) {
    for (Target.Kind kind : kinds) {
      if (to.kind() == kind) {
        return;
      }
    }
    throw ApiException.invalidBody(to.field() + " is not a target of the " + dialect + " dialect: use " + allowed);
  }
}
