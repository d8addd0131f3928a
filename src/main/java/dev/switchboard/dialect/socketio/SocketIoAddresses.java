package dev.switchboard.dialect.socketio;

/**
 * The event-bus addresses only the socket.io dialect uses, beside {@code bus.Addresses} (kept here so the dialect's
 * address plan is in one place; {@code <node>.<instance>} is how session and socket ids start).
 */
public final class SocketIoAddresses {

  private SocketIoAddresses() {
  }

  /** Request/reply: a long-polling request another instance received for a session this instance owns. */
  public static String polling(String nodeAndInstance) {
    return "sb.socketio.poll." + nodeAndInstance;
  }

  /**
   * Point-to-point: relayed WebSocket traffic of an instance — upgrades it accepted for sessions owned elsewhere,
   * and the relayed sockets of its own sessions (frames, closes and flow-control credits, both ways).
   */
  public static String webSocketRelay(String nodeAndInstance) {
    return "sb.socketio.ws." + nodeAndInstance;
  }

  /** Point-to-point: what instances report about an emit (sockets reached, acks) to the emitting instance. */
  public static String emitReports(String nodeAndInstance) {
    return "sb.socketio.emits." + nodeAndInstance;
  }

  /** Request/reply: connection state recovery's claims and releases for the sockets whose id names this instance. */
  public static String recovery(String nodeAndInstance) {
    return "sb.socketio.recovery." + nodeAndInstance;
  }

  /**
   * Published: each socket.io instance's presence ({@code cluster.ConnectionSummaries}, no counts), so an emitter
   * knows how many instances answer a fan-out emit.
   */
  public static final String INSTANCES = "sb.socketio.instances";

  /** Published: a starting socket.io instance asks every one to publish its presence on {@link #INSTANCES}. */
  public static final String INSTANCES_REQUEST = "sb.socketio.instances.request";

  /** Published: client events, when no app webhook is configured (SPEC §3: "only published on the event bus"). */
  public static final String EVENTS = "sb.socketio.events";
}
