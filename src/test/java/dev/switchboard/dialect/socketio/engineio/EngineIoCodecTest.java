package dev.switchboard.dialect.socketio.engineio;

import dev.switchboard.dialect.socketio.engineio.EngineIoCodec.WebSocketFrame;
import dev.switchboard.dialect.socketio.engineio.EngineIoPacket.Type;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.stream.Stream;

import static dev.switchboard.dialect.socketio.engineio.EngineIoVersion.V3;
import static dev.switchboard.dialect.socketio.engineio.EngineIoVersion.V4;
import static org.junit.jupiter.api.Assertions.*;

/** Single packets and WebSocket frames, both revisions (engine.io-protocol README v4 and v3, "Packet encoding"). */
class EngineIoCodecTest {

  private static final byte[] ONE_TO_FOUR = {1, 2, 3, 4};

  static Stream<Arguments> textPackets() {
    return Stream.of(
      Arguments.of(EngineIoPacket.text(Type.OPEN, "{\"sid\":\"abc\"}"), "0{\"sid\":\"abc\"}"),
      Arguments.of(EngineIoPacket.of(Type.CLOSE), "1"),
      Arguments.of(EngineIoPacket.of(Type.PING), "2"),
      Arguments.of(EngineIoPacket.probePing(), "2probe"),
      Arguments.of(EngineIoPacket.of(Type.PONG), "3"),
      Arguments.of(EngineIoPacket.probePong(), "3probe"),
      Arguments.of(EngineIoPacket.message("hello"), "4hello"),
      Arguments.of(EngineIoPacket.message("HelloWorld"), "4HelloWorld"),
      Arguments.of(EngineIoPacket.message(""), "4"),
      Arguments.of(EngineIoPacket.message("€ 😀 \u0000 \n"), "4€ 😀 \u0000 \n"),
      Arguments.of(EngineIoPacket.message("42[\"hello\"]"), "442[\"hello\"]"),
      Arguments.of(EngineIoPacket.of(Type.UPGRADE), "5"),
      Arguments.of(EngineIoPacket.of(Type.NOOP), "6"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("textPackets")
  void textPacketsBothWaysInBothRevisions(EngineIoPacket packet, String encoded) {
    for (EngineIoVersion version : EngineIoVersion.values()) {
      assertEquals(encoded, EngineIoCodec.encodeText(packet, version), version.toString());
      assertEquals(packet, EngineIoCodec.decodeText(encoded, version), version.toString());
      WebSocketFrame frame = EngineIoCodec.encodeWebSocketFrame(packet, version, true);
      assertFalse(frame.isBinary());
      assertEquals(encoded, frame.text());
      assertEquals(packet, EngineIoCodec.decodeWebSocketText(encoded, version));
    }
  }

  @ParameterizedTest(name = "\"{0}\" is not a packet")
  @ValueSource(strings = {"", "7", "8hello", "abc", "x", " 4", "-1", "\u001e", "٤"})
  void malformedTextPackets(String encoded) {
    for (EngineIoVersion version : EngineIoVersion.values()) {
      assertThrows(InvalidEngineIoPacketException.class, () -> EngineIoCodec.decodeText(encoded, version),
        version.toString());
    }
  }

  @Test
  void binaryAsTextIsBPlusBase64InV4AndB4PlusBase64InV3() {
    EngineIoPacket packet = EngineIoPacket.binaryMessage(ONE_TO_FOUR);
    assertEquals("bAQIDBA==", EngineIoCodec.encodeText(packet, V4));
    assertEquals("b4AQIDBA==", EngineIoCodec.encodeText(packet, V3));
    assertEquals(packet, EngineIoCodec.decodeText("bAQIDBA==", V4));
    assertEquals(packet, EngineIoCodec.decodeText("b4AQIDBA==", V3));
  }

  @Test
  void base64IsReadAsNodeReadsIt() {
    EngineIoPacket packet = EngineIoPacket.binaryMessage(new byte[] {(byte) 0xfb, (byte) 0xff});
    assertEquals(packet, EngineIoCodec.decodeText("b+/8=", V4));
    assertEquals(packet, EngineIoCodec.decodeText("b+/8", V4), "padding is optional");
    assertEquals(packet, EngineIoCodec.decodeText("b-_8", V4), "URL-safe alphabet");
    assertEquals(EngineIoPacket.binaryMessage(new byte[0]), EngineIoCodec.decodeText("b", V4));
    assertEquals(EngineIoPacket.binaryMessage(new byte[0]), EngineIoCodec.decodeText("b4", V3));
  }

  @ParameterizedTest(name = "v4 \"{0}\"")
  @ValueSource(strings = {"b!!!!", "bAQ=ID", "bA", "b AQID"})
  void badBase64IsMalformedInV4(String encoded) {
    assertThrows(InvalidEngineIoPacketException.class, () -> EngineIoCodec.decodeText(encoded, V4));
  }

  @ParameterizedTest(name = "v3 \"{0}\"")
  @ValueSource(strings = {"b", "bAQIDBA==", "b2AQID", "b0", "b4!!!!"})
  void v3Base64PacketsMustBeMessages(String encoded) {
    assertThrows(InvalidEngineIoPacketException.class, () -> EngineIoCodec.decodeText(encoded, V3));
  }

  @Test
  void v4BinaryFramesAreRaw() {
    WebSocketFrame frame = EngineIoCodec.encodeWebSocketFrame(EngineIoPacket.binaryMessage(ONE_TO_FOUR), V4, true);
    assertTrue(frame.isBinary());
    assertArrayEquals(ONE_TO_FOUR, frame.binary());
    assertEquals(EngineIoPacket.binaryMessage(ONE_TO_FOUR), EngineIoCodec.decodeWebSocketBinary(ONE_TO_FOUR, V4));
    assertEquals(EngineIoPacket.binaryMessage(new byte[0]), EngineIoCodec.decodeWebSocketBinary(new byte[0], V4));
    assertEquals(EngineIoPacket.binaryMessage(new byte[] {9, 9}),
      EngineIoCodec.decodeWebSocketBinary(new byte[] {9, 9}, V4), "v4 has no type byte to check");
  }

  @Test
  void v3BinaryFramesLeadWithTheMessageTypeByte() {
    WebSocketFrame frame = EngineIoCodec.encodeWebSocketFrame(EngineIoPacket.binaryMessage(ONE_TO_FOUR), V3, true);
    assertTrue(frame.isBinary());
    assertArrayEquals(new byte[] {4, 1, 2, 3, 4}, frame.binary());
    assertEquals(EngineIoPacket.binaryMessage(ONE_TO_FOUR),
      EngineIoCodec.decodeWebSocketBinary(new byte[] {4, 1, 2, 3, 4}, V3));
    assertEquals(EngineIoPacket.binaryMessage(new byte[0]), EngineIoCodec.decodeWebSocketBinary(new byte[] {4}, V3));
    assertArrayEquals(new byte[] {4},
      EngineIoCodec.encodeWebSocketFrame(EngineIoPacket.binaryMessage(new byte[0]), V3, true).binary());
  }

  @Test
  void v3BinaryFramesOfOtherTypesOrEmptyAreMalformed() {
    assertThrows(InvalidEngineIoPacketException.class, () -> EngineIoCodec.decodeWebSocketBinary(new byte[0], V3));
    assertThrows(InvalidEngineIoPacketException.class,
      () -> EngineIoCodec.decodeWebSocketBinary(new byte[] {2, 1}, V3));
    assertThrows(InvalidEngineIoPacketException.class,
      () -> EngineIoCodec.decodeWebSocketBinary(new byte[] {'4', 1}, V3), "the type is a byte, not a digit");
  }

  @ParameterizedTest
  @EnumSource(EngineIoVersion.class)
  void clientsAskingForBase64GetBinaryAsText(EngineIoVersion version) {
    WebSocketFrame frame = EngineIoCodec.encodeWebSocketFrame(EngineIoPacket.binaryMessage(ONE_TO_FOUR), version,
      false);
    assertFalse(frame.isBinary());
    assertEquals(version == V4 ? "bAQIDBA==" : "b4AQIDBA==", frame.text());
    assertEquals(EngineIoPacket.binaryMessage(ONE_TO_FOUR), EngineIoCodec.decodeWebSocketText(frame.text(), version));
  }
}
