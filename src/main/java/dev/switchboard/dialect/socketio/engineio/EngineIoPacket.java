package dev.switchboard.dialect.socketio.engineio;

import java.util.Arrays;
import java.util.Objects;

/**
 * One Engine.IO packet: a type and either text data or binary data. Text is never {@code null} for a text packet
 * ({@code ""} when the packet has no data, as {@code "2"} for a bare ping); binary data exists only on MESSAGE
 * packets. The codec ({@link EngineIoCodec}) turns packets into WebSocket frames and polling payloads and back.
 * The byte array is not copied: whoever builds a packet hands its array over and leaves it alone.
 *
 * @param type   the packet type
 * @param text   the text data, or {@code null} for a binary packet
 * @param binary the binary data, or {@code null} for a text packet
 */
public record EngineIoPacket(Type type, String text, byte[] binary) {

  /** The seven packet types, with the digit that encodes each (engine.io-protocol README, "Protocol"). */
  public enum Type {
    /** Sent by the server at the handshake, its data the handshake JSON. */
    OPEN('0'),
    /** Asks the other side to close the transport. */
    CLOSE('1'),
    /** Heartbeat: sent by the server in v4, by the client in v3; "probe" during an upgrade. */
    PING('2'),
    /** Heartbeat answer; "probe" answers the upgrade probe. */
    PONG('3'),
    /** Application data: for Socket.IO, one encoded Socket.IO packet or one binary attachment. */
    MESSAGE('4'),
    /** Sent by the client on the new transport to complete an upgrade. */
    UPGRADE('5'),
    /** Sent by the server to end a pending poll during an upgrade. */
    NOOP('6');

    private final char code;

    Type(char code) {
      this.code = code;
    }

    /** The digit that encodes this type. */
    public char code() {
      return code;
    }

    /** The type a digit encodes, or {@code null} when it encodes none. */
    public static Type fromCode(char code) {
      int index = code - '0';
      return index >= 0 && index < VALUES.length ? VALUES[index] : null;
    }

    /** The type the number {@code 0..6} encodes (binary v3 frames carry it as a byte), or {@code null}. */
    static Type fromNumber(int number) {
      return number >= 0 && number < VALUES.length ? VALUES[number] : null;
    }

    private static final Type[] VALUES = values();
  }

  public EngineIoPacket {
    Objects.requireNonNull(type, "type");
    if ((text == null) == (binary == null)) {
      throw new IllegalArgumentException("a packet has either text or binary data");
    }
    if (binary != null && type != Type.MESSAGE) {
      throw new IllegalArgumentException("only MESSAGE packets carry binary data, not " + type);
    }
  }

  private static final EngineIoPacket PING = new EngineIoPacket(Type.PING, "", null);
  private static final EngineIoPacket PONG = new EngineIoPacket(Type.PONG, "", null);
  private static final EngineIoPacket NOOP = new EngineIoPacket(Type.NOOP, "", null);
  private static final EngineIoPacket CLOSE = new EngineIoPacket(Type.CLOSE, "", null);
  private static final EngineIoPacket UPGRADE = new EngineIoPacket(Type.UPGRADE, "", null);
  private static final EngineIoPacket PROBE_PING = new EngineIoPacket(Type.PING, "probe", null);
  private static final EngineIoPacket PROBE_PONG = new EngineIoPacket(Type.PONG, "probe", null);

  /** A packet of the given type without data. */
  public static EngineIoPacket of(Type type) {
    return switch (type) {
      case PING -> PING;
      case PONG -> PONG;
      case NOOP -> NOOP;
      case CLOSE -> CLOSE;
      case UPGRADE -> UPGRADE;
      default -> new EngineIoPacket(type, "", null);
    };
  }

  /** A text packet; {@code ""} is no data. */
  public static EngineIoPacket text(Type type, String text) {
    return new EngineIoPacket(type, text, null);
  }

  /** A text MESSAGE: for Socket.IO, one encoded Socket.IO packet. */
  public static EngineIoPacket message(String text) {
    return new EngineIoPacket(Type.MESSAGE, text, null);
  }

  /** A binary MESSAGE: for Socket.IO, one binary attachment. */
  public static EngineIoPacket binaryMessage(byte[] data) {
    return new EngineIoPacket(Type.MESSAGE, null, data);
  }

  /** {@code 2probe}: the client's first packet on a WebSocket it wants to upgrade to. */
  public static EngineIoPacket probePing() {
    return PROBE_PING;
  }

  /** {@code 3probe}: the server's answer to the probe. */
  public static EngineIoPacket probePong() {
    return PROBE_PONG;
  }

  public boolean isBinary() {
    return binary != null;
  }

  /** Whether this is the {@code 2probe} that starts an upgrade. */
  public boolean isProbePing() {
    return type == Type.PING && "probe".equals(text);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof EngineIoPacket packet
      && type == packet.type
      && Objects.equals(text, packet.text)
      && Arrays.equals(binary, packet.binary);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * type.hashCode() + Objects.hashCode(text)) + Arrays.hashCode(binary);
  }

  @Override
  public String toString() {
    return binary != null
      ? "EngineIoPacket[" + type + ", " + binary.length + " bytes]"
      : "EngineIoPacket[" + type + ", \"" + text + "\"]";
  }
}
