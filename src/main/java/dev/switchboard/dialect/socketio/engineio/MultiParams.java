package dev.switchboard.dialect.socketio.engineio;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * The query parameters of a WebSocket handshake, which Vert.x offers only as the raw query string.
 */
final class MultiParams {

  private final MultiMap params;

  private MultiParams(MultiMap params) {
    this.params = params;
  }

  static MultiParams of(String query) {
    MultiMap params = MultiMap.caseInsensitiveMultiMap();
    if (query != null && !query.isEmpty()) {
      for (String pair : query.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int equals = pair.indexOf('=');
        String name = equals < 0 ? pair : pair.substring(0, equals);
        String value = equals < 0 ? "" : pair.substring(equals + 1);
        params.add(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
      }
    }
    return new MultiParams(params);
  }

  String get(String name) {
    return params.get(name);
  }

  MultiMap all() {
    return params;
  }

  static MultiParams of(HttpServerRequest request) {
    return new MultiParams(request.params());
  }
}
