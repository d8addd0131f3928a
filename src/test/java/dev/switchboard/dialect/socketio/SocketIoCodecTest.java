package dev.switchboard.dialect.socketio;

import dev.switchboard.dialect.socketio.SocketIoPacket.Type;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.stream.Stream;

import static dev.switchboard.dialect.socketio.SocketIoProtocol.V4;
import static dev.switchboard.dialect.socketio.SocketIoProtocol.V5;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The packet text (socket.io-protocol README v5, "Packet encoding" and "Sample session"; the socket.io-protocol test
 * suite; socket.io-parser 4.2.x {@code decodeString}/{@code isPayloadValid}).
 */
class SocketIoCodecTest {

  private static final String P0 = "{\"_placeholder\":true,\"num\":0}";
  private static final String P1 = "{\"_placeholder\":true,\"num\":1}";

  private static SocketIoPacket packet(Type type, String namespace, Long ackId, String data, int attachments) {
    return new SocketIoPacket(type, namespace, ackId, data, attachments);
  }

  static Stream<Arguments> canonical() {
    return Stream.of(
      // README "Connection to a namespace"
      Arguments.of("0", packet(Type.CONNECT, "/", null, null, 0)),
      Arguments.of("0/admin,{\"sid\":\"oSO0OpakMV_3jnilAAAA\"}",
        packet(Type.CONNECT, "/admin", null, "{\"sid\":\"oSO0OpakMV_3jnilAAAA\"}", 0)),
      Arguments.of("4{\"message\":\"Not authorized\"}",
        packet(Type.CONNECT_ERROR, "/", null, "{\"message\":\"Not authorized\"}", 0)),
      // README "Sending and receiving data"
      Arguments.of("2[\"foo\"]", packet(Type.EVENT, "/", null, "[\"foo\"]", 0)),
      Arguments.of("2/admin,[\"bar\"]", packet(Type.EVENT, "/admin", null, "[\"bar\"]", 0)),
      Arguments.of("51-[\"baz\"," + P0 + "]", packet(Type.BINARY_EVENT, "/", null, "[\"baz\"," + P0 + "]", 1)),
      Arguments.of("52-/admin,[\"baz\"," + P0 + "," + P1 + "]",
        packet(Type.BINARY_EVENT, "/admin", null, "[\"baz\"," + P0 + "," + P1 + "]", 2)),
      // README "Acknowledgement"
      Arguments.of("212[\"foo\"]", packet(Type.EVENT, "/", 12L, "[\"foo\"]", 0)),
      Arguments.of("3/admin,13[\"bar\"]", packet(Type.ACK, "/admin", 13L, "[\"bar\"]", 0)),
      Arguments.of("61-15[\"bar\"," + P0 + "]", packet(Type.BINARY_ACK, "/", 15L, "[\"bar\"," + P0 + "]", 1)),
      // README "Disconnection from a namespace"
      Arguments.of("1", packet(Type.DISCONNECT, "/", null, null, 0)),
      Arguments.of("1/admin,", packet(Type.DISCONNECT, "/admin", null, null, 0)),
      // README "Sample session"
      Arguments.of("0/admin,{\"sid\":\"-G5j-67EZFp-q59rADQM\"}",
        packet(Type.CONNECT, "/admin", null, "{\"sid\":\"-G5j-67EZFp-q59rADQM\"}", 0)),
      Arguments.of("2/admin,1[\"tellme\"]", packet(Type.EVENT, "/admin", 1L, "[\"tellme\"]", 0)),
      Arguments.of("61-/admin,1[" + P0 + "]", packet(Type.BINARY_ACK, "/admin", 1L, "[" + P0 + "]", 1)),
      // test suite (without the Engine.IO "4")
      Arguments.of("0{\"token\":\"123\"}", packet(Type.CONNECT, "/", null, "{\"token\":\"123\"}", 0)),
      Arguments.of("0/custom,{\"token\":\"abc\"}", packet(Type.CONNECT, "/custom", null, "{\"token\":\"abc\"}", 0)),
      Arguments.of("2[\"message\",1,\"2\",{\"3\":[true]}]",
        packet(Type.EVENT, "/", null, "[\"message\",1,\"2\",{\"3\":[true]}]", 0)),
      Arguments.of("2456[\"message-with-ack\",1,\"2\",{\"3\":[false]}]",
        packet(Type.EVENT, "/", 456L, "[\"message-with-ack\",1,\"2\",{\"3\":[false]}]", 0)),
      Arguments.of("3456[1,\"2\",{\"3\":[false]}]", packet(Type.ACK, "/", 456L, "[1,\"2\",{\"3\":[false]}]", 0)),
      Arguments.of("52-789[\"message-with-ack\"," + P0 + "," + P1 + "]",
        packet(Type.BINARY_EVENT, "/", 789L, "[\"message-with-ack\"," + P0 + "," + P1 + "]", 2)),
      Arguments.of("62-789[" + P0 + "," + P1 + "]", packet(Type.BINARY_ACK, "/", 789L, "[" + P0 + "," + P1 + "]", 2)),
      Arguments.of("4/random,{\"message\":\"Invalid namespace\"}",
        packet(Type.CONNECT_ERROR, "/random", null, "{\"message\":\"Invalid namespace\"}", 0)),
      // more
      Arguments.of("4\"authentication error\"", packet(Type.CONNECT_ERROR, "/", null, "\"authentication error\"", 0)),
      Arguments.of("4", packet(Type.CONNECT_ERROR, "/", null, null, 0)),
      Arguments.of("2[42,\"numbers name events too\"]",
        packet(Type.EVENT, "/", null, "[42,\"numbers name events too\"]", 0)),
      Arguments.of("20[\"a\"]", packet(Type.EVENT, "/", 0L, "[\"a\"]", 0)),
      Arguments.of("2/a/b-c_d.e,[\"é😀\"]", packet(Type.EVENT, "/a/b-c_d.e", null, "[\"é😀\"]", 0)),
      Arguments.of("3999999999999999999[]", packet(Type.ACK, "/", 999_999_999_999_999_999L, "[]", 0)),
      Arguments.of("50-[\"no attachments after all\"]",
        packet(Type.BINARY_EVENT, "/", null, "[\"no attachments after all\"]", 0)),
      Arguments.of("2[\"a\",{\"_placeholder\":true,\"num\":7}]",
        packet(Type.EVENT, "/", null, "[\"a\",{\"_placeholder\":true,\"num\":7}]", 0)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("canonical")
  void packetsBothWays(String text, SocketIoPacket packet) {
    assertEquals(text, SocketIoCodec.encode(packet));
    assertEquals(packet, SocketIoCodec.decode(text, V5));
  }

  static Stream<Arguments> decodeOnly() {
    return Stream.of(
      // test suite: "40/custom" and "41/custom" without the comma
      Arguments.of("0/custom", packet(Type.CONNECT, "/custom", null, null, 0)),
      Arguments.of("1/custom", packet(Type.DISCONNECT, "/custom", null, null, 0)),
      Arguments.of("0/custom,", packet(Type.CONNECT, "/custom", null, null, 0)),
      // the data is kept exactly as written
      Arguments.of("2[ \"a\" , 1.50e3 , \"\\u00e9\" ]",
        packet(Type.EVENT, "/", null, "[ \"a\" , 1.50e3 , \"\\u00e9\" ]", 0)),
      Arguments.of("0{ }", packet(Type.CONNECT, "/", null, "{ }", 0)),
      Arguments.of("2007[\"a\"]", packet(Type.EVENT, "/", 7L, "[\"a\"]", 0)),
      // a placeholder counts whatever else it holds, and one inside another is not looked at
      Arguments.of("51-[\"a\",{\"num\":0,\"_placeholder\":true,\"x\":1}]",
        packet(Type.BINARY_EVENT, "/", null, "[\"a\",{\"num\":0,\"_placeholder\":true,\"x\":1}]", 1)),
      Arguments.of("51-[\"a\",{\"_placeholder\":true,\"num\":0.0}]",
        packet(Type.BINARY_EVENT, "/", null, "[\"a\",{\"_placeholder\":true,\"num\":0.0}]", 1)),
      Arguments.of("51-[\"a\",{\"_placeholder\":true,\"num\":0,\"in\":{\"_placeholder\":true,\"num\":9}}]",
        packet(Type.BINARY_EVENT, "/", null,
          "[\"a\",{\"_placeholder\":true,\"num\":0,\"in\":{\"_placeholder\":true,\"num\":9}}]", 1)),
      // v5 keeps a '?' in the namespace (it is then simply an unknown namespace)
      Arguments.of("0/admin?token=abc,", packet(Type.CONNECT, "/admin?token=abc", null, null, 0)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("decodeOnly")
  void lenientSpellingsDecode(String text, SocketIoPacket packet) {
    assertEquals(packet, SocketIoCodec.decode(text, V5));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {
    "",
    // test suite: "4abc" (unknown packet type), "42{}" (invalid payload format), "42abc[...]" (invalid ack id)
    "abc", "2{}", "2abc[\"message-with-ack\",1,\"2\",{\"3\":[false]}]",
    "7", "7[\"a\"]", "-1", " 2[\"a\"]",
    // EVENT: data required, a non-empty array starting with a number or an unreserved string
    "2", "2/admin,", "2/admin", "2/admin[\"x\"]", "2[]", "2[true]", "2[null]", "2[{}]", "2[[\"a\"]]", "2\"a\"",
    "2[\"connect\"]", "2[\"connect_error\"]", "2[\"disconnect\",1]", "2[\"disconnecting\"]", "2[\"newListener\"]",
    "2[\"removeListener\"]",
    // not JSON, or more than JSON
    "2[\"a\"", "2[\"a\"]x", "2[\"a\"] [1]", "2[\"a\",]", "2['a']", "2[\"a\u0001\"]", "2[\"\\x\"]", "2[01]",
    "2[\"a\",NaN]",
    // ACK: ack id and array data required
    "3", "3[]", "31", "31{}", "31\"x\"", "3/admin,[]",
    // CONNECT: object data or none, no ack id
    "0[]", "0\"x\"", "0null", "01{}", "0/admin,1", "0/admin,1{}", "0{", "0{}{}",
    // DISCONNECT: nothing
    "1{}", "1/admin,{}", "11", "1[]",
    // CONNECT_ERROR: string or object, no ack id
    "4[]", "41{}", "4null", "41",
    // binary packets: count and '-', data, placeholders naming announced attachments
    "5", "5[\"a\"]", "5-[\"a\"]", "5x-[\"a\"]", "51-", "51-{}", "51-[]", "61-[]", "6-1[]",
    "51-[\"a\",{\"_placeholder\":true,\"num\":1}]",
    "51-[\"a\",{\"_placeholder\":true,\"num\":-1}]",
    "51-[\"a\",{\"_placeholder\":true,\"num\":\"0\"}]",
    "51-[\"a\",{\"_placeholder\":true}]",
    "51-[\"a\",{\"_placeholder\":true,\"num\":0.5}]",
    "50-[\"a\",{\"_placeholder\":true,\"num\":0}]",
    "51234567890-[\"a\"]",
    // ack ids beyond 18 digits
    "21234567890123456789[\"a\"]",
  })
  void invalidPacketsAreRefused(String text) {
    assertThrows(InvalidSocketIoPacketException.class, () -> SocketIoCodec.decode(text, V5));
    assertThrows(InvalidSocketIoPacketException.class, () -> SocketIoCodec.decode(text, V4));
  }

  @Test
  void theProblemIsNamed() {
    InvalidSocketIoPacketException e = assertThrows(InvalidSocketIoPacketException.class,
      () -> SocketIoCodec.decode("2[\"disconnect\"]", V5));
    assertTrue(e.getMessage().contains("reserved"), e.getMessage());
  }

  // ---- v2 clients (Socket.IO protocol revision 4 over EIO=3) -------------------------------------------------

  static Stream<Arguments> v2Connects() {
    return Stream.of(
      Arguments.of("0/admin,", "/admin", null),
      Arguments.of("0/admin", "/admin", null),
      Arguments.of("0/admin?token=abc,", "/admin", "{\"token\":\"abc\"}"),
      Arguments.of("0/admin?token=abc&EIO=3,", "/admin", "{\"token\":\"abc\",\"EIO\":\"3\"}"),
      Arguments.of("0/admin?a=1&a=2&b=x%20y+z&c&&=v,", "/admin", "{\"a\":[\"1\",\"2\"],\"b\":\"x y z\",\"c\":\"\",\"\":\"v\"}"),
      Arguments.of("0/admin?euro=%E2%82%AC&q=%22,", "/admin", "{\"euro\":\"€\",\"q\":\"\\\"\"}"),
      Arguments.of("0/admin?bad=%zz,", "/admin", "{\"bad\":\"%zz\"}"),
      Arguments.of("0/admin?,", "/admin", "{}"),
      // a CONNECT data object is read and validated, but v2's auth is the query, as in the reference
      Arguments.of("0/admin?t=1,{\"x\":1}", "/admin", "{\"t\":\"1\"}"),
      Arguments.of("0/admin,{\"x\":1}", "/admin", null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("v2Connects")
  void v2ConnectsCarryTheirQueryAsAuth(String text, String namespace, String auth) {
    SocketIoPacket packet = SocketIoCodec.decode(text, V4);
    assertEquals(Type.CONNECT, packet.type());
    assertEquals(namespace, packet.namespace());
    assertEquals(auth, packet.data());
  }

  @Test
  void v2PacketsDropTheQueryFromTheirNamespace() {
    assertEquals(packet(Type.EVENT, "/admin", null, "[\"a\"]", 0), SocketIoCodec.decode("2/admin?x=1,[\"a\"]", V4));
    assertEquals(packet(Type.DISCONNECT, "/admin", null, null, 0), SocketIoCodec.decode("1/admin?x=1,", V4));
  }

  @Test
  void v2AndV5ReadEverythingButConnectAlike() {
    canonical().forEach(arguments -> {
      String text = (String) arguments.get()[0];
      if (!text.startsWith("0")) {
        assertEquals(SocketIoCodec.decode(text, V5), SocketIoCodec.decode(text, V4), text);
      }
    });
  }
}
