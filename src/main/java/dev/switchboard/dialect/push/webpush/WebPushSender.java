package dev.switchboard.dialect.push.webpush;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.streams.WriteStream;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.codec.BodyCodec;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sends one Web Push (RFC 8030) to a browser's push service: encrypts the payload for the subscription
 * ({@link WebPushEncryption}), signs a VAPID token for the service's origin ({@link VapidJwt}) and POSTs with
 * the non-blocking Vert.x {@link WebClient}. The push dialect calls {@link #send} and acts on the
 * {@link WebPushResult}. Thread-safe: one per verticle instance or one per node, used from any event loop;
 * keep it referenced while in use — Vert.x closes clients nobody references — and {@link #close()} it on stop.
 *
 * <p>The crypto does not run on the caller's event loop. Per push it is two P-256 scalar multiplications (the
 * ephemeral key, the ECDH — which the JDK follows with a public-key validation costing about as much again),
 * and JDK 17's pure-Java P-256 is slow: {@code WebPushCryptoCostTest} measured 3–4 ms of thread CPU time per
 * encryption of a 1 KiB payload on the 2-core development machine (while parallel builds loaded it; a
 * standalone loop gave ~0.7 ms key generation + ~1.5 ms ECDH), plus ~1 ms per fresh VAPID signature; AES-GCM and
 * the HMACs are under 0.1 ms. A burst of a thousand pushes — one group message to offline names — would stall
 * an event loop for seconds, so the crypto runs on a small shared worker pool ({@value #WORKER_POOL_NAME}, at
 * most {@link #WORKER_THREADS} threads) and only the HTTP exchange is on the event loop. The VAPID token is
 * cached per push-service origin for half its validity, so a steady stream signs only a few tokens a day.
 */
public final class WebPushSender {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
  /** Four weeks, FCM's longest TTL; push services keep a message no longer in practice. */
  public static final Duration MAX_TTL = Duration.ofDays(28);
  /** SPEC §2: pushes wake the service worker now, they are chat messages. */
  public static final String URGENCY = "high";
  static final int MAX_CONNECTIONS_PER_SERVICE = 32;
  /** Enough of an error body for a log line; the rest is read and dropped (the endpoint is client-chosen). */
  static final int MAX_DETAIL_BYTES = 512;
  /** A bound on cached tokens: there are only a few push services, but endpoints are client-chosen. */
  private static final int MAX_CACHED_TOKENS = 256;
  static final String WORKER_POOL_NAME = "switchboard-webpush-crypto";
  /** The crypto is CPU-bound: more threads than cores would only queue on the cores. */
  static final int WORKER_THREADS = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));

  private record CachedAuthorization(String header, Instant renewAfter) {
  }

  /** What goes on the wire for one push. */
  private record PreparedPush(byte[] body, String authorization) {
  }

  private final WorkerExecutor crypto;
  private final WebClient client;
  private final boolean ownsClient;
  private final VapidKeys keys;
  private final String subject;
  private final long timeoutMs;
  private final Clock clock;
  private final Map<String, CachedAuthorization> authorizations = new ConcurrentHashMap<>();

  /** A sender with its own {@link WebClient} and the {@link #DEFAULT_TIMEOUT}. */
  public WebPushSender(Vertx vertx, VapidKeys keys, String subject) {
    this(vertx, keys, subject, DEFAULT_TIMEOUT);
  }

  /** A sender with its own {@link WebClient}; {@code timeout} bounds connecting and each wait for the answer. */
  public WebPushSender(Vertx vertx, VapidKeys keys, String subject, Duration timeout) {
    this(vertx, ownClient(vertx, subject, timeout), true, keys, subject, timeout, Clock.systemUTC());
  }

  /** A sender on the caller's client, which the caller closes; {@link #close()} leaves it open. */
  public WebPushSender(Vertx vertx, WebClient client, VapidKeys keys, String subject, Duration timeout) {
    this(vertx, client, false, keys, subject, timeout, Clock.systemUTC());
  }

  WebPushSender(Vertx vertx, WebClient client, boolean ownsClient, VapidKeys keys, String subject, Duration timeout,
                Clock clock) {
    checkSettings(subject, timeout);
    this.crypto = vertx.createSharedWorkerExecutor(WORKER_POOL_NAME, WORKER_THREADS);
    this.client = client;
    this.ownsClient = ownsClient;
    this.keys = keys;
    this.subject = subject;
    this.timeoutMs = timeout.toMillis();
    this.clock = clock;
  }

  /** Checks the settings before the client exists, so a refused sender leaves nothing open. */
  private static WebClient ownClient(Vertx vertx, String subject, Duration timeout) {
    checkSettings(subject, timeout);
    return WebClient.create(vertx,
      new WebClientOptions().setConnectTimeout((int) timeout.toMillis()).setFollowRedirects(false)
        .setUserAgent("Switchboard-WebPush"),
      new PoolOptions().setHttp1MaxSize(MAX_CONNECTIONS_PER_SERVICE));
  }

  private static void checkSettings(String subject, Duration timeout) {
    VapidJwt.checkSubject(subject);
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("the Web Push timeout must be positive");
    }
  }

  public VapidKeys keys() {
    return keys;
  }

  /**
   * Encrypts {@code payload} for the subscription and POSTs it with {@code Urgency: high}.
   *
   * @param payload at most {@link WebPushEncryption#MAX_PLAINTEXT_BYTES} bytes; a longer one is not sent
   *                ({@link WebPushResult.Outcome#REJECTED})
   * @param ttl     how long the push service should keep it for an offline browser (whole seconds, capped at
   *                {@link #MAX_TTL})
   * @return the outcome; this future never fails, an unreachable service is {@link WebPushResult.Outcome#RETRY}
   */
  public Future<WebPushResult> send(WebPushSubscription subscription, byte[] payload, Duration ttl) {
    if (payload.length > WebPushEncryption.MAX_PLAINTEXT_BYTES) {
      return Future.succeededFuture(WebPushResult.notSent("a Web Push payload holds at most "
        + WebPushEncryption.MAX_PLAINTEXT_BYTES + " bytes, got " + payload.length));
    }
    long ttlSeconds = Math.max(0, Math.min(ttl.toSeconds(), MAX_TTL.toSeconds()));
    // Unordered: pushes are independent, and ordered tasks of one context would run one at a time.
    return crypto.executeBlocking(() -> prepare(subscription, payload), false)
      .compose(prepared -> post(subscription, prepared, ttlSeconds),
        failure -> Future.succeededFuture(WebPushResult.notSent("could not encrypt: " + failure.getMessage())));
  }

  private PreparedPush prepare(WebPushSubscription subscription, byte[] payload) {
    return new PreparedPush(WebPushEncryption.encrypt(payload, subscription), authorizationFor(subscription.endpoint()));
  }

  private Future<WebPushResult> post(WebPushSubscription subscription, PreparedPush prepared, long ttlSeconds) {
    ResponseExcerpt excerpt = new ResponseExcerpt();
    try {
      return client.postAbs(subscription.endpoint())
        .putHeader("Content-Encoding", "aes128gcm")
        .putHeader("Content-Type", "application/octet-stream")
        .putHeader("TTL", Long.toString(ttlSeconds))
        .putHeader("Urgency", URGENCY)
        .putHeader("Authorization", prepared.authorization())
        .connectTimeout(timeoutMs)
        .timeout(timeoutMs)
        .as(BodyCodec.pipe(excerpt, false))
        .sendBuffer(Buffer.buffer(prepared.body()))
        .map(response -> WebPushResult.fromResponse(response.statusCode(), response.getHeader("Retry-After"),
          excerpt.text(), clock.instant()))
        .otherwise(WebPushResult::unanswered);
    } catch (RuntimeException e) {
      // postAbs refuses URLs Vert.x cannot address; retrying would not change that.
      return Future.succeededFuture(WebPushResult.notSent("cannot POST to the endpoint: " + e.getMessage()));
    }
  }

  /** Releases the crypto workers and closes the client this sender created (not one it was given). */
  public Future<Void> close() {
    if (ownsClient) {
      client.close();
    }
    return crypto.close();
  }

  /** The {@code Authorization} value for the endpoint's origin, signed afresh once half its validity is gone. */
  String authorizationFor(String endpoint) {
    String audience = VapidJwt.audienceOf(endpoint);
    Instant now = clock.instant();
    CachedAuthorization cached = authorizations.get(audience);
    if (cached != null && now.isBefore(cached.renewAfter())) {
      return cached.header();
    }
    String header = new VapidJwt(audience, subject, now.plus(VapidJwt.DEFAULT_VALIDITY)).authorization(keys);
    if (authorizations.size() >= MAX_CACHED_TOKENS) {
      authorizations.clear();
    }
    authorizations.put(audience, new CachedAuthorization(header, now.plus(VapidJwt.DEFAULT_VALIDITY.dividedBy(2))));
    return header;
  }

  /** Keeps the first {@link #MAX_DETAIL_BYTES} of a response body and drops the rest as it arrives. */
  private static final class ResponseExcerpt implements WriteStream<Buffer> {

    private final Buffer kept = Buffer.buffer();

    String text() {
      return kept.toString(StandardCharsets.UTF_8);
    }

    @Override
    public Future<Void> write(Buffer data) {
      int room = MAX_DETAIL_BYTES - kept.length();
      if (room > 0) {
        kept.appendBuffer(data, 0, Math.min(room, data.length()));
      }
      return Future.succeededFuture();
    }

    @Override
    public Future<Void> end() {
      return Future.succeededFuture();
    }

    @Override
    public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
      return this;
    }

    @Override
    public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
      return this;
    }

    @Override
    public boolean writeQueueFull() {
      return false;
    }

    @Override
    public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
      return this;
    }
  }
}
