package dev.switchboard.config;

import io.vertx.core.json.JsonObject;

/** Reads and writes values of nested JSON objects by dotted path. */
final class JsonPaths {

  private JsonPaths() {
  }

  static void put(JsonObject root, String path, Object value) {
    String[] parts = path.split("\\.");
    JsonObject current = root;
    for (int i = 0; i < parts.length - 1; i++) {
      JsonObject next = current.getJsonObject(parts[i]);
      if (next == null) {
        next = new JsonObject();
        current.put(parts[i], next);
      }
      current = next;
    }
    current.put(parts[parts.length - 1], value);
  }

  static Object get(JsonObject root, String path) {
    String[] parts = path.split("\\.");
    JsonObject current = root;
    for (int i = 0; i < parts.length - 1; i++) {
      current = current.getJsonObject(parts[i]);
      if (current == null) {
        return null;
      }
    }
    return current.getValue(parts[parts.length - 1]);
  }
}
