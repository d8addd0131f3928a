package dev.switchboard.dialect.push;

import dev.switchboard.config.SwitchboardConfig.PushConfig;
import dev.switchboard.dialect.push.webpush.VapidKeys;
import dev.switchboard.dialect.push.webpush.WebPushResult;
import dev.switchboard.dialect.push.webpush.WebPushEncryption;
import dev.switchboard.dialect.push.webpush.WebPushSender;
import dev.switchboard.dialect.push.webpush.WebPushSubscription;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;

/**
 * Web Push for push names (SPEC §2): the browsers' subscriptions per name, kept in cluster state, and the sending
 * of a message's MESSAGE packet to each of them — once per message and subscription, again only after a network
 * error or a 5xx (with backoff); 404/410 drop the subscription. Statuses go {@code fcm-wait} → {@code fcm-ok}.
 */
final class PushWebPush {

  static final String SUBSCRIPTIONS = "sb.push.subscriptions";
  private static final int MAX_ATTEMPTS = 5;
  private static final int MAX_UPDATE_ATTEMPTS = 100;
  private static final System.Logger LOG = System.getLogger(PushWebPush.class.getName());

  private final Vertx vertx;
  private final WebPushSender sender;
  private final BiConsumer<PushEntry, PushStatus> report;
  private AsyncMap<String, String> subscriptions;

  private PushWebPush(Vertx vertx, WebPushSender sender, BiConsumer<PushEntry, PushStatus> report) {
    this.vertx = vertx;
    this.sender = sender;
    this.report = report;
  }

  /** Web Push with the configured VAPID keys, or {@code null} when none are configured. */
  static PushWebPush create(Vertx vertx, PushConfig config, BiConsumer<PushEntry, PushStatus> report) {
    return VapidKeys.fromSettings(config.webpush().publicKey(), config.webpush().privateKey())
      .map(keys -> new PushWebPush(vertx, new WebPushSender(vertx, keys, config.webpush().subject()), report))
      .orElse(null);
  }

  Future<Void> start() {
    return vertx.sharedData().<String, String>getAsyncMap(SUBSCRIPTIONS).onSuccess(map -> subscriptions = map)
      .mapEmpty();
  }

  Future<Void> stop() {
    return sender.close();
  }

  /** Stores a browser subscription for {@code name} (replacing one with the same endpoint). */
  Future<Void> register(String name, Object subscription) {
    WebPushSubscription parsed;
    try {
      if (!(subscription instanceof JsonObject json)) {
        throw new IllegalArgumentException("the subscription must be an object {endpoint, keys:{p256dh, auth}}");
      }
      parsed = WebPushSubscription.fromJson(json);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    return change(name, list -> {
      list.removeIf(existing -> existing.endpoint().equals(parsed.endpoint()));
      list.add(parsed);
      return list;
    }, 1);
  }

  /** Sends the message to every subscription of its recipient (nothing when there is none). */
  void send(PushEntry entry) {
    subscriptions.get(entry.recipient()).onSuccess(text -> {
      for (WebPushSubscription subscription : parse(text)) {
        report.accept(entry, PushStatus.FCM_WAIT);
        push(entry, subscription, 1);
      }
    });
  }

  private void push(PushEntry entry, WebPushSubscription subscription, int attempt) {
    long left = entry.expiresAt() - System.currentTimeMillis();
    if (left <= 0) {
      return;
    }
    Duration ttl = Duration.ofMillis(left).compareTo(WebPushSender.MAX_TTL) > 0 ? WebPushSender.MAX_TTL : Duration.ofMillis(left);
    sender.send(subscription, payloadOf(entry), ttl).onComplete(sent -> {
      WebPushResult result = sent.succeeded() ? sent.result() : null;
      WebPushResult.Outcome outcome = result == null ? WebPushResult.Outcome.RETRY : result.outcome();
      switch (outcome) {
        case ACCEPTED -> report.accept(entry, PushStatus.FCM_OK);
        case GONE -> change(entry.recipient(), list -> {
          list.removeIf(existing -> existing.endpoint().equals(subscription.endpoint()));
          return list;
        }, 1);
        case RETRY -> {
          if (attempt < MAX_ATTEMPTS) {
            long delay = result != null && result.retryAfter().isPresent()
              ? result.retryAfter().get().toMillis() : 1000L << (attempt - 1);
            vertx.setTimer(Math.max(100, delay), id -> push(entry, subscription, attempt + 1));
          }
        }
        case REJECTED -> LOG.log(System.Logger.Level.WARNING, "Web Push for " + entry.recipient() + " rejected: "
          + (result == null ? "" : result.statusCode() + " " + result.detail()));
      }
    });
  }

  /**
   * The MESSAGE packet, or — when it does not fit one Web Push record — the same packet with the message's text cut
   * and {@code desp}/{@code extra} left out, marked {@code truncated}: the service worker still has the {@code mid}
   * to confirm, and the client gets the whole message over WebSocket.
   */
  static byte[] payloadOf(PushEntry entry) {
    byte[] packet = entry.packet();
    if (packet.length <= WebPushEncryption.MAX_PLAINTEXT_BYTES) {
      return packet;
    }
    JsonObject full = new JsonObject(Buffer.buffer(packet));
    JsonObject data = full.getJsonObject("data");
    String text = data.getJsonObject("message").getString("text", "");
    int keep = Math.min(text.length(), 1000);
    while (true) {
      data.put("message", new JsonObject().put("text", text.substring(0, keep)).put("desp", "").put("extra", new JsonObject()))
        .put("truncated", true);
      byte[] trimmed = full.toBuffer().getBytes();
      if (trimmed.length <= WebPushEncryption.MAX_PLAINTEXT_BYTES || keep == 0) {
        return trimmed;
      }
      keep = keep / 2;
    }
  }

  private Future<Void> change(String name, UnaryOperator<List<WebPushSubscription>> change, int attempt) {
    return subscriptions.get(name).compose(text -> {
      List<WebPushSubscription> next = change.apply(parse(text));
      JsonArray encoded = new JsonArray();
      next.forEach(subscription -> encoded.add(subscription.toJson()));
      Future<Boolean> written = text == null
        ? subscriptions.putIfAbsent(name, encoded.encode()).map(Objects::isNull)
        : subscriptions.replaceIfPresent(name, text, encoded.encode());
      return written.compose(won -> won || attempt >= MAX_UPDATE_ATTEMPTS
        ? Future.<Void>succeededFuture() : change(name, change, attempt + 1));
    });
  }

  private static List<WebPushSubscription> parse(String text) {
    List<WebPushSubscription> list = new ArrayList<>();
    if (text != null) {
      new JsonArray(text).forEach(value -> list.add(WebPushSubscription.fromJson((JsonObject) value)));
    }
    return list;
  }
}
