package dev.switchboard.gateway;

/**
 * Every WebSocket close the broker initiates, with its code and the reason text sent in the close frame.
 * Clients can rely on the codes; docs/ARCHITECTURE.md lists them.
 */
public enum CloseCode {
  /** The connection ended normally (used when the broker is asked to close a connection). */
  NORMAL(1000, "closed"),
  /** A frame or message was larger than {@code public.maxFrameBytes}. */
  MESSAGE_TOO_BIG(1009, "message too big"),
  /** The node is draining: reconnect, another node will take the connection. */
  SERVICE_RESTART(1012, "node shutting down, reconnect"),
  /** The app refused the connection: its open webhook failed and {@code webhook.openFailure} is "refuse" (SPEC §6). */
  APP_REFUSED(1011, "the app did not accept the connection"),
  /**
   * The peer answered no WebSocket ping for two ping intervals ({@code public.pingIntervalMs}); for tapr, it sent
   * no {@code {"event":"ping"}} within {@code tapr.pingTimeoutMs}.
   */
  HEARTBEAT_TIMEOUT(4000, "no heartbeat"),
  /** The sync connection was refused: missing or invalid sign, id or token. */
  CONNECT_NO_PERMISSION(4001, "CONNECT_NO_PERMISSION"),
  /** The sync service was refused: the service limit of the cluster is reached. */
  EQUIPMENT_OUT_OF_LIMIT(4002, "EQUIPMENT_OUT_OF_LIMIT"),
  /** A newer sync service connection took this service id. */
  SERVICE_REPLACED(4003, "SERVICE_REPLACED"),
  /** The sync service id is held by another connection and the policy is "reject". */
  SERVICE_ID_CONFLICT(4004, "SERVICE_ID_CONFLICT"),
  /** Push: a newer connection authenticated with the same name (its mailbox moves to the newer one). */
  NAME_TAKEN_OVER(4005, "name taken over by a newer connection"),
  /** Push: no successful AUTH within {@code push.authTimeoutMs}. */
  AUTH_TIMEOUT(4006, "authentication timeout"),
  /** The connection did not read its data fast enough; its queue passed {@code public.maxQueuedBytes}. */
  SLOW_CONSUMER(4008, "slow consumer");

  private final int code;
  private final String reason;

  CloseCode(int code, String reason) {
    this.code = code;
    this.reason = reason;
  }

  public short code() {
    return (short) code;
  }

  public String reason() {
    return reason;
  }
}
