package dev.switchboard.dialect.socketio.engineio;

import dev.switchboard.dialect.socketio.engineio.EngineIoCodec.PollingBody;
import dev.switchboard.dialect.socketio.engineio.EngineIoPacket.Type;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static dev.switchboard.dialect.socketio.engineio.EngineIoVersion.V3;
import static org.junit.jupiter.api.Assertions.*;

/**
 * v3 polling payloads (engine.io-protocol README of the v3 branch, "Payload"; engine.io-parser 2.2.x, the parser
 * the v2 client and the reference server's {@code parser-v3} share).
 */
class EngineIoPayloadV3Test {

  private static final byte[] ONE_TO_FOUR = {1, 2, 3, 4};

  private static EngineIoPacket message(String text) {
    return EngineIoPacket.message(text);
  }

  static Stream<Arguments> textPayloads() {
    return Stream.of(
      // README: "6:4hello2:4€" — characters, not bytes
      Arguments.of("6:4hello2:4€", List.of(message("hello"), message("€"))),
      // README: "6:4hello6:4world"
      Arguments.of("6:4hello6:4world", List.of(message("hello"), message("world"))),
      // README: "2:4€10:b4AQIDBA=="
      Arguments.of("2:4€10:b4AQIDBA==", List.of(message("€"), EngineIoPacket.binaryMessage(ONE_TO_FOUR))),
      Arguments.of("4:4hey", List.of(message("hey"))),
      // A surrogate pair is two UTF-16 code units, as JavaScript's String.length counts.
      Arguments.of("3:4😀", List.of(message("😀"))),
      Arguments.of("7:4a😀b😀", List.of(message("a😀b😀"))),
      Arguments.of("1:21:3", List.of(EngineIoPacket.of(Type.PING), EngineIoPacket.of(Type.PONG))),
      Arguments.of("6:2probe", List.of(EngineIoPacket.probePing())),
      Arguments.of("1:6", List.of(EngineIoPacket.of(Type.NOOP))),
      Arguments.of("1:11:51:6", List.of(EngineIoPacket.of(Type.CLOSE), EngineIoPacket.of(Type.UPGRADE),
        EngineIoPacket.of(Type.NOOP))),
      Arguments.of("8:0{\"a\":1}", List.of(EngineIoPacket.text(Type.OPEN, "{\"a\":1}"))),
      Arguments.of("1:4", List.of(message(""))),
      Arguments.of("2:b4", List.of(EngineIoPacket.binaryMessage(new byte[0]))),
      Arguments.of("5:4a:b:", List.of(message("a:b:"))),
      Arguments.of("9:42[\"a\",1]", List.of(message("2[\"a\",1]"))),
      Arguments.of("0:", List.of()));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("textPayloads")
  void textPayloadsBothWays(String payload, List<EngineIoPacket> packets) {
    assertEquals(payload, EngineIoCodec.encodePayloadV3(packets));
    assertEquals(packets, EngineIoCodec.decodePayloadV3(payload));
    assertEquals(packets, EngineIoCodec.decodePollingPayload(payload.getBytes(StandardCharsets.UTF_8), false, V3));
  }

  @Test
  void theReadmeOpenPacketIsNinetySixCharacters() {
    EngineIoHandshake handshake = new EngineIoHandshake("lv_VI97HAXpY6yYWAAAC", List.of(EngineIoTransportType.WEBSOCKET),
      25000, 5000, 1_000_000);
    assertEquals("96:0{\"sid\":\"lv_VI97HAXpY6yYWAAAC\",\"upgrades\":[\"websocket\"],\"pingInterval\":25000,"
        + "\"pingTimeout\":5000}",
      EngineIoCodec.encodePayloadV3(List.of(handshake.toPacket(V3))));
  }

  @Test
  void zeroLengthPacketsAreSkipped() {
    assertEquals(List.of(message("a")), EngineIoCodec.decodePayloadV3("0:2:4a0:"));
  }

  static Stream<Arguments> malformedText() {
    return Stream.of(
      Arguments.of("", List.of()),
      Arguments.of("4hello", List.of()),
      Arguments.of("7:4hello", List.of()),
      Arguments.of("5:4hello", List.of(message("hell"))),
      Arguments.of("x:4a", List.of()),
      Arguments.of(":4a", List.of()),
      Arguments.of(" 2:4a", List.of()),
      Arguments.of("+2:4a", List.of()),
      Arguments.of("2:4a2", List.of(message("a"))),
      Arguments.of("2:4a1:9", List.of(message("a"))),
      Arguments.of("2:7a", List.of()),
      Arguments.of("3:b4!", List.of()),
      Arguments.of("999999999999999999:4", List.of()),
      // Counting code points instead of UTF-16 units would cut the surrogate pair in half.
      Arguments.of("2:4😀", List.of(message("\ud83d"))));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("malformedText")
  void malformedTextPayloads(String payload, List<EngineIoPacket> before) {
    InvalidEngineIoPacketException e = assertThrows(InvalidEngineIoPacketException.class,
      () -> EngineIoCodec.decodePayloadV3(payload));
    assertEquals(before, e.packetsBeforeError());
  }

  @Test
  void textBodiesAreChosenWithoutBinaryOrWhenTheClientAskedForBase64() {
    List<EngineIoPacket> text = List.of(message("hello"));
    PollingBody plain = EngineIoCodec.encodePollingPayload(text, V3, true);
    assertFalse(plain.binary());
    assertEquals("6:4hello", new String(plain.bytes(), StandardCharsets.UTF_8));

    List<EngineIoPacket> mixed = List.of(message("€"), EngineIoPacket.binaryMessage(ONE_TO_FOUR));
    PollingBody base64 = EngineIoCodec.encodePollingPayload(mixed, V3, false);
    assertFalse(base64.binary());
    assertEquals(EngineIoCodec.TEXT_CONTENT_TYPE, base64.contentType());
    assertEquals("2:4€10:b4AQIDBA==", new String(base64.bytes(), StandardCharsets.UTF_8));
  }

  /**
   * The binary form. The README's example shows the binary entry as {@code 01 04 ff 01 02 03 04}, but both
   * implementations (engine.io-parser 2.2.x {@code encodeOneBinaryPacket} / browser {@code
   * encodePayloadAsArrayBuffer}, and their decoders) put the type byte 4 before the data and count it in the
   * length: {@code 01 05 ff 04 01 02 03 04}. The code is what the v2 client runs, so that is what is tested.
   */
  @Test
  void binaryPayloadOfTheReadmeExample() {
    List<EngineIoPacket> packets = List.of(message("€"), EngineIoPacket.binaryMessage(ONE_TO_FOUR));
    byte[] expected = {
      0, 4, (byte) 0xff, '4', (byte) 0xe2, (byte) 0x82, (byte) 0xac,
      1, 5, (byte) 0xff, 4, 1, 2, 3, 4};
    assertArrayEquals(expected, EngineIoCodec.encodeBinaryPayloadV3(packets));
    assertEquals(packets, EngineIoCodec.decodeBinaryPayloadV3(expected));

    PollingBody body = EngineIoCodec.encodePollingPayload(packets, V3, true);
    assertTrue(body.binary());
    assertEquals("application/octet-stream", body.contentType());
    assertArrayEquals(expected, body.bytes());
    assertEquals(packets, EngineIoCodec.decodePollingPayload(expected, true, V3));
  }

  @Test
  void binaryPayloadLengthsOfTenAndMoreUseOneBytePerDigit() {
    byte[] data = new byte[123];
    data[122] = 7;
    String text = "x".repeat(10);
    List<EngineIoPacket> packets = List.of(message(text), EngineIoPacket.binaryMessage(data));
    byte[] encoded = EngineIoCodec.encodeBinaryPayloadV3(packets);
    assertArrayEquals(new byte[] {0, 1, 1, (byte) 0xff, '4'}, Arrays.copyOf(encoded, 5));
    int binaryEntry = 4 + 11;
    assertArrayEquals(new byte[] {1, 1, 2, 4, (byte) 0xff, 4},
      Arrays.copyOfRange(encoded, binaryEntry, binaryEntry + 6));
    assertEquals(packets, EngineIoCodec.decodeBinaryPayloadV3(encoded));
  }

  @Test
  void textEntriesOfBinaryPayloadsCountUtf8Bytes() {
    byte[] encoded = EngineIoCodec.encodeBinaryPayloadV3(List.of(message("😀")));
    assertArrayEquals(new byte[] {0, 5, (byte) 0xff, '4', (byte) 0xf0, (byte) 0x9f, (byte) 0x98, (byte) 0x80},
      encoded);
    assertEquals(List.of(message("😀")), EngineIoCodec.decodeBinaryPayloadV3(encoded));
  }

  @Test
  void textEntriesOfBinaryPayloadsMayCarryBase64() {
    byte[] entry = "b4AQIDBA==".getBytes(StandardCharsets.US_ASCII);
    byte[] payload = new byte[entry.length + 4];
    payload[0] = 0;
    payload[1] = 1;
    payload[2] = 0;
    payload[3] = (byte) 0xff;
    System.arraycopy(entry, 0, payload, 4, entry.length);
    assertEquals(List.of(EngineIoPacket.binaryMessage(ONE_TO_FOUR)), EngineIoCodec.decodeBinaryPayloadV3(payload));
  }

  static Stream<Arguments> malformedBinary() {
    return Stream.of(
      Arguments.of(new byte[0], 0),
      Arguments.of(new byte[] {2, 1, (byte) 0xff, '4'}, 0),
      Arguments.of(new byte[] {0, 2, (byte) 0xff, '4'}, 0),
      Arguments.of(new byte[] {0, 1}, 0),
      Arguments.of(new byte[] {0, (byte) 0xff, '4'}, 0),
      Arguments.of(new byte[] {0, 0, (byte) 0xff}, 0),
      Arguments.of(new byte[] {0, 10, (byte) 0xff, '4'}, 0),
      Arguments.of(new byte[] {1, 2, (byte) 0xff, 2, 1}, 0),
      Arguments.of(new byte[] {0, 2, (byte) 0xff, '4', (byte) 0xc3}, 0),
      Arguments.of(new byte[] {0, 1, (byte) 0xff, '7'}, 0),
      Arguments.of(new byte[] {0, 1, (byte) 0xff, '2', 9}, 1),
      Arguments.of(new byte[] {0, 1, (byte) 0xff, '2', 1, 1, (byte) 0xff, 3}, 1));
  }

  @ParameterizedTest(name = "case {index}")
  @MethodSource("malformedBinary")
  void malformedBinaryPayloads(byte[] payload, int before) {
    InvalidEngineIoPacketException e = assertThrows(InvalidEngineIoPacketException.class,
      () -> EngineIoCodec.decodeBinaryPayloadV3(payload));
    assertEquals(before, e.packetsBeforeError().size());
  }

  @Test
  void anEmptyBatchIsAnEmptyBinaryPayload() {
    assertEquals(0, EngineIoCodec.encodeBinaryPayloadV3(List.of()).length);
  }
}
