package dev.switchboard.dialect.socketio.engineio;

import dev.switchboard.dialect.socketio.engineio.EngineIoPacket.Type;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.*;

class EngineIoPacketTest {

  @ParameterizedTest(name = "{0} is digit {1}")
  @CsvSource({"OPEN,0", "CLOSE,1", "PING,2", "PONG,3", "MESSAGE,4", "UPGRADE,5", "NOOP,6"})
  void typesAreTheDigitsOfTheProtocolTable(Type type, char digit) {
    assertEquals(digit, type.code());
    assertEquals(type, Type.fromCode(digit));
  }

  @Test
  void otherCharactersAreNoType() {
    for (char c : new char[] {'7', '9', '/', 'a', 'b', ' ', '\u0000'}) {
      assertNull(Type.fromCode(c), String.valueOf(c));
    }
  }

  @Test
  void aPacketHasTextOrBinaryNeverBothNorNone() {
    assertThrows(IllegalArgumentException.class, () -> new EngineIoPacket(Type.MESSAGE, "a", new byte[1]));
    assertThrows(IllegalArgumentException.class, () -> new EngineIoPacket(Type.MESSAGE, null, null));
    assertThrows(NullPointerException.class, () -> new EngineIoPacket(null, "", null));
  }

  @Test
  void onlyMessagesCarryBinary() {
    assertThrows(IllegalArgumentException.class, () -> new EngineIoPacket(Type.PING, null, new byte[] {1}));
    assertTrue(EngineIoPacket.binaryMessage(new byte[] {1}).isBinary());
  }

  @Test
  void equalityComparesBinaryContent() {
    assertEquals(EngineIoPacket.binaryMessage(new byte[] {1, 2}), EngineIoPacket.binaryMessage(new byte[] {1, 2}));
    assertEquals(EngineIoPacket.binaryMessage(new byte[] {1, 2}).hashCode(),
      EngineIoPacket.binaryMessage(new byte[] {1, 2}).hashCode());
    assertNotEquals(EngineIoPacket.binaryMessage(new byte[] {1, 2}), EngineIoPacket.binaryMessage(new byte[] {2, 1}));
    assertNotEquals(EngineIoPacket.message(""), EngineIoPacket.binaryMessage(new byte[0]));
  }

  @Test
  void probesAreRecognised() {
    assertTrue(EngineIoPacket.probePing().isProbePing());
    assertTrue(EngineIoPacket.text(Type.PING, "probe").isProbePing());
    assertFalse(EngineIoPacket.of(Type.PING).isProbePing());
    assertFalse(EngineIoPacket.text(Type.PONG, "probe").isProbePing());
    assertEquals(EngineIoPacket.text(Type.PONG, "probe"), EngineIoPacket.probePong());
  }

  @Test
  void packetsWithoutDataHaveEmptyText() {
    for (Type type : Type.values()) {
      assertEquals("", EngineIoPacket.of(type).text());
      assertEquals(type, EngineIoPacket.of(type).type());
    }
  }
}
