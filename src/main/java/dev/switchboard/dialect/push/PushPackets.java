package dev.switchboard.dialect.push;

import dev.switchboard.codec.JsonBytesWriter;
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
    return JsonBytesWriter.object(32 + text.length()).stringField("cmd", INFO).stringField("data", text).finish();
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
    int expected = 64 + mid.length();
    for (String name : statuses.keySet()) {
      expected += 24 + name.length();
    }
    JsonBytesWriter writer = JsonBytesWriter.object(expected)
      .stringField("cmd", MESSAGE_REPLY).beginObject("data").stringField("mid", mid).beginObject("status");
    statuses.forEach((name, value) -> writer.stringField(name, value.wire()));
    return writer.endObject().endObject().finish();
  }

  /**
   * The MESSAGE packet a recipient receives (stored in mailboxes as is), with the sender's {@code message} object
   * spliced in as the bytes it arrived as.
   */
  static byte[] message(String sendType, String target, String fromMethod, String fromName, String mid,
                        byte[] message) {
    // The fixed text is ~100 bytes; the estimate leaves room so the buffer is not grown (ASCII names fit exactly).
    return JsonBytesWriter.object(128 + sendType.length() + target.length() + fromMethod.length() + fromName.length()
        + mid.length() + message.length)
      .stringField("cmd", MESSAGE).beginObject("data")
      .stringField("sendType", sendType).stringField("target", target)
      .beginObject("from").stringField("method", fromMethod).stringField("name", fromName).endObject()
      .stringField("mid", mid).rawField("message", message)
      .endObject().finish();
  }

  private static byte[] packet(String cmd, Object data) {
    return new JsonObject().put("cmd", cmd).put("data", data).toBuffer().getBytes();
  }
}
