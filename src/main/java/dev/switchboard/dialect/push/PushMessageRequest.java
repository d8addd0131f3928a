package dev.switchboard.dialect.push;

import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;

/**
 * A validated MESSAGE request, from a WebSocket packet or an HTTP call: {@code sendType}, {@code target} and the
 * {@code message} object as raw JSON bytes (spliced as they are into the MESSAGE packet). {@link #parse} and
 * {@link #of} throw with the INFO text the client gets (SPEC §2).
 */
record PushMessageRequest(String sendType, String target, byte[] message) {

  private static final byte[] EMPTY_OBJECT = "{}".getBytes(StandardCharsets.US_ASCII);

  /** From a decoded {@code data} (HTTP and the server API). */
  static PushMessageRequest parse(Object data) {
    if (!(data instanceof JsonObject fields)) {
      throw new IllegalArgumentException(dataNotObject());
    }
    Object message = fields.getValue("message");
    String target = fields.getValue("target") instanceof String text ? text : null;
    validate(fields.getValue("sendType"), target, message != null && !(message instanceof JsonObject));
    return new PushMessageRequest((String) fields.getValue("sendType"), target,
      message == null ? EMPTY_OBJECT : ((JsonObject) message).toBuffer().getBytes());
  }

  /** From a WebSocket packet, without building its {@code message}. */
  static PushMessageRequest of(PushFrame frame) {
    if (frame.dataKind != PushFrame.DataKind.OBJECT) {
      throw new IllegalArgumentException(dataNotObject());
    }
    validate(frame.sendType, frame.target, frame.messageNotObject);
    byte[] message = frame.messageJson();
    return new PushMessageRequest(frame.sendType, frame.target, message == null ? EMPTY_OBJECT : message);
  }

  private static String dataNotObject() {
    return "data property must be an object {sendType, target, message}";
  }

  private static void validate(Object sendType, String target, boolean messageNotObject) {
    if (!"personal".equals(sendType) && !"group".equals(sendType)) {
      throw new IllegalArgumentException("sendType property must be 'personal' or 'group'");
    }
    if (target == null || target.isEmpty()) {
      throw new IllegalArgumentException("target property is required");
    }
    if (messageNotObject) {
      throw new IllegalArgumentException("message property must be an object {text, desp, extra}");
    }
  }
}
