package dev.switchboard.dialect.socketio.engineio;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;

/**
 * What the handshake request said about the client, kept for the session's life: its query parameters and
 * headers (the socket.io layer reads the {@code token} query parameter and {@code Authorization}, and passes both
 * to the app's {@code open} webhook) and where it came from (shown by the server API).
 *
 * @param query         query parameters (a repeated one keeps its first value)
 * @param headers       request headers, names in lower case (a repeated one keeps its first value)
 * @param remoteAddress {@code host:port} of the peer of the handshake request, or {@code null}
 */
public record EngineIoClientInfo(JsonObject query, JsonObject headers, String remoteAddress) {

  public static EngineIoClientInfo of(MultiMap query, MultiMap headers, SocketAddress remote) {
    return new EngineIoClientInfo(toJson(query, false), toJson(headers, true),
      remote == null ? null : remote.hostAddress() + ':' + remote.port());
  }

  public String header(String lowerCaseName) {
    return headers.getString(lowerCaseName);
  }

  public String queryParameter(String name) {
    return query.getString(name);
  }

  private static JsonObject toJson(MultiMap map, boolean lowerCase) {
    JsonObject json = new JsonObject();
    if (map != null) {
      map.forEach(entry -> {
        String key = lowerCase ? entry.getKey().toLowerCase(java.util.Locale.ROOT) : entry.getKey();
        if (!json.containsKey(key)) {
          json.put(key, entry.getValue());
        }
      });
    }
    return json;
  }

}
