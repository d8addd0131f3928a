package dev.switchboard.gateway;

import io.vertx.core.json.JsonObject;

import java.time.Instant;

/**
 * What the server API shows of one connection (SPEC §5, {@code GET /api/connections}): built by
 * {@link Connection#describe()} on the connection's event loop, then carried as JSON between nodes. Fields a
 * dialect does not know are {@code null}.
 *
 * @param id            the connection id
 * @param dialect       {@code sync}, {@code push}, {@code socketio} or {@code tapr}
 * @param node          the id of the node that holds it (as {@code GET /api/nodes} shows it)
 * @param user          the user it acts for (push name, tapr user, socket.io user), or {@code null}
 * @param namespace     socket.io: its namespace
 * @param session       socket.io: its Engine.IO session id
 * @param service       sync: the service id a service connection registered
 * @param remoteAddress {@code host:port} of the peer
 * @param userAgent     the {@code User-Agent} of the upgrade request
 * @param connectedAt   epoch milliseconds when it connected
 */
public record ConnectionDescription(String id, String dialect, String node, String user, String namespace,
                                    String session, String service, String remoteAddress, String userAgent,
                                    long connectedAt) {

  /** The API's item shape; {@code connectedAt} as an ISO-8601 UTC timestamp, absent values as {@code null}. */
  public JsonObject toJson() {
    return new JsonObject()
      .put("id", id)
      .put("dialect", dialect)
      .put("node", node)
      .put("user", user)
      .put("namespace", namespace)
      .put("session", session)
      .put("service", service)
      .put("remoteAddress", remoteAddress)
      .put("userAgent", userAgent)
      .put("connectedAt", Instant.ofEpochMilli(connectedAt).toString());
  }

  /** Reads {@link #toJson()} back (the answer of another node). */
  public static ConnectionDescription fromJson(JsonObject json) {
    return new ConnectionDescription(json.getString("id"), json.getString("dialect"), json.getString("node"),
      json.getString("user"), json.getString("namespace"), json.getString("session"), json.getString("service"),
      json.getString("remoteAddress"), json.getString("userAgent"),
      Instant.parse(json.getString("connectedAt")).toEpochMilli());
  }
}
