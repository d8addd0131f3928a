package dev.switchboard.dialect.socketio.engineio;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

import java.util.List;
import java.util.Objects;

/**
 * The data of the OPEN packet that starts every session (engine.io-protocol README v4, "Handshake"):
 * {@code {"sid","upgrades","pingInterval","pingTimeout","maxPayload"}} in that order, as the reference server
 * writes it. Revision 3 (README of the v3 branch, "Anatomy of an Engine.IO session") has no {@code maxPayload}.
 *
 * <p>{@code upgrades} is {@code ["websocket"]} for a session opened by polling and {@code []} for one opened on a
 * WebSocket (the protocol test suite checks both); {@link #forTransport} picks it.
 *
 * @param sid            the session id the client repeats in every later request
 * @param upgrades       the transports the client may upgrade to
 * @param pingIntervalMs {@code socketio.pingIntervalMs}
 * @param pingTimeoutMs  {@code socketio.pingTimeoutMs}
 * @param maxPayload     {@code socketio.maxPayload}: the most bytes the client should put in one polling POST
 */
public record EngineIoHandshake(String sid, List<EngineIoTransportType> upgrades, long pingIntervalMs,
                                long pingTimeoutMs, long maxPayload) {

  public EngineIoHandshake {
    Objects.requireNonNull(sid, "sid");
    upgrades = List.copyOf(upgrades);
  }

  /** The handshake for a session opened on {@code transport}: polling may upgrade to WebSocket, WebSocket to nothing. */
  public static EngineIoHandshake forTransport(String sid, EngineIoTransportType transport, long pingIntervalMs,
                                               long pingTimeoutMs, long maxPayload) {
    List<EngineIoTransportType> upgrades = transport == EngineIoTransportType.POLLING
      ? List.of(EngineIoTransportType.WEBSOCKET)
      : List.of();
    return new EngineIoHandshake(sid, upgrades, pingIntervalMs, pingTimeoutMs, maxPayload);
  }

  /** The JSON data of the OPEN packet for a session of {@code version}. */
  public String toJson(EngineIoVersion version) {
    StringBuilder json = new StringBuilder(128).append("{\"sid\":\"");
    JsonStringEncoder.getInstance().quoteAsString(sid, json);
    json.append("\",\"upgrades\":[");
    for (int i = 0; i < upgrades.size(); i++) {
      json.append(i == 0 ? "\"" : ",\"").append(upgrades.get(i).queryName()).append('"');
    }
    json.append("],\"pingInterval\":").append(pingIntervalMs)
      .append(",\"pingTimeout\":").append(pingTimeoutMs);
    if (version == EngineIoVersion.V4) {
      json.append(",\"maxPayload\":").append(maxPayload);
    }
    return json.append('}').toString();
  }

  /** The OPEN packet itself. */
  public EngineIoPacket toPacket(EngineIoVersion version) {
    return EngineIoPacket.text(EngineIoPacket.Type.OPEN, toJson(version));
  }
}
