package dev.switchboard.dialect.socketio.engineio;

/**
 * What an Engine.IO server needs of the configuration ({@code socketio.*}, SPEC §7).
 *
 * @param pingIntervalMs   how often the server pings
 * @param pingTimeoutMs    how long it waits for the PONG
 * @param maxPayload       the largest POST body and WebSocket message
 * @param allowEio3        whether v2 clients (EIO=3) are served
 * @param upgradeTimeoutMs how long a WebSocket probe may take before it is dropped (the reference's 10 s)
 */
public record EngineIoSettings(long pingIntervalMs, long pingTimeoutMs, int maxPayload, boolean allowEio3,
                               long upgradeTimeoutMs) {

  /** How long a forwarded GET may be held: a poll is answered at least by the next PING, plus slack. */
  public long longestPollMs() {
    return pingIntervalMs + pingTimeoutMs + 5_000;
  }
}
