package dev.switchboard;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What readiness depends on (SPEC §5): every gateway instance listening, the cluster joined (checked at
 * ask time), and not draining. Shared by the node's verticles.
 */
public final class NodeState {

  private final int gatewayInstances;
  private final AtomicInteger listening = new AtomicInteger();
  private final AtomicBoolean draining = new AtomicBoolean();
  private volatile int publicPort = -1;

  public NodeState(int gatewayInstances) {
    this.gatewayInstances = gatewayInstances;
  }

  public void gatewayListening(int port) {
    publicPort = port;
    listening.incrementAndGet();
  }

  public boolean isListening() {
    return listening.get() >= gatewayInstances;
  }

  /** The port the public server listens on (useful when configured as 0), or -1 before it listens. */
  public int publicPort() {
    return publicPort;
  }

  public boolean isDraining() {
    return draining.get();
  }

  public void startDraining() {
    draining.set(true);
  }
}
