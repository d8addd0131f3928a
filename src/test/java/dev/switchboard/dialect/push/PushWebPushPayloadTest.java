package dev.switchboard.dialect.push;

import dev.switchboard.dialect.push.webpush.WebPushEncryption;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** The Web Push payload is the MESSAGE packet, trimmed (keeping the mid) only when it cannot fit one record. */
class PushWebPushPayloadTest {

  private static PushEntry entry(String text, String desp) {
    byte[] packet = PushPackets.message("personal", "bob", "websocket", "alice", "m-1",
      new JsonObject().put("text", text).put("desp", desp).put("extra", new JsonObject().put("k", "v")).toBuffer().getBytes());
    return new PushEntry("m-1", "bob", packet, 0, Long.MAX_VALUE, null);
  }

  @Test
  void aSmallPacketIsSentWhole() {
    PushEntry small = entry("hi", "there");
    assertArrayEquals(small.packet(), PushWebPush.payloadOf(small));
  }

  @Test
  void aLargePacketIsTrimmedButKeepsItsMid() {
    byte[] payload = PushWebPush.payloadOf(entry("\u4e2d".repeat(3000), "d".repeat(5000)));
    assertTrue(payload.length <= WebPushEncryption.MAX_PLAINTEXT_BYTES);
    JsonObject data = new JsonObject(new String(payload)).getJsonObject("data");
    assertEquals("m-1", data.getString("mid"));
    assertTrue(data.getBoolean("truncated"));
    assertFalse(data.getJsonObject("message").getString("text").isEmpty());
    assertEquals("", data.getJsonObject("message").getString("desp"));
  }
}
