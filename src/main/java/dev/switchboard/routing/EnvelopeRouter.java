package dev.switchboard.routing;

import dev.switchboard.bus.Addresses;
import dev.switchboard.bus.ConnectionId;
import dev.switchboard.bus.Envelope;
import dev.switchboard.bus.NodeIdentity;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;

/**
 * Sends an envelope towards its target: one event-bus message to the instance that owns a connection
 * (read from the id, no lookup), or one publish for fan-out that every instance filters to its members.
 * Each gateway instance has one; it never sends one message per connection across the network.
 */
public final class EnvelopeRouter {

  private final EventBus eventBus;
  private final NodeIdentity node;
  private final int instance;

  public EnvelopeRouter(Vertx vertx, NodeIdentity node, int instance) {
    this.eventBus = vertx.eventBus();
    this.node = node;
    this.instance = instance;
  }

  /**
   * Sends to the instance that owns {@code envelope.target()} (a connection).
   *
   * @return false when the target is not a well-formed connection id (nothing was sent)
   */
  public boolean sendToConnection(Envelope envelope) {
    ConnectionId id = ConnectionId.parse(envelope.target().key());
    if (id == null) {
      return false;
    }
    eventBus.send(id.address(), envelope);
    return true;
  }

  /** Publishes to every gateway instance of every node. */
  public void broadcast(Envelope envelope) {
    eventBus.publish(Addresses.BROADCAST, envelope);
  }

  /** Whether a connection id belongs to this very instance. */
  public boolean isLocal(ConnectionId id) {
    return id.instance() == instance && id.node().equals(node.id());
  }
}
