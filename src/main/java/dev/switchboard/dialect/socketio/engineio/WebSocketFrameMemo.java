package dev.switchboard.dialect.socketio.engineio;

/**
 * The WebSocket frame of the packet encoded last, per Engine.IO version and binary support: a room emit queues
 * the same packet objects on every session of the room, one after the other, so each is encoded once per emit
 * instead of once per socket. Recognises a packet by identity only. One per {@link EngineIoServer}, on its
 * event loop.
 */
final class WebSocketFrameMemo {

  private final EngineIoPacket[] packets = new EngineIoPacket[EngineIoVersion.values().length * 2];
  private final EngineIoCodec.WebSocketFrame[] frames = new EngineIoCodec.WebSocketFrame[packets.length];

  /** {@link EngineIoCodec#encodeWebSocketFrame}, reusing the frame when this packet was the last encoded. */
  EngineIoCodec.WebSocketFrame encode(EngineIoPacket packet, EngineIoVersion version, boolean binarySupported) {
    int slot = version.ordinal() * 2 + (binarySupported ? 1 : 0);
    if (packets[slot] != packet) {
      frames[slot] = EngineIoCodec.encodeWebSocketFrame(packet, version, binarySupported);
      packets[slot] = packet;
    }
    return frames[slot];
  }
}
