package dev.switchboard.dialect.socketio.engineio;

import java.util.List;

/**
 * Input that is not an Engine.IO packet or payload. The reference server closes the session on it ("parse error");
 * the polling transport answers the POST with HTTP 400 and the WebSocket transport closes the socket.
 *
 * <p>When a polling payload breaks part-way, {@link #packetsBeforeError()} holds the packets decoded before the
 * broken one: the reference server hands those to the session before it closes, so a transport that wants to
 * behave the same can.
 */
public final class InvalidEngineIoPacketException extends RuntimeException {

  private final transient List<EngineIoPacket> packetsBeforeError;

  public InvalidEngineIoPacketException(String message) {
    this(message, List.of());
  }

  public InvalidEngineIoPacketException(String message, List<EngineIoPacket> packetsBeforeError) {
    super(message, null, false, false);
    this.packetsBeforeError = List.copyOf(packetsBeforeError);
  }

  /** The packets of a payload that decoded fine before the broken one, in order; empty for a single packet. */
  public List<EngineIoPacket> packetsBeforeError() {
    return packetsBeforeError;
  }

  /** The same problem, now knowing which packets of the payload came before it. */
  InvalidEngineIoPacketException after(List<EngineIoPacket> decoded) {
    return new InvalidEngineIoPacketException(getMessage(), decoded);
  }
}
