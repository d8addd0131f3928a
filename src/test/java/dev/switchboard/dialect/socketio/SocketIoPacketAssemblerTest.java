package dev.switchboard.dialect.socketio;

import dev.switchboard.dialect.socketio.SocketIoPacket.Type;
import dev.switchboard.dialect.socketio.engineio.EngineIoPacket;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Reassembly of binary packets (socket.io-parser {@code Decoder.add}, {@code BinaryReconstructor}). */
class SocketIoPacketAssemblerTest {

  private static final String P0 = "{\"_placeholder\":true,\"num\":0}";
  private static final String P1 = "{\"_placeholder\":true,\"num\":1}";

  private final SocketIoPacketAssembler assembler = new SocketIoPacketAssembler(SocketIoProtocol.V5, 1000);

  private static EngineIoPacket text(String text) {
    return EngineIoPacket.message(text);
  }

  private static EngineIoPacket binary(int... bytes) {
    byte[] data = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      data[i] = (byte) bytes[i];
    }
    return EngineIoPacket.binaryMessage(data);
  }

  @Test
  void textPacketsAreCompleteAtOnce() {
    SocketIoPacketWithAttachments packet = assembler.accept(text("2[\"a\"]"));
    assertEquals(Type.EVENT, packet.packet().type());
    assertTrue(packet.attachments().isEmpty());
    assertFalse(assembler.isAwaitingAttachments());
  }

  @Test
  void binaryPacketsWaitForTheirAttachments() {
    // test suite: 452-["message",<p0>,<p1>] then [1,2,3] then [4,5,6]
    assertNull(assembler.accept(text("52-[\"message\"," + P0 + "," + P1 + "]")));
    assertTrue(assembler.isAwaitingAttachments());
    assertNull(assembler.accept(binary(1, 2, 3)));
    SocketIoPacketWithAttachments packet = assembler.accept(binary(4, 5, 6));
    assertNotNull(packet);
    assertFalse(assembler.isAwaitingAttachments());
    assertEquals(new SocketIoEvent("message", "[{\"$binary\":\"AQID\"},{\"$binary\":\"BAUG\"}]"), packet.toEvent());
    // and the next packet is read normally
    assertEquals(Type.ACK, assembler.accept(text("31[]")).packet().type());
  }

  @Test
  void aBinaryPacketAnnouncingNoAttachmentsIsCompleteAtOnce() {
    assertEquals(Type.BINARY_EVENT, assembler.accept(text("50-[\"a\"]")).packet().type());
    assertFalse(assembler.isAwaitingAttachments());
  }

  @Test
  void unannouncedBinaryIsInvalid() {
    assertThrows(InvalidSocketIoPacketException.class, () -> assembler.accept(binary(1)));
  }

  @Test
  void textWhileAttachmentsAreAwaitedIsInvalid() {
    assembler.accept(text("51-[\"a\"," + P0 + "]"));
    assertThrows(InvalidSocketIoPacketException.class, () -> assembler.accept(text("2[\"b\"]")));
  }

  @Test
  void invalidTextIsInvalid() {
    assertThrows(InvalidSocketIoPacketException.class, () -> assembler.accept(text("abc")));
  }

  @Test
  void attachmentsAreBounded() {
    SocketIoPacketAssembler small = new SocketIoPacketAssembler(SocketIoProtocol.V5, 4);
    assertThrows(InvalidSocketIoPacketException.class, () -> small.accept(text("55-[\"a\"]")));
    small.accept(text("52-[\"a\"," + P0 + "," + P1 + "]"));
    small.accept(binary(1, 2, 3));
    assertThrows(InvalidSocketIoPacketException.class, () -> small.accept(binary(4, 5)));
    assertFalse(small.isAwaitingAttachments());

    SocketIoPacketAssembler empties = new SocketIoPacketAssembler(SocketIoProtocol.V5, 2);
    empties.accept(text("52-[\"a\"," + P0 + "," + P1 + "]"));
    empties.accept(binary());
    assertNotNull(empties.accept(binary()), "empty attachments count one byte each");
  }

  @Test
  void resetDropsAHalfReceivedPacket() {
    assembler.accept(text("51-[\"a\"," + P0 + "]"));
    assembler.reset();
    assertFalse(assembler.isAwaitingAttachments());
    assertThrows(InvalidSocketIoPacketException.class, () -> assembler.accept(binary(1)));
  }

  @Test
  void onlyMessagesAreAccepted() {
    assertThrows(IllegalArgumentException.class, () -> assembler.accept(EngineIoPacket.of(EngineIoPacket.Type.PING)));
  }

  @Test
  void v2ConnectsAreReadAsV2() {
    SocketIoPacketAssembler v2 = new SocketIoPacketAssembler(SocketIoProtocol.V4, 1000);
    SocketIoPacket connect = v2.accept(text("0/web?token=abc,")).packet();
    assertEquals("/web", connect.namespace());
    assertEquals("{\"token\":\"abc\"}", connect.data());
  }
}
