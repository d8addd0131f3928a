package dev.switchboard.webhook;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

/**
 * POSTs webhook bodies to one app with the non-blocking Vert.x {@link WebClient}: JSON, the client's
 * {@code Cookie}, keep-alive connections, at most {@code timeoutMs} per attempt. Answers arrive on the
 * caller's event loop. One per dialect per gateway instance; it must stay referenced while in use (Vert.x
 * closes clients nobody holds).
 */
public final class WebhookClient implements WebhookSender {

  /**
   * Parallel connections to the app per gateway instance. Each client connection has at most one call in
   * flight, so this caps what a burst of connections asks of the app at once; the rest wait their turn.
   */
  public static final int POOL_SIZE = 32;

  private final WebClient client;
  private final WebhookTarget target;
  private final long timeoutMs;

  public WebhookClient(Vertx vertx, WebhookTarget target, long timeoutMs) {
    this.client = WebClient.create(vertx, new WebClientOptions()
        .setKeepAlive(true)
        .setTcpNoDelay(true)
        .setUserAgent("Switchboard")
        .setFollowRedirects(false),
      new PoolOptions().setHttp1MaxSize(POOL_SIZE));
    this.target = target;
    this.timeoutMs = timeoutMs;
  }

  public WebhookTarget target() {
    return target;
  }

  @Override
  public Future<WebhookResponse> post(Buffer body, String cookie) {
    HttpRequest<Buffer> request = client.post(target.port(), target.host(), target.path())
      .ssl(target.ssl())
      // connectTimeout covers getting a connection (including waiting for a free one), timeout the answer.
      .connectTimeout(timeoutMs)
      .timeout(timeoutMs)
      .putHeader("Content-Type", "application/json");
    if (cookie != null) {
      request.putHeader("Cookie", cookie);
    }
    Future<io.vertx.ext.web.client.HttpResponse<Buffer>> sent;
    try {
      sent = request.sendBuffer(body);
    } catch (IllegalStateException closed) {
      // The client closes with its verticle; calls made while a node stops fail like any unreachable app.
      return Future.failedFuture(new WebhookFailedException(target + ": " + closed.getMessage(), 0));
    }
    return sent.transform(result -> {
      if (result.failed()) {
        return Future.failedFuture(new WebhookFailedException(target + ": " + describe(result.cause()), 0));
      }
      int status = result.result().statusCode();
      if (status < 200 || status > 299) {
        return Future.failedFuture(new WebhookFailedException(target + " answered HTTP " + status, status));
      }
      Buffer answer = result.result().body();
      return Future.succeededFuture(new WebhookResponse(status, answer == null ? Buffer.buffer() : answer));
    });
  }

  public void close() {
    client.close();
  }

  private static String describe(Throwable failure) {
    return failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
  }
}
