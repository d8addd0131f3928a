package dev.switchboard.dialect.socketio.engineio;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/**
 * A polling request that reached the instance owning its session: the answer goes straight to the HTTP
 * response, with the CORS headers {@link EngineIoHttp} adds.
 */
final class HttpPollingExchange implements PollingExchange {

  private final HttpServerRequest request;
  private final Buffer body;
  private boolean answered;

  HttpPollingExchange(HttpServerRequest request, Buffer body) {
    this.request = request;
    this.body = body;
  }

  @Override
  public String method() {
    return request.method().name();
  }

  @Override
  public Buffer body() {
    return body;
  }

  @Override
  public String contentType() {
    return request.getHeader("Content-Type");
  }

  @Override
  public void respond(int status, String contentType, Buffer answer) {
    if (!isOpen()) {
      return;
    }
    answered = true;
    HttpServerResponse response = request.response();
    EngineIoHttp.respond(request, response, status, contentType, answer);
  }

  @Override
  public boolean isOpen() {
    return !answered && !request.response().ended() && !request.response().closed();
  }
}
