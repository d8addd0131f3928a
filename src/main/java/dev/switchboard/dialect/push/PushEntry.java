package dev.switchboard.dialect.push;

import io.vertx.core.json.JsonObject;

/**
 * One message waiting in a name's mailbox: the MESSAGE packet exactly as the recipient will receive it, when
 * it was accepted, when it expires, and the connection to tell about its status (the WebSocket sender), if any.
 */
record PushEntry(String mid, String recipient, String packet, long acceptedAt, long expiresAt, String replyTo) {

  String encode() {
    return new JsonObject().put("mid", mid).put("to", recipient).put("packet", packet).put("at", acceptedAt)
      .put("exp", expiresAt).put("reply", replyTo).encode();
  }

  static PushEntry decode(String text) {
    JsonObject json = new JsonObject(text);
    return new PushEntry(json.getString("mid"), json.getString("to"), json.getString("packet"),
      json.getLong("at"), json.getLong("exp"), json.getString("reply"));
  }

  boolean isExpired(long now) {
    return expiresAt <= now;
  }
}
