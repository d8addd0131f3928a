package dev.switchboard.dialect.push;

import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Builds every packet the broker sends on the push dialect ({@code {cmd,data}}, SPEC §2), as UTF-8 bytes.
 */
final class PushPackets {

  static final String AUTH = "AUTH";
  static final String MESSAGE = "MESSAGE";
  static final String MESSAGE_CALLBACK = "MESSAGE_CALLBACK";
  static final String MESSAGE_FCM_CALLBACK = "MESSAGE_FCM_CALLBACK";
  static final String MESSAGE_REPLY = "MESSAGE_REPLY";
  static final String REGISTER_FCM = "REGISTER_FCM";
  static final String PING = "PING";
  static final String INFO = "INFO";

  private static final byte[] PONG = "{\"cmd\":\"PONG\",\"data\":\"\"}".getBytes(StandardCharsets.UTF_8);

  private PushPackets() {
  }

  static byte[] pong() {
    return PONG;
  }

  static byte[] info(String text) {
    return packet(INFO, text);
  }

  static byte[] authResult(int code, String message, String auth, String fcmServerKey) {
    JsonObject data = new JsonObject().put("code", code);
    if (auth != null) {
      data.put("auth", auth);
    }
    data.put("msg", message);
    if (fcmServerKey != null) {
      data.put("fcmServerKey", fcmServerKey);
    }
    return packet(AUTH, data);
  }

  static byte[] messageReply(String mid, Map<String, PushStatus> statuses) {
    JsonObject status = new JsonObject();
    statuses.forEach((name, value) -> status.put(name, value.wire()));
    return packet(MESSAGE_REPLY, new JsonObject().put("mid", mid).put("status", status));
  }

  /** The MESSAGE packet a recipient receives, as text (it is stored in mailboxes as is). */
  static String message(String sendType, String target, String fromMethod, String fromName, String mid,
                        JsonObject message) {
    return new JsonObject().put("cmd", MESSAGE).put("data", new JsonObject()
      .put("sendType", sendType).put("target", target)
      .put("from", new JsonObject().put("method", fromMethod).put("name", fromName))
      .put("mid", mid).put("message", message)).encode();
  }

  private static byte[] packet(String cmd, Object data) {
    return new JsonObject().put("cmd", cmd).put("data", data).toBuffer().getBytes();
  }
}
