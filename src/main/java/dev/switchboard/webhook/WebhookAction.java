package dev.switchboard.webhook;

/**
 * What happened to a connection, as the app webhook names it in {@code action} (SPEC §6). One place decides
 * the wire names and which actions are retried.
 */
public enum WebhookAction {
  /** The connection was accepted; always the first call for a connection. */
  OPEN("open"),
  /** The client sent a message. */
  MESSAGE("message"),
  /** The connection ended, whoever ended it; always the last call for a connection. */
  CLOSE("close");

  private final String wireName;

  WebhookAction(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }
}
