package dev.switchboard.webhook;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * POSTs webhook bodies to one app with Vert.x's non-blocking {@link HttpClient}: JSON, the client's
 * {@code Cookie}, keep-alive connections, at most {@code timeoutMs} to get a connection and at most
 * {@code timeoutMs} without a byte of the answer. Answers arrive on the caller's event loop. One per dialect per
 * gateway instance, used from that instance's event loop; it must stay referenced while in use (Vert.x closes
 * clients nobody holds). The core client rather than the Web Client: a call is one fixed request, and the Web
 * Client's per-request pipeline and header copies were a measurable share of socket.io's ack round trip.
 */
public final class WebhookClient implements WebhookSender {

  /**
   * Parallel connections to the app per gateway instance. Each client connection has at most one call in
   * flight, so this caps what a burst of connections asks of the app at once; the rest wait their turn.
   */
  public static final int POOL_SIZE = 32;

  /**
   * How long an idle connection to the app stays open (Vert.x closes them after 60 s by default). The pool hands
   * out its most recently used connection first, so the connections a burst opened sit idle afterwards; with a
   * short timeout each later burst pays for new connections again (a connect on the call's path, and code the
   * JIT had compiled without it). An app that wants fewer connections closes them itself, as Node's server does
   * after 5 s; the pool then opens new ones.
   */
  static final int IDLE_CONNECTION_SECONDS = 600;

  private static final CharSequence APPLICATION_JSON = HttpHeaders.createOptimized("application/json");
  private static final CharSequence SWITCHBOARD = HttpHeaders.createOptimized("Switchboard");

  private final HttpClient client;
  private final WebhookTarget target;
  /**
   * Every call's request, built once: the client copies what it needs from it (headers included) and keeps no
   * reference, and nothing changes it after construction.
   */
  private final RequestOptions requestOptions;

  public WebhookClient(Vertx vertx, WebhookTarget target, long timeoutMs) {
    this.client = vertx.createHttpClient(new HttpClientOptions()
        .setKeepAlive(true)
        .setKeepAliveTimeout(IDLE_CONNECTION_SECONDS)
        .setTcpNoDelay(true),
      new PoolOptions().setHttp1MaxSize(POOL_SIZE));
    this.target = target;
    this.requestOptions = new RequestOptions()
      .setMethod(HttpMethod.POST)
      .setHost(target.host())
      .setPort(target.port())
      .setURI(target.path())
      .setSsl(target.ssl())
      .setFollowRedirects(false)
      // The connect timeout covers getting a connection (waiting for a free one included), the idle timeout the
      // answer.
      .setConnectTimeout(timeoutMs)
      .setIdleTimeout(timeoutMs)
      .putHeader(HttpHeaders.CONTENT_TYPE, APPLICATION_JSON)
      .putHeader(HttpHeaders.USER_AGENT, SWITCHBOARD);
  }

  public WebhookTarget target() {
    return target;
  }

  @Override
  public Future<WebhookResponse> post(Buffer body, String cookie) {
    Future<WebhookResponse> answered;
    try {
      answered = client.request(requestOptions).compose(request -> send(request, body, cookie));
    } catch (IllegalStateException closed) {
      // The client closes with its verticle; calls made while a node stops fail like any unreachable app.
      return Future.failedFuture(new WebhookFailedException(target + ": " + closed.getMessage(), 0));
    }
    return answered.recover(failure -> Future.failedFuture(failure instanceof WebhookFailedException
      ? failure : new WebhookFailedException(target + ": " + describe(failure), 0)));
  }

  private Future<WebhookResponse> send(HttpClientRequest request, Buffer body, String cookie) {
    if (cookie != null) {
      request.putHeader(HttpHeaders.COOKIE, cookie);
    }
    // The body is read whatever the status, so the connection goes back to the pool.
    return request.send(body).compose(response -> response.body().compose(answer -> answer(response, answer)));
  }

  private Future<WebhookResponse> answer(HttpClientResponse response, Buffer answer) {
    int status = response.statusCode();
    if (status < 200 || status > 299) {
      return Future.failedFuture(new WebhookFailedException(target + " answered HTTP " + status, status));
    }
    return Future.succeededFuture(new WebhookResponse(status, answer == null ? Buffer.buffer() : answer));
  }

  public void close() {
    client.close();
  }

  private static String describe(Throwable failure) {
    return failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
  }
}
