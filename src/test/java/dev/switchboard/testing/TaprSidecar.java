package dev.switchboard.testing;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Calls a broker's tapr sidecar API the way an app does: plain HTTP on 127.0.0.1, JSON bodies, blocking
 * (tests call it from their own thread).
 */
public final class TaprSidecar {

  /** An answer: HTTP status, Content-Type and the body as JSON (null when it is not a JSON object). */
  public record Answer(int status, String contentType, String text) {
    public JsonObject json() {
      return new JsonObject(text);
    }
  }

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final int port;

  public TaprSidecar(int port) {
    this.port = port;
  }

  public Answer send(JsonObject body) {
    return post("/tapr/ws/conn/send", body.encode());
  }

  public Answer close(JsonObject body) {
    return post("/tapr/ws/conn/close", body.encode());
  }

  public Answer list() {
    return request("GET", "/tapr/ws/conn/list", null);
  }

  public Answer post(String path, String body) {
    return request("POST", path, body);
  }

  public Answer request(String method, String path, String body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
      .timeout(Duration.ofSeconds(10))
      .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    try {
      HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null),
        response.body());
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + path + " failed", e);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
