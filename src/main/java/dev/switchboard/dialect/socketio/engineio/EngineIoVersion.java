package dev.switchboard.dialect.socketio.engineio;

/**
 * The revision of the Engine.IO protocol a session speaks, from the {@code EIO} query parameter of its handshake.
 * Revision 4 is used by Socket.IO v3 and later clients; revision 3 by Socket.IO v1 and v2 clients (served only when
 * {@code socketio.allowEIO3} is on). The session keeps it; every codec call that differs between the two takes it.
 */
public enum EngineIoVersion {
  /** {@code EIO=3}: client pings, length-prefixed polling payloads, binary WebSocket frames carry a type byte. */
  V3(3),
  /** {@code EIO=4}: server pings, {@code \x1e}-separated polling payloads, binary WebSocket frames are raw. */
  V4(4);

  private final int number;

  EngineIoVersion(int number) {
    this.number = number;
  }

  /** The number as the {@code EIO} query parameter carries it. */
  public int number() {
    return number;
  }

  /** The version named by an {@code EIO} query value, or {@code null} for anything but exactly "3" or "4". */
  public static EngineIoVersion fromQuery(String eio) {
    if ("4".equals(eio)) {
      return V4;
    }
    if ("3".equals(eio)) {
      return V3;
    }
    return null;
  }
}
