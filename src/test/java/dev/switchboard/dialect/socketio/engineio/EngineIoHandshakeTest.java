package dev.switchboard.dialect.socketio.engineio;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The OPEN packet (engine.io-protocol README v4 "Handshake", v3 "Anatomy of an Engine.IO session", test suite). */
class EngineIoHandshakeTest {

  @Test
  void v4HandshakeOfThePollingTransportIsTheReadmeExample() {
    EngineIoHandshake handshake = EngineIoHandshake.forTransport("lv_VI97HAXpY6yYWAAAC",
      EngineIoTransportType.POLLING, 25000, 20000, 1_000_000);
    assertEquals("{\"sid\":\"lv_VI97HAXpY6yYWAAAC\",\"upgrades\":[\"websocket\"],\"pingInterval\":25000,"
      + "\"pingTimeout\":20000,\"maxPayload\":1000000}", handshake.toJson(EngineIoVersion.V4));
    EngineIoPacket open = handshake.toPacket(EngineIoVersion.V4);
    assertEquals(EngineIoPacket.Type.OPEN, open.type());
    assertTrue(EngineIoCodec.encodeText(open, EngineIoVersion.V4).startsWith("0{\"sid\":"));
  }

  @Test
  void aSessionOpenedOnAWebSocketOffersNoUpgrade() {
    EngineIoHandshake handshake = EngineIoHandshake.forTransport("abc", EngineIoTransportType.WEBSOCKET, 300, 200,
      1_000_000);
    assertEquals(List.of(), handshake.upgrades());
    assertEquals("{\"sid\":\"abc\",\"upgrades\":[],\"pingInterval\":300,\"pingTimeout\":200,\"maxPayload\":1000000}",
      handshake.toJson(EngineIoVersion.V4));
  }

  @Test
  void v3HasNoMaxPayload() {
    EngineIoHandshake handshake = EngineIoHandshake.forTransport("abc", EngineIoTransportType.POLLING, 25000, 5000,
      1_000_000);
    assertEquals("{\"sid\":\"abc\",\"upgrades\":[\"websocket\"],\"pingInterval\":25000,\"pingTimeout\":5000}",
      handshake.toJson(EngineIoVersion.V3));
  }

  @Test
  void theSidIsEscaped() {
    EngineIoHandshake handshake = EngineIoHandshake.forTransport("a\"b\\c", EngineIoTransportType.WEBSOCKET, 1, 2, 3);
    assertTrue(handshake.toJson(EngineIoVersion.V4).startsWith("{\"sid\":\"a\\\"b\\\\c\","));
  }
}
