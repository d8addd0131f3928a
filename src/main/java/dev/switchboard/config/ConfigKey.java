package dev.switchboard.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Locale;

/**
 * One configuration key of the contract in SPEC §7: its dotted path, its type and its default.
 * {@link ConfigSchema} holds the full list; {@link ConfigLoader} uses it to validate and override.
 */
public record ConfigKey(String path, ConfigType type, Object defaultValue) {

  /** {@code sync.requestTimeoutMs} → {@code SB_SYNC_REQUEST_TIMEOUT_MS}; {@code allowEIO3} → {@code ALLOW_EIO3}. */
  public String environmentName() {
    StringBuilder name = new StringBuilder("SB_");
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '.') {
        name.append('_');
      } else if (Character.isUpperCase(c) && i > 0 && !Character.isUpperCase(path.charAt(i - 1))
        && path.charAt(i - 1) != '.') {
        name.append('_').append(c);
      } else {
        name.append(Character.toUpperCase(c));
      }
    }
    return name.toString().toUpperCase(Locale.ROOT);
  }

  /** The default as a JSON value (collections copied so callers cannot share them). */
  Object defaultJson() {
    if (defaultValue instanceof JsonArray array) {
      return array.copy();
    }
    if (defaultValue instanceof JsonObject object) {
      return object.copy();
    }
    return defaultValue;
  }
}
