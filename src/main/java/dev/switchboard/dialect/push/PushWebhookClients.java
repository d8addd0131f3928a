package dev.switchboard.dialect.push;

import dev.switchboard.cluster.Mailboxes;
import dev.switchboard.gateway.Gateway;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Webhook clients (SPEC §2, {@code push.webhooks}): configured names whose messages are POSTed, as the MESSAGE
 * packet, to a URL; a 2xx is the acknowledgement, anything else is retried like a WebSocket client. Each name is
 * delivered by exactly one node: gateway instance 0 of every node tries to take the name's session every second,
 * so when the delivering node dies a survivor takes over within about a second and resumes from the mailbox.
 */
final class PushWebhookClients {

  /** The delivering side of one webhook name, on this node. */
  final class Deliverer {
    final String name;
    final String url;
    final String sessionId;
    final PushDeliveryWindow window;

    Deliverer(String name, String url, String sessionId) {
      this.name = name;
      this.url = url;
      this.sessionId = sessionId;
      this.window = new PushDeliveryWindow(this::post, events);
    }

    private void post(PushEntry entry) {
      RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url)
        .setTimeout(gateway.config().webhook().timeoutMs()).putHeader("Content-Type", "application/json");
      http.request(options)
        .compose(request -> request.send(Buffer.buffer(entry.packet())))
        .onSuccess(response -> {
          if (response.statusCode() / 100 == 2) {
            acknowledged.accept(this, entry.mid());
          }
        });
    }
  }

  private final Gateway gateway;
  private final Map<String, String> urls;
  private final PushDirectory directory;
  private final Mailboxes mailboxes;
  private final PushDeliveryWindow.Events events;
  private final BiConsumer<Deliverer, String> acknowledged;
  private final Map<String, Deliverer> bySession = new HashMap<>();
  private HttpClient http;
  private long claimTimer = -1;

  PushWebhookClients(Gateway gateway, Map<String, String> urls, PushDirectory directory, Mailboxes mailboxes,
                     PushDeliveryWindow.Events events, BiConsumer<Deliverer, String> acknowledged) {
    this.gateway = gateway;
    this.urls = urls;
    this.directory = directory;
    this.mailboxes = mailboxes;
    this.events = events;
    this.acknowledged = acknowledged;
  }

  void start() {
    if (urls.isEmpty() || gateway.instance() != 0) {
      return;
    }
    http = gateway.vertx().createHttpClient();
    claim();
    claimTimer = gateway.vertx().setPeriodic(1000, id -> claim());
  }

  Future<Void> stop() {
    gateway.vertx().cancelTimer(claimTimer);
    List<Future<Boolean>> releases = bySession.values().stream()
      .map(deliverer -> directory.releaseSession(deliverer.name, deliverer.sessionId, gateway.node().memberId()))
      .toList();
    return Future.join(releases).compose(ignored -> http == null ? Future.succeededFuture() : http.close());
  }

  /** The local deliverer of a session id, or {@code null}. */
  Deliverer deliverer(String sessionId) {
    return bySession.get(sessionId);
  }

  /** Another connection took the name (a WebSocket client authenticated with it): stop delivering it here. */
  void release(String sessionId) {
    bySession.remove(sessionId);
  }

  Iterable<Deliverer> all() {
    return List.copyOf(bySession.values());
  }

  private void claim() {
    urls.forEach((name, url) -> {
      if (bySession.values().stream().anyMatch(deliverer -> deliverer.name.equals(name))) {
        return;
      }
      String sessionId = gateway.newConnectionId();
      directory.claimSessionIfFree(name, sessionId, gateway.node().memberId()).onSuccess(claimed -> {
        if (!claimed) {
          return;
        }
        Deliverer deliverer = new Deliverer(name, url, sessionId);
        bySession.put(sessionId, deliverer);
        directory.remember(name, null)
          .compose(ignored -> mailboxes.read(name))
          .onSuccess(items -> {
            items.forEach(item -> deliverer.window.enqueue(PushEntry.decode(item.payload())));
            deliverer.window.pump(gateway.config().push().inflight(), System.currentTimeMillis());
          });
      });
    });
  }
}
