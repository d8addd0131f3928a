package dev.switchboard.dialect.socketio;

import dev.switchboard.dialect.socketio.SocketIoPacket.Type;
import dev.switchboard.dialect.socketio.engineio.EngineIoPacket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static dev.switchboard.dialect.socketio.SocketIoProtocol.V5;
import static org.junit.jupiter.api.Assertions.*;

/** Events and acks as the app gives and receives them, against the socket.io-protocol test suite's frames. */
class SocketIoPacketWithAttachmentsTest {

  private static final String P0 = "{\"_placeholder\":true,\"num\":0}";
  private static final String P1 = "{\"_placeholder\":true,\"num\":1}";

  private static String text(SocketIoPacketWithAttachments packet) {
    return SocketIoCodec.encode(packet.packet());
  }

  @Test
  void eventsForClients() {
    assertEquals("2[\"order\",1,{\"a\":2}]",
      text(SocketIoPacketWithAttachments.event("/", new SocketIoEvent("order", "[1,{\"a\":2}]"), null)));
    assertEquals("2[\"order\"]", text(SocketIoPacketWithAttachments.event("/", new SocketIoEvent("order", "[]"), null)));
    assertEquals("2[\"order\"]", text(SocketIoPacketWithAttachments.event("/", new SocketIoEvent("order", " [ ] "), null)));
    assertEquals("2/web,12[\"order\", 1 ]",
      text(SocketIoPacketWithAttachments.event("/web", new SocketIoEvent("order", "[ 1 ]"), 12L)));
    assertEquals("2[\"say \\\"hi\\\"\",\"é\"]",
      text(SocketIoPacketWithAttachments.event("/", new SocketIoEvent("say \"hi\"", "[\"é\"]"), null)));
    // seed 002: login_info {succeeded:true}
    assertEquals("2[\"login_info\",{\"succeeded\":true}]",
      text(SocketIoPacketWithAttachments.event("/", new SocketIoEvent("login_info", "[{\"succeeded\":true}]"), null)));
  }

  @Test
  void eventsWithBinariesBecomeBinaryEventsWithAttachments() {
    // test suite "should send a packet with binary attachments": 452-["message-back",<p0>,<p1>] + [1,2,3] + [4,5,6]
    SocketIoPacketWithAttachments event = SocketIoPacketWithAttachments.event("/",
      new SocketIoEvent("message-back", "[{\"$binary\":\"AQID\"},{\"$binary\":\"BAUG\"}]"), null);
    assertEquals("52-[\"message-back\"," + P0 + "," + P1 + "]", text(event));
    assertEquals(Type.BINARY_EVENT, event.packet().type());
    List<EngineIoPacket> messages = event.toEngineIoPackets();
    assertEquals(3, messages.size());
    assertEquals(EngineIoPacket.message("52-[\"message-back\"," + P0 + "," + P1 + "]"), messages.get(0));
    assertEquals(EngineIoPacket.binaryMessage(new byte[] {1, 2, 3}), messages.get(1));
    assertEquals(EngineIoPacket.binaryMessage(new byte[] {4, 5, 6}), messages.get(2));
  }

  @Test
  void acksForClients() {
    // test suite "should send a plain-text packet with an ack": 43456[1,"2",{"3":[false]}]
    assertEquals("3456[1,\"2\",{\"3\":[false]}]",
      text(SocketIoPacketWithAttachments.ack("/", 456, "[1,\"2\",{\"3\":[false]}]")));
    assertEquals("3/web,7[]", text(SocketIoPacketWithAttachments.ack("/web", 7, "[]")));
    // test suite "...binary attachments and an ack": 462-789[<p0>,<p1>]
    SocketIoPacketWithAttachments ack = SocketIoPacketWithAttachments.ack("/", 789,
      "[{\"$binary\":\"AQID\"},{\"$binary\":\"BAUG\"}]");
    assertEquals("62-789[" + P0 + "," + P1 + "]", text(ack));
    assertEquals(2, ack.attachments().size());
  }

  @ParameterizedTest(name = "reserved \"{0}\"")
  @ValueSource(strings = {"connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener"})
  void reservedEventsAreNeverSent(String name) {
    assertThrows(InvalidEmitArgumentsException.class,
      () -> SocketIoPacketWithAttachments.event("/", new SocketIoEvent(name, "[]"), null));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {"{}", "\"a\"", "1", "null", "[", "[1] 2", "[{\"$binary\":\"!\"}]"})
  void argumentsMustBeAJsonArray(String arguments) {
    assertThrows(InvalidEmitArgumentsException.class,
      () -> SocketIoPacketWithAttachments.event("/", new SocketIoEvent("a", arguments), null));
    assertThrows(InvalidEmitArgumentsException.class, () -> SocketIoPacketWithAttachments.ack("/", 1, arguments));
  }

  @Test
  void eventsFromClientsAsTheAppSeesThem() {
    SocketIoPacketWithAttachments received = SocketIoPacketWithAttachments.of(
      SocketIoCodec.decode("2[\"message\",1,\"2\",{\"3\":[true]}]", V5));
    SocketIoEvent event = received.toEvent();
    assertEquals(new SocketIoEvent("message", "[1,\"2\",{\"3\":[true]}]"), event);
    // test suite: the server echoes it as 42["message-back",1,"2",{"3":[true]}]
    assertEquals("2[\"message-back\",1,\"2\",{\"3\":[true]}]",
      text(SocketIoPacketWithAttachments.event("/", new SocketIoEvent("message-back", event.argumentsJson()), null)));

    assertEquals(new SocketIoEvent("user_login", "[{\"userId\":7,\"userName\":\"ann\"}]"),
      SocketIoPacketWithAttachments.of(
        SocketIoCodec.decode("2/web,3[\"user_login\",{\"userId\":7,\"userName\":\"ann\"}]", V5)).toEvent());
    assertEquals(new SocketIoEvent("ping", "[]"),
      SocketIoPacketWithAttachments.of(SocketIoCodec.decode("2[\"ping\"]", V5)).toEvent());
    assertEquals(new SocketIoEvent("42", "[\"x\"]"),
      SocketIoPacketWithAttachments.of(SocketIoCodec.decode("2[42,\"x\"]", V5)).toEvent());
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
    // data                                   | name         | arguments
    "[\"a\"]                                   | a            | []",
    "[ \"a\" ]                                 | a            | []",
    "[\"a\",1]                                 | a            | [1]",
    // Quoted to keep the whitespace around the array.
    "`\t[\n\"a b\"\r, 1 ,\"]\" ] \n`           | a b          | [1 ,\"]\" ]",
    "[\"a\\\"b\",[]]                           | a\"b          | [[]]",
    "[\"\\u00e9\\\\\",{}]                          | é\\           | [{}]",
    "[\"é\",{\"k\":\"]\"}]                       | é            | [{\"k\":\"]\"}]",
    "[-1.5e3,true]                            | -1.5e3       | [true]",
    "[7 ,null ]                               | 7            | [null ]",
  })
  void theEventNameAndArgumentsAreReadAsTheScanReadsThem(String data, String name, String arguments) {
    SocketIoPacketWithAttachments received = SocketIoPacketWithAttachments.of(
      SocketIoCodec.decode("2" + data, V5));
    assertEquals(new SocketIoEvent(name, arguments), received.toEvent());
  }

  @Test
  void binaryEventsFromClientsCarryTheirBinariesAsDollarBinary() {
    SocketIoPacket header = SocketIoCodec.decode("52-[\"message\"," + P0 + ",{\"x\":" + P1 + "}]", V5);
    SocketIoPacketWithAttachments received = new SocketIoPacketWithAttachments(header,
      List.of(new byte[] {1, 2, 3}, new byte[] {4, 5, 6}));
    assertEquals(new SocketIoEvent("message", "[{\"$binary\":\"AQID\"},{\"x\":{\"$binary\":\"BAUG\"}}]"),
      received.toEvent());
  }

  @Test
  void ackDataAsTheAppSeesIt() {
    SocketIoPacket header = SocketIoCodec.decode("61-15[\"bar\"," + P0 + "]", V5);
    SocketIoPacketWithAttachments ack = new SocketIoPacketWithAttachments(header, List.of(new byte[] {1, 2, 3, 4}));
    assertEquals("[\"bar\",{\"$binary\":\"AQIDBA==\"}]", ack.dataAsAppJson());
    assertEquals("[1]", SocketIoPacketWithAttachments.of(SocketIoCodec.decode("31[1]", V5)).dataAsAppJson());
    assertNull(SocketIoPacketWithAttachments.of(SocketIoPacket.disconnect("/")).dataAsAppJson());
    assertThrows(IllegalStateException.class, ack::toEvent);
  }

  @Test
  void theAttachmentsMustBeTheAnnouncedNumber() {
    SocketIoPacket header = SocketIoCodec.decode("51-[\"a\"," + P0 + "]", V5);
    assertThrows(IllegalArgumentException.class, () -> new SocketIoPacketWithAttachments(header, List.of()));
    assertThrows(IllegalArgumentException.class, () -> SocketIoPacketWithAttachments.of(header));
  }
}
