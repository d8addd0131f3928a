package dev.switchboard.dialect.push;

import dev.switchboard.gateway.Connection;
import dev.switchboard.gateway.Gateway;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;


/**
 * A push connection: before AUTH only a socket with a deadline; after, the live connection of a name with its
 * {@link PushDeliveryWindow}.
 */
final class PushConnection extends Connection {

  private final PushEndpoint endpoint;
  private final PushDeliveryWindow window;
  private String name;
  private String group;
  private long authTimer = -1;

  PushConnection(String id, ServerWebSocket socket, Gateway gateway, PushEndpoint endpoint) {
    super(id, socket, gateway);
    this.endpoint = endpoint;
    this.window = new PushDeliveryWindow(entry -> sendText(entry.packet()), endpoint.deliveryEvents());
  }

  /** The delivery window; it exists from the start but is fed only once the connection is authenticated. */
  PushDeliveryWindow window() {
    return window;
  }

  @Override
  public String dialect() {
    return PushEndpoint.DIALECT;
  }

  void start(long authTimeoutMs) {
    attach();
    authTimer = gateway().vertx().setTimer(authTimeoutMs, id -> endpoint.onAuthTimeout(this));
  }

  boolean isAuthenticated() {
    return name != null;
  }

  String name() {
    return name;
  }

  String group() {
    return group;
  }

  /** The server API shows the authenticated name as the user ({@code null} before AUTH). */
  @Override
  public String describedUser() {
    return name;
  }

  @Override
  public int pendingDeliveries() {
    return window.size();
  }

  void authenticated(String name, String group) {
    this.name = name;
    this.group = group;
    gateway().vertx().cancelTimer(authTimer);
  }

  @Override
  protected void onText(byte[] utf8) {
    endpoint.onPacket(this, utf8);
  }

  @Override
  protected void onBinary(Buffer data) {
    sendText(PushPackets.info("binary frames are not accepted: send {cmd,data} JSON text"));
  }

  @Override
  protected void onClosed() {
    gateway().vertx().cancelTimer(authTimer);
    endpoint.onClosed(this);
  }
}
