package dev.switchboard.dialect.tapr;

import dev.switchboard.gateway.Connection;
import dev.switchboard.gateway.Gateway;
import dev.switchboard.webhook.WebhookAction;
import dev.switchboard.webhook.WebhookCall;
import dev.switchboard.webhook.WebhookQueue;
import dev.switchboard.webhook.WebhookResponse;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;

/**
 * A tapr client connection: its identity, its idle clock (only {@code {"event":"ping"}} winds it) and its
 * ordered queue of app webhooks. It does without WebSocket pings, since tapr has its own. Frames go to
 * {@link TaprEndpoint}; lives on one event loop.
 */
final class TaprConnection extends Connection implements WebhookQueue.Backlog {

  private final TaprEndpoint endpoint;
  private final TaprClientIdentity identity;
  private final WebhookQueue webhooks;
  private long lastPingAt;
  /** The app failed the open webhook and the policy refuses: the app hears nothing more of this connection. */
  private boolean refusedByApp;

  TaprConnection(String id, ServerWebSocket socket, Gateway gateway, TaprEndpoint endpoint,
                 TaprClientIdentity identity) {
    super(id, socket, gateway);
    this.endpoint = endpoint;
    this.identity = identity;
    this.webhooks = endpoint.newWebhookQueue(this);
  }

  @Override
  public String dialect() {
    return TaprEndpoint.DIALECT;
  }

  String user() {
    return identity.user();
  }

  String userAgent() {
    return identity.userAgent();
  }

  /** The server API shows absent values as null; tapr keeps "" for a connection without a user header. */
  @Override
  public String describedUser() {
    return identity.user().isEmpty() ? null : identity.user();
  }

  void start(long now) {
    lastPingAt = now;
    attach();
  }

  void pinged(long now) {
    lastPingAt = now;
  }

  boolean idleSince(long deadline) {
    return lastPingAt < deadline;
  }

  /** Queues a webhook call for this connection; {@code data} is raw JSON or {@code null} for {@code {}}. */
  Future<WebhookResponse> callApp(WebhookAction action, byte[] data, int maxAttempts) {
    return webhooks.enqueue(new WebhookCall(action, TaprEndpoint.DIALECT, id(), identity.user(), identity.token(),
      data, identity.cookie()), maxAttempts);
  }

  boolean isRefusedByApp() {
    return refusedByApp;
  }

  /** Nothing more of this connection goes to the app, not even its close. */
  void refusedByApp() {
    refusedByApp = true;
    webhooks.discardWaiting();
  }

  @Override
  protected boolean usesTransportHeartbeat() {
    return false;
  }

  @Override
  protected void onText(byte[] utf8) {
    endpoint.onFrame(this, utf8);
  }

  @Override
  protected void onBinary(Buffer data) {
    endpoint.onBinaryFrame(this);
  }

  @Override
  protected void onClosed() {
    endpoint.onClosed(this);
  }

  /** The app is behind on this connection's webhooks: stop reading its frames until it catches up. */
  @Override
  public void full() {
    if (!isClosed()) {
      socket().pause();
    }
  }

  @Override
  public void drained() {
    if (!isClosed()) {
      socket().resume();
    }
  }
}
