package dev.switchboard.dialect.sync;

import dev.switchboard.gateway.Connection;
import dev.switchboard.gateway.Gateway;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;

/**
 * A sync connection: an operator client, or a service with its id and name. Frames go to {@link SyncEndpoint}.
 */
final class SyncConnection extends Connection {

  private final SyncEndpoint endpoint;
  private final SyncRole role;
  private long requestSequence;

  SyncConnection(String id, ServerWebSocket socket, Gateway gateway, SyncEndpoint endpoint, SyncRole role) {
    super(id, socket, gateway);
    this.endpoint = endpoint;
    this.role = role;
  }

  @Override
  public String dialect() {
    return SyncEndpoint.DIALECT;
  }

  boolean isService() {
    return role.kind() == SyncRole.Kind.SERVICE;
  }

  String serviceId() {
    return role.serviceId();
  }

  String serviceName() {
    return role.serviceName();
  }

  /** The server API shows a service connection's id (SPEC §5 {@code service}). */
  @Override
  public String describedService() {
    return isService() ? serviceId() : null;
  }

  /** A request id the broker issues for this client; it names the connection so a response routes back. */
  String nextBrokerRequestId() {
    return id() + SyncEndpoint.REQUEST_ID_SEPARATOR + Long.toString(++requestSequence, 36);
  }

  void start() {
    attach();
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
}
