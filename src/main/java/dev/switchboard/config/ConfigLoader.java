package dev.switchboard.config;

import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the effective configuration from the defaults, the {@code -conf} JSON and the {@code SB_*}
 * environment (SPEC §7), refusing unknown keys and wrong types with a message that names the key.
 * Called once by the launcher hooks before anything starts, and by tests that start brokers in-process.
 */
public final class ConfigLoader {

  /** Keys whose name starts with this are comments in a configuration file and are ignored. */
  static final String COMMENT_PREFIX = "_";

  private ConfigLoader() {
  }

  public static SwitchboardConfig load(JsonObject file, Map<String, String> environment) {
    return SwitchboardConfig.from(effectiveJson(file, environment));
  }

  /** The merged, validated configuration as JSON with every key present. */
  public static JsonObject effectiveJson(JsonObject file, Map<String, String> environment) {
    List<String> problems = new ArrayList<>();
    JsonObject result = ConfigSchema.defaults();
    if (file != null) {
      mergeFile(file, "", result, problems);
    }
    applyEnvironment(environment, result, problems);
    if (!problems.isEmpty()) {
      throw new ConfigException("Invalid configuration:\n  " + String.join("\n  ", problems));
    }
    return result;
  }

  private static void mergeFile(JsonObject section, String prefix, JsonObject result, List<String> problems) {
    for (Map.Entry<String, Object> entry : section) {
      String name = entry.getKey();
      if (name.startsWith(COMMENT_PREFIX)) {
        continue;
      }
      String path = prefix + name;
      ConfigKey key = ConfigSchema.byPath(path);
      if (key != null) {
        try {
          JsonPaths.put(result, path, key.type().check(entry.getValue()));
        } catch (IllegalArgumentException e) {
          problems.add("key '" + path + "': " + e.getMessage());
        }
      } else if (ConfigSchema.isSection(path)) {
        if (entry.getValue() instanceof JsonObject nested) {
          mergeFile(nested, path + ".", result, problems);
        } else if (entry.getValue() != null) {
          problems.add("key '" + path + "': expected an object");
        }
      } else {
        problems.add("unknown key '" + path + "'");
      }
    }
  }

  private static void applyEnvironment(Map<String, String> environment, JsonObject result, List<String> problems) {
    Map<String, ConfigKey> byEnvironmentName = new TreeMap<>();
    for (ConfigKey key : ConfigSchema.KEYS) {
      byEnvironmentName.put(key.environmentName(), key);
    }
    ConfigSchema.COMPATIBILITY_ENVIRONMENT.forEach((variable, path) -> {
      ConfigKey key = ConfigSchema.byPath(path);
      String value = environment.get(variable);
      if (value != null && !environment.containsKey(key.environmentName())) {
        applyVariable(variable, key, value, result, problems);
      }
    });
    for (Map.Entry<String, String> variable : new TreeMap<>(environment).entrySet()) {
      String name = variable.getKey();
      if (!name.startsWith("SB_") || name.startsWith(ConfigSchema.CLUSTER_ENVIRONMENT_PREFIX)) {
        continue;
      }
      ConfigKey key = byEnvironmentName.get(name);
      if (key == null) {
        problems.add("unknown environment variable '" + name + "' (no configuration key has that name)");
      } else {
        applyVariable(name, key, variable.getValue(), result, problems);
      }
    }
  }

  private static void applyVariable(String name, ConfigKey key, String text, JsonObject result, List<String> problems) {
    try {
      JsonPaths.put(result, key.path(), key.type().parseEnvironment(text));
    } catch (IllegalArgumentException e) {
      problems.add("environment variable '" + name + "' (key '" + key.path() + "'): " + e.getMessage());
    }
  }
}
