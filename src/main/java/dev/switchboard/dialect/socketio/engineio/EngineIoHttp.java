package dev.switchboard.dialect.socketio.engineio;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import java.nio.charset.StandardCharsets;

/**
 * The HTTP details of Engine.IO polling answers: CORS headers for browser origins (the reference server's
 * {@code cors} option with the origin reflected and credentials allowed), preflights, and refusals as the
 * reference writes them.
 */
final class EngineIoHttp {

  private EngineIoHttp() {
  }

  /** Answers, unless the exchange is over already; completes once the answer is written. */
  static Future<Void> respond(HttpServerRequest request, HttpServerResponse response, int status, String contentType,
                              Buffer body) {
    if (response.ended() || response.closed()) {
      return Future.succeededFuture();
    }
    response.setStatusCode(status);
    addCors(request, response);
    if (contentType != null) {
      response.putHeader("Content-Type", contentType);
    }
    response.putHeader("Cache-Control", "no-store");
    return response.end(body == null ? Buffer.buffer() : body);
  }

  static Future<Void> refuse(HttpServerRequest request, int status, String json) {
    return respond(request, request.response(), status, "application/json",
      Buffer.buffer(json.getBytes(StandardCharsets.UTF_8)));
  }

  /** Answers a CORS preflight: the methods polling uses and whatever headers the browser asks for. */
  static void preflight(HttpServerRequest request) {
    HttpServerResponse response = request.response().setStatusCode(204);
    addCors(request, response);
    response.putHeader("Access-Control-Allow-Methods", "GET,HEAD,PUT,PATCH,POST,DELETE");
    String headers = request.getHeader("Access-Control-Request-Headers");
    if (headers != null) {
      response.putHeader("Access-Control-Allow-Headers", headers);
    }
    response.putHeader("Content-Length", "0").end();
  }

  private static void addCors(HttpServerRequest request, HttpServerResponse response) {
    String origin = request.getHeader("Origin");
    if (origin != null) {
      response.putHeader("Access-Control-Allow-Origin", origin);
      response.putHeader("Access-Control-Allow-Credentials", "true");
      response.putHeader("Vary", "Origin");
    }
  }
}
