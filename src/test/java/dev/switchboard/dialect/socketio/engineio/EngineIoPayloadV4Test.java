package dev.switchboard.dialect.socketio.engineio;

import dev.switchboard.dialect.socketio.engineio.EngineIoCodec.PollingBody;
import dev.switchboard.dialect.socketio.engineio.EngineIoPacket.Type;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

import static dev.switchboard.dialect.socketio.engineio.EngineIoVersion.V4;
import static org.junit.jupiter.api.Assertions.*;

/** v4 polling payloads: engine.io-protocol README "Packet encoding / HTTP long-polling" and its test suite. */
class EngineIoPayloadV4Test {

  private static EngineIoPacket message(String text) {
    return EngineIoPacket.message(text);
  }

  static Stream<Arguments> payloads() {
    return Stream.of(
      // README: 4hello\x1e2\x1e4world
      Arguments.of("4hello\u001e2\u001e4world",
        List.of(message("hello"), EngineIoPacket.of(Type.PING), message("world"))),
      // README: 4hello\x1ebAQIDBA==
      Arguments.of("4hello\u001ebAQIDBA==",
        List.of(message("hello"), EngineIoPacket.binaryMessage(new byte[] {1, 2, 3, 4}))),
      // test suite: "sends and receives a payload containing several plain text packets"
      Arguments.of("4test1\u001e4test2\u001e4test3", List.of(message("test1"), message("test2"), message("test3"))),
      Arguments.of("4hello", List.of(message("hello"))),
      Arguments.of("3", List.of(EngineIoPacket.of(Type.PONG))),
      Arguments.of("1", List.of(EngineIoPacket.of(Type.CLOSE))),
      Arguments.of("6", List.of(EngineIoPacket.of(Type.NOOP))),
      Arguments.of("0{\"a\":1}\u001e1\u001e2probe\u001e3probe\u001e4x\u001e5\u001e6",
        List.of(EngineIoPacket.text(Type.OPEN, "{\"a\":1}"), EngineIoPacket.of(Type.CLOSE), EngineIoPacket.probePing(),
          EngineIoPacket.probePong(), message("x"), EngineIoPacket.of(Type.UPGRADE), EngineIoPacket.of(Type.NOOP))),
      Arguments.of("4\u001e4", List.of(message(""), message(""))),
      Arguments.of("4€\u001e4😀", List.of(message("€"), message("😀"))),
      Arguments.of("40\u001e42[\"hello\"]\u001e42[\"world\"]",
        List.of(message("0"), message("2[\"hello\"]"), message("2[\"world\"]"))),
      Arguments.of("b\u001eb", List.of(EngineIoPacket.binaryMessage(new byte[0]), EngineIoPacket.binaryMessage(new byte[0]))));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("payloads")
  void payloadsBothWays(String payload, List<EngineIoPacket> packets) {
    assertEquals(payload, EngineIoCodec.encodePayloadV4(packets));
    assertEquals(packets, EngineIoCodec.decodePayloadV4(payload));
    PollingBody body = EngineIoCodec.encodePollingPayload(packets, V4, true);
    assertFalse(body.binary(), "v4 bodies are always text");
    assertEquals(EngineIoCodec.TEXT_CONTENT_TYPE, body.contentType());
    assertEquals(payload, new String(body.bytes(), StandardCharsets.UTF_8));
    assertEquals(packets, EngineIoCodec.decodePollingPayload(payload.getBytes(StandardCharsets.UTF_8), false, V4));
  }

  @Test
  void binaryIsBase64EvenWhenTheClientTakesBinary() {
    PollingBody body = EngineIoCodec.encodePollingPayload(List.of(EngineIoPacket.binaryMessage(new byte[] {1, 2, 3, 4})),
      V4, true);
    assertEquals("bAQIDBA==", new String(body.bytes(), StandardCharsets.US_ASCII));
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
      // test suite: "closes the session upon invalid packet format"
      Arguments.of("abc", List.of()),
      Arguments.of("", List.of()),
      Arguments.of("4hello\u001e", List.of(message("hello"))),
      Arguments.of("\u001e4hello", List.of()),
      Arguments.of("4a\u001e\u001e4b", List.of(message("a"))),
      Arguments.of("4a\u001e4b\u001e9", List.of(message("a"), message("b"))),
      Arguments.of("4a\u001eb!!", List.of(message("a"))));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("malformed")
  void malformedPayloadsSayWhatCameBefore(String payload, List<EngineIoPacket> before) {
    InvalidEngineIoPacketException e = assertThrows(InvalidEngineIoPacketException.class,
      () -> EngineIoCodec.decodePayloadV4(payload));
    assertEquals(before, e.packetsBeforeError());
  }

  @Test
  void binaryBodiesAreRefusedInV4() {
    assertThrows(InvalidEngineIoPacketException.class,
      () -> EngineIoCodec.decodePollingPayload(new byte[] {0, 1, (byte) 0xff, '4'}, true, V4));
  }

  @Test
  void malformedUtf8InABodyIsReplacedAsNodeDoes() {
    byte[] body = {'4', (byte) 0xc3, (byte) 0x28};
    assertEquals(List.of(message("\ufffd(")), EngineIoCodec.decodePollingPayload(body, false, V4));
  }

  @Test
  void aRecordSeparatorInsideATextPacketCannotBeEncoded() {
    assertThrows(IllegalArgumentException.class,
      () -> EngineIoCodec.encodePayloadV4(List.of(message("a\u001eb"))));
  }
}
