package dev.switchboard.dialect.push;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Outbound packets are written straight to bytes: they must still be the JSON the SPEC shows, and entries round-trip. */
class PushPacketsTest {

  private static JsonObject json(byte[] bytes) {
    return new JsonObject(new String(bytes, StandardCharsets.UTF_8));
  }

  @Test
  void theMessagePacketSplicesTheMessageObject() {
    byte[] message = "{\"text\":\"a\\\"b\",\"extra\":{}}".getBytes(StandardCharsets.UTF_8);
    JsonObject packet = json(PushPackets.message("personal", "b\u00f6b", "websocket", "al\"ice", "n.0.x.1", message));
    assertEquals(new JsonObject().put("cmd", "MESSAGE").put("data", new JsonObject().put("sendType", "personal")
      .put("target", "b\u00f6b").put("from", new JsonObject().put("method", "websocket").put("name", "al\"ice"))
      .put("mid", "n.0.x.1").put("message", new JsonObject().put("text", "a\"b").put("extra", new JsonObject()))), packet);
  }

  @Test
  void repliesAndInfoAreThePacketsOfTheSpec() {
    Map<String, PushStatus> statuses = new LinkedHashMap<>();
    statuses.put("bob", PushStatus.OK);
    statuses.put("c\"d", PushStatus.FCM_OK_CONFIRMED);
    assertEquals("{\"cmd\":\"MESSAGE_REPLY\",\"data\":{\"mid\":\"m\",\"status\":{\"bob\":\"ok\",\"c\\\"d\":\"fcm-ok-comfirm\"}}}",
      new String(PushPackets.messageReply("m", statuses), StandardCharsets.UTF_8));
    assertEquals("{\"cmd\":\"MESSAGE_REPLY\",\"data\":{\"mid\":\"m\",\"status\":{}}}",
      new String(PushPackets.messageReply("m", Map.of()), StandardCharsets.UTF_8));
    assertEquals(new JsonObject().put("cmd", "INFO").put("data", "Unknown cmd: \"x\""),
      json(PushPackets.info("Unknown cmd: \"x\"")));
  }

  @Test
  void anEntryRoundTripsThroughItsBinaryForm() {
    byte[] packet = "{\"cmd\":\"MESSAGE\",\"data\":{}}".getBytes(StandardCharsets.UTF_8);
    PushEntry entry = new PushEntry("n.1.a.2", "b\u00f6b", packet, 17, Long.MAX_VALUE, "n.1.c");
    PushEntry back = PushEntry.decode(entry.encode());
    assertEquals("n.1.a.2", back.mid());
    assertEquals("b\u00f6b", back.recipient());
    assertArrayEquals(packet, back.packet());
    assertEquals(17, back.acceptedAt());
    assertEquals(Long.MAX_VALUE, back.expiresAt());
    assertEquals("n.1.c", back.replyTo());
    assertNull(PushEntry.decode(new PushEntry("m", "r", packet, 1, 2, null).encode()).replyTo());
  }
}
