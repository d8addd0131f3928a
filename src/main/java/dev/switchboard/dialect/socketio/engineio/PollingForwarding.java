package dev.switchboard.dialect.socketio.engineio;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

/**
 * The event-bus form of a forwarded polling request and of its answer (SPEC §3 [beyond]: long-polling without
 * sticky sessions). The request carries what the owner needs to run it as if it had received it itself.
 */
final class PollingForwarding {

  private PollingForwarding() {
  }

  static JsonObject request(HttpServerRequest request, Buffer body) {
    JsonObject json = new JsonObject()
      .put("method", request.method().name())
      .put("eio", request.getParam("EIO"))
      .put("transport", request.getParam("transport"))
      .put("sid", request.getParam("sid"))
      .put("b64", request.getParam("b64"))
      .put("contentType", request.getHeader("Content-Type"));
    if (body != null && body.length() > 0) {
      json.put("body", body.getBytes());
    }
    return json;
  }

  static JsonObject reply(int status, String contentType, Buffer body) {
    return new JsonObject().put("status", status).put("contentType", contentType)
      .put("body", body == null ? new byte[0] : body.getBytes());
  }
}
