package dev.switchboard.dialect.socketio;

import dev.switchboard.dialect.socketio.SocketIoPacket.Type;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.switchboard.dialect.socketio.SocketIoProtocol.V4;
import static dev.switchboard.dialect.socketio.SocketIoProtocol.V5;
import static org.junit.jupiter.api.Assertions.*;

/** The packets the server builds, for v5 clients and for v2 clients (socket.io {@code lib/socket.ts},
 * {@code lib/namespace.ts}, {@code lib/client.ts}). */
class SocketIoPacketTest {

  private static String encode(SocketIoPacket packet) {
    return SocketIoCodec.encode(packet);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"CONNECT,0", "DISCONNECT,1", "EVENT,2", "ACK,3", "CONNECT_ERROR,4", "BINARY_EVENT,5", "BINARY_ACK,6"})
  void typesAreTheDigitsOfTheProtocolTable(Type type, char digit) {
    assertEquals(digit, type.code());
    assertEquals(type, Type.fromCode(digit));
  }

  @Test
  void connectRepliesCarryTheSocketIdInV5AndNothingInV4() {
    // README "Sample session": 40{"sid":"wZX3oN0bSVIhsaknAAAI"}
    assertEquals("0{\"sid\":\"wZX3oN0bSVIhsaknAAAI\"}",
      encode(SocketIoPacket.connectReply("/", "wZX3oN0bSVIhsaknAAAI", null, V5)));
    assertEquals("0/admin,{\"sid\":\"a\",\"pid\":\"b\"}", encode(SocketIoPacket.connectReply("/admin", "a", "b", V5)));
    assertEquals("0", encode(SocketIoPacket.connectReply("/", "a", "b", V4)));
    assertEquals("0/admin,", encode(SocketIoPacket.connectReply("/admin", "a", null, V4)));
  }

  @Test
  void connectErrorsAreObjectsInV5() {
    assertEquals("4{\"message\":\"Not authorized\"}",
      encode(SocketIoPacket.connectError("/", "Not authorized", null, V5)));
    // test suite: 44/random,{"message":"Invalid namespace"}
    assertEquals("4/random,{\"message\":\"Invalid namespace\"}",
      encode(SocketIoPacket.connectError("/random", "Invalid namespace", null, V5)));
    assertEquals("4/web,{\"message\":\"authentication error\",\"data\":{\"code\":\"EXPIRED\"}}",
      encode(SocketIoPacket.connectError("/web", "authentication error", "{\"code\":\"EXPIRED\"}", V5)));
    assertEquals("4{\"message\":\"say \\\"no\\\"\"}", encode(SocketIoPacket.connectError("/", "say \"no\"", null, V5)));
  }

  @Test
  void errorsAreStringsInV4UnlessThereIsData() {
    assertEquals("4\"authentication error\"", encode(SocketIoPacket.connectError("/", "authentication error", null, V4)));
    assertEquals("4/web,\"authentication error\"",
      encode(SocketIoPacket.connectError("/web", "authentication error", null, V4)));
    // the reference sends err.data || err.message
    assertEquals("4/web,{\"code\":1}", encode(SocketIoPacket.connectError("/web", "ignored", "{\"code\":1}", V4)));
  }

  @Test
  void whatTheServerBuildsDecodesAgain() {
    for (SocketIoProtocol protocol : SocketIoProtocol.values()) {
      for (SocketIoPacket packet : new SocketIoPacket[] {
        SocketIoPacket.connectError("/web", "authentication error", "{\"code\":1}", protocol),
        SocketIoPacket.connectError("/", "x", null, protocol),
        SocketIoPacket.disconnect("/web"),
        SocketIoPacket.connect("/web", "{\"token\":\"t\"}"),
      }) {
        assertEquals(packet, SocketIoCodec.decode(encode(packet), SocketIoProtocol.V5), encode(packet));
      }
    }
  }

  @Test
  void disconnects() {
    assertEquals("1", encode(SocketIoPacket.disconnect("/")));
    assertEquals("1/admin,", encode(SocketIoPacket.disconnect("/admin")));
  }

  @Test
  void clientConnects() {
    assertEquals("0", encode(SocketIoPacket.connect("/", null)));
    assertEquals("0{\"token\":\"123\"}", encode(SocketIoPacket.connect("/", "{\"token\":\"123\"}")));
    assertEquals("0/custom,{\"token\":\"abc\"}", encode(SocketIoPacket.connect("/custom", "{\"token\":\"abc\"}")));
  }

  @ParameterizedTest(name = "namespace \"{0}\"")
  @ValueSource(strings = {"", "admin", "/a,b", ","})
  void namespacesStartWithASlashAndHoldNoComma(String namespace) {
    assertThrows(IllegalArgumentException.class, () -> SocketIoPacket.disconnect(namespace));
  }

  @Test
  void onlyBinaryTypesAnnounceAttachmentsAndAckIdsAreNotNegative() {
    assertThrows(IllegalArgumentException.class, () -> new SocketIoPacket(Type.EVENT, "/", null, "[\"a\"]", 1));
    assertThrows(IllegalArgumentException.class, () -> new SocketIoPacket(Type.BINARY_EVENT, "/", null, "[\"a\"]", -1));
    assertThrows(IllegalArgumentException.class, () -> new SocketIoPacket(Type.ACK, "/", -1L, "[]", 0));
    assertThrows(NullPointerException.class, () -> new SocketIoPacket(Type.ACK, null, 1L, "[]", 0));
  }

  @Test
  void eventAndAckTypes() {
    assertTrue(new SocketIoPacket(Type.BINARY_EVENT, "/", null, "[\"a\"]", 0).isEvent());
    assertTrue(new SocketIoPacket(Type.EVENT, "/", null, "[\"a\"]", 0).isEvent());
    assertTrue(new SocketIoPacket(Type.BINARY_ACK, "/", 1L, "[]", 0).isAck());
    assertFalse(new SocketIoPacket(Type.ACK, "/", 1L, "[]", 0).isEvent());
  }
}
