package dev.switchboard.dialect.socketio.engineio;

/** The two transports of an Engine.IO session, by the name the {@code transport} query parameter uses. */
public enum EngineIoTransportType {
  /** HTTP long-polling: GET requests receive packets, POST requests send them. */
  POLLING("polling"),
  /** One WebSocket connection, one Engine.IO packet per frame. */
  WEBSOCKET("websocket");

  private final String queryName;

  EngineIoTransportType(String queryName) {
    this.queryName = queryName;
  }

  /** The name as the {@code transport} query parameter and the handshake's {@code upgrades} list spell it. */
  public String queryName() {
    return queryName;
  }

  /** The transport a {@code transport} query value names, or {@code null} when it names none. */
  public static EngineIoTransportType fromQuery(String transport) {
    for (EngineIoTransportType type : values()) {
      if (type.queryName.equals(transport)) {
        return type;
      }
    }
    return null;
  }
}
