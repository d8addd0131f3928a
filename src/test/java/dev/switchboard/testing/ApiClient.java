package dev.switchboard.testing;

import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Calls a broker's API port the way an operator's tool does: plain HTTP on 127.0.0.1, JSON bodies, the bearer
 * token on every call (unless the test says otherwise), blocking (tests call it from their own thread).
 */
public final class ApiClient {

  /** An answer: HTTP status, Content-Type and the body text. */
  public record Answer(int status, String contentType, String text) {
    public JsonObject json() {
      return new JsonObject(text);
    }

    /** The {@code code} of an error body. */
    public String code() {
      return json().getString("code");
    }
  }

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  /** How long past its own timeout a call is waited for before it counts as stuck. */
  private static final long STUCK_GRACE_MS = 5_000;

  private final int port;
  private final String token;
  private final Duration timeout;

  public ApiClient(int port, String token) {
    this(port, token, Duration.ofSeconds(10));
  }

  /** @param timeout how long a call may take (10 s otherwise) */
  public ApiClient(int port, String token, Duration timeout) {
    this.port = port;
    this.token = token;
    this.timeout = timeout;
  }

  public ApiClient(TestBroker broker, String token) {
    this(broker.apiPort(), token);
  }

  public Answer get(String path) {
    return request("GET", path, null);
  }

  public Answer delete(String path) {
    return request("DELETE", path, null);
  }

  public Answer post(String path, JsonObject body) {
    return request("POST", path, body.encode());
  }

  /** {@code POST /api/send}; fails the test unless it answers 200. */
  public JsonObject send(JsonObject body) {
    Answer answer = post("/api/send", body);
    if (answer.status() != 200) {
      throw new AssertionError("POST /api/send answered " + answer.status() + " " + answer.text());
    }
    return answer.json();
  }

  public Answer request(String method, String path, String body) {
    return request(method, path, body, token == null ? null : "Bearer " + token);
  }

  /** A call with exactly this {@code Authorization} header ({@code null}: none). */
  public Answer request(String method, String path, String body, String authorization) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
      .timeout(timeout)
      .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    // Bounded here too: once, a call whose request the server had read waited 20 minutes, the JDK client's own
    // timeout never firing (JDK 17), and held the whole test run.
    CompletableFuture<HttpResponse<String>> pending = HTTP.sendAsync(request.build(),
      HttpResponse.BodyHandlers.ofString());
    try {
      HttpResponse<String> response = pending.get(timeout.toMillis() + STUCK_GRACE_MS, TimeUnit.MILLISECONDS);
      return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null),
        response.body());
    } catch (ExecutionException e) {
      throw new IllegalStateException(method + " " + path + " failed", e.getCause());
    } catch (TimeoutException stuck) {
      pending.cancel(true);
      throw new IllegalStateException(method + " " + path + ": no answer within " + timeout);
    } catch (InterruptedException e) {
      pending.cancel(true);
      throw new IllegalStateException(e);
    }
  }
}
