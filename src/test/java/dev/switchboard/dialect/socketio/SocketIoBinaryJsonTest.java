package dev.switchboard.dialect.socketio;

import dev.switchboard.dialect.socketio.SocketIoBinaryJson.WireJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** {@code {"$binary":"<base64>"}} (SPEC §3) against placeholders and attachments (socket.io-parser binary.ts). */
class SocketIoBinaryJsonTest {

  private static final String P0 = "{\"_placeholder\":true,\"num\":0}";
  private static final String P1 = "{\"_placeholder\":true,\"num\":1}";

  @Test
  void binariesBecomePlaceholdersNumberedInDocumentOrder() {
    WireJson wire = SocketIoBinaryJson.toWire(
      "[\"file\",{\"name\":\"a\",\"body\":{\"$binary\":\"AQID\"}},[ {\"$binary\":\"BAUG\"} ], 1.50]");
    assertEquals("[\"file\",{\"name\":\"a\",\"body\":" + P0 + "},[ " + P1 + " ], 1.50]", wire.json());
    assertEquals(2, wire.attachments().size());
    assertArrayEquals(new byte[] {1, 2, 3}, wire.attachments().get(0));
    assertArrayEquals(new byte[] {4, 5, 6}, wire.attachments().get(1));
  }

  @Test
  void placeholdersBecomeBinariesAgain() {
    String app = SocketIoBinaryJson.toApp("[" + P1 + ",{\"x\":" + P0 + "},\"\\u00e9\"]",
      List.of(new byte[] {1, 2, 3}, new byte[] {(byte) 0xff}));
    assertEquals("[{\"$binary\":\"/w==\"},{\"x\":{\"$binary\":\"AQID\"}},\"\\u00e9\"]", app);
  }

  @Test
  void roundTrip() {
    String app = "{\"a\":[{\"$binary\":\"\"},{\"$binary\":\"AAECAwQFBgcICQ==\"}],\"b\":\"😀\"}";
    WireJson wire = SocketIoBinaryJson.toWire(app);
    assertEquals(0, wire.attachments().get(0).length);
    assertEquals(app, SocketIoBinaryJson.toApp(wire.json(), wire.attachments()));
  }

  @Test
  void jsonWithoutBinariesIsLeftAlone() {
    String json = "[\"a\", {\"$binary\":\"AA\",\"other\":1}, {\"$binary\":7}, 1e3]";
    WireJson wire = SocketIoBinaryJson.toWire(json);
    assertSame(json, wire.json());
    assertEquals(List.of(), wire.attachments());
    assertSame(json, SocketIoBinaryJson.toApp(json, List.of()));
  }

  @Test
  void base64PaddingIsOptional() {
    assertArrayEquals(new byte[] {1, 2, 3, 4}, SocketIoBinaryJson.toWire("[{\"$binary\":\"AQIDBA\"}]").attachments().get(0));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {
    "[{\"$binary\":\"!!\"}]",
    "[{\"$binary\":\"AQ-_\"}]",
    "[{\"$binary\":\"A\"}]",
    "[{\"$binary\":\"AQID\"}",
    "not json",
    "[{\"$binary\":\"AQID\"}," + P0 + "]",
  })
  void badAppJsonIsRefused(String json) {
    assertThrows(InvalidEmitArgumentsException.class, () -> SocketIoBinaryJson.toWire(json));
  }

  @Test
  void placeholdersNamingNoAttachmentAreInvalidPackets() {
    assertThrows(InvalidSocketIoPacketException.class, () -> SocketIoBinaryJson.toApp("[" + P1 + "]",
      List.of(new byte[1])));
    assertThrows(InvalidSocketIoPacketException.class,
      () -> SocketIoBinaryJson.toApp("[{\"_placeholder\":true}]", List.of(new byte[1])));
  }
}
