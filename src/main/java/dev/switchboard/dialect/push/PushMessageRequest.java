package dev.switchboard.dialect.push;

import io.vertx.core.json.JsonObject;

/**
 * A validated MESSAGE request, from a WebSocket packet or an HTTP call: {@code sendType}, {@code target} and the
 * {@code message} object. {@link #parse} throws with the INFO text the client gets (SPEC §2).
 */
record PushMessageRequest(String sendType, String target, JsonObject message) {

  static PushMessageRequest parse(Object data) {
    if (!(data instanceof JsonObject fields)) {
      throw new IllegalArgumentException("data property must be an object {sendType, target, message}");
    }
    Object sendType = fields.getValue("sendType");
    if (!"personal".equals(sendType) && !"group".equals(sendType)) {
      throw new IllegalArgumentException("sendType property must be 'personal' or 'group'");
    }
    if (!(fields.getValue("target") instanceof String target) || target.isEmpty()) {
      throw new IllegalArgumentException("target property is required");
    }
    Object message = fields.getValue("message");
    if (message != null && !(message instanceof JsonObject)) {
      throw new IllegalArgumentException("message property must be an object {text, desp, extra}");
    }
    return new PushMessageRequest((String) sendType, target, message == null ? new JsonObject() : (JsonObject) message);
  }
}
