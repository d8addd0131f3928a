package dev.switchboard.config;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The value types a configuration key can have, with the rules for checking a JSON value
 * and for parsing the text of an {@code SB_*} environment variable.
 */
public enum ConfigType {
  STRING(false), NULLABLE_STRING(true), INT(false), LONG(false), BOOLEAN(false),
  /** A JSON array of strings; from the environment a JSON array or a comma-separated list. */
  STRING_LIST(false),
  /** A JSON object whose values are strings (name → URL, claim → template); from the environment a JSON object. */
  STRING_MAP(false);

  private final boolean nullable;

  ConfigType(boolean nullable) {
    this.nullable = nullable;
  }

  /** Returns the value in canonical form, or throws {@link IllegalArgumentException} naming what was expected. */
  Object check(Object value) {
    if (value == null) {
      if (nullable) {
        return null;
      }
      throw new IllegalArgumentException("must not be null (expected " + describe() + ")");
    }
    switch (this) {
      case STRING, NULLABLE_STRING -> {
        if (value instanceof String) {
          return value;
        }
      }
      case INT -> {
        if (value instanceof Number n && isWhole(n) && n.longValue() >= Integer.MIN_VALUE && n.longValue() <= Integer.MAX_VALUE) {
          return n.intValue();
        }
      }
      case LONG -> {
        if (value instanceof Number n && isWhole(n)) {
          return n.longValue();
        }
      }
      case BOOLEAN -> {
        if (value instanceof Boolean) {
          return value;
        }
      }
      case STRING_LIST -> {
        if (value instanceof JsonArray array && array.stream().allMatch(v -> v instanceof String)) {
          return array.copy();
        }
      }
      case STRING_MAP -> {
        if (value instanceof JsonObject object && object.stream().allMatch(e -> e.getValue() instanceof String)) {
          return object.copy();
        }
      }
    }
    throw new IllegalArgumentException("expected " + describe() + ", got " + describeValue(value));
  }

  /** Parses the text of an environment variable into a value of this type. */
  Object parseEnvironment(String text) {
    String trimmed = text.trim();
    return switch (this) {
      case STRING -> text;
      case NULLABLE_STRING -> trimmed.equals("null") ? null : text;
      case INT, LONG -> {
        try {
          yield check(Long.parseLong(trimmed));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("expected " + describe() + ", got \"" + text + "\"");
        }
      }
      case BOOLEAN -> {
        if (trimmed.equalsIgnoreCase("true")) {
          yield true;
        }
        if (trimmed.equalsIgnoreCase("false")) {
          yield false;
        }
        throw new IllegalArgumentException("expected true or false, got \"" + text + "\"");
      }
      case STRING_LIST -> {
        if (trimmed.startsWith("[")) {
          yield check(decode(trimmed, JsonArray::new));
        }
        JsonArray list = new JsonArray();
        for (String part : trimmed.split(",")) {
          if (!part.isBlank()) {
            list.add(part.trim());
          }
        }
        yield list;
      }
      case STRING_MAP -> check(decode(trimmed, JsonObject::new));
    };
  }

  String describe() {
    return switch (this) {
      case STRING -> "a string";
      case NULLABLE_STRING -> "a string or null";
      case INT -> "a whole number (32-bit)";
      case LONG -> "a whole number";
      case BOOLEAN -> "true or false";
      case STRING_LIST -> "an array of strings";
      case STRING_MAP -> "an object whose values are strings";
    };
  }

  private static boolean isWhole(Number n) {
    return n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte
      || (n.doubleValue() == Math.rint(n.doubleValue()) && !Double.isInfinite(n.doubleValue()));
  }

  private static String describeValue(Object value) {
    if (value instanceof JsonObject) {
      return "an object";
    }
    if (value instanceof JsonArray) {
      return "an array";
    }
    if (value instanceof String s) {
      return "\"" + s + "\"";
    }
    return String.valueOf(value);
  }

  private static <T> T decode(String text, java.util.function.Function<String, T> parser) {
    try {
      return parser.apply(text);
    } catch (DecodeException e) {
      throw new IllegalArgumentException("not valid JSON: " + e.getMessage());
    }
  }
}
