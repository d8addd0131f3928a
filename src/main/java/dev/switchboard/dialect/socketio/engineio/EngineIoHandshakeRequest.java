package dev.switchboard.dialect.socketio.engineio;

/**
 * What a request to the Engine.IO path asks for, read from its method and query, or the refusal it earns.
 * The networking layer calls {@link #parse} for every polling request and every WebSocket upgrade on
 * {@code socketio.path}, then, for a request that names a session, {@link #verifyAgainstSession} with what its
 * session table knows.
 *
 * <p>The checks and their order follow the reference server ({@code verify()} and {@code handshake()} in engine.io
 * {@code lib/server.ts}): unknown transport first; then, with a {@code sid}, the session checks; without one, the
 * method must be GET ({@code Bad handshake method}), a {@code websocket} handshake must be an upgrade, and
 * {@code EIO} must name a supported revision. Deliberate differences, all stricter:
 * <ul>
 *   <li>{@code EIO} must be exactly "4", or "3" when EIO3 is allowed. The reference takes anything but "4" for 3,
 *       so with {@code allowEIO3} it would serve a missing or garbled {@code EIO} as revision 3; every real client
 *       sends the parameter, and the protocol test suite expects 400 for {@code EIO=abc} and for none.</li>
 *   <li>A WebSocket upgrade with {@code transport=polling} is refused here; the reference accepts it and closes the
 *       socket right away.</li>
 *   <li>A request naming a session with a method other than GET or POST (on polling) is {@code Bad request}; the
 *       reference answers 500. CORS preflights ({@code OPTIONS}) are for the networking layer to answer first.</li>
 * </ul>
 * The reference's {@code allowRequest} hook ({@code Forbidden}, 403) has no query to read: the caller throws
 * {@link EngineIoError#FORBIDDEN} itself when its own admission check (for instance {@code public.allowedOrigins})
 * refuses a handshake.
 *
 * @param version          for a handshake, the revision to speak; for a request naming a session, what its
 *                         {@code EIO} said, or {@code null} — the session's own revision is what counts
 * @param transport        the transport of this request
 * @param sid              the session named by the request, or {@code null} for a handshake
 * @param websocketUpgrade whether this is a WebSocket upgrade request
 * @param binarySupported  false when the client asked for base64 instead of binary frames and bodies
 *                         (a non-empty {@code b64} parameter, as the reference reads it)
 */
public record EngineIoHandshakeRequest(EngineIoVersion version, EngineIoTransportType transport, String sid,
                                       boolean websocketUpgrade, boolean binarySupported) {

  /**
   * Reads a request.
   *
   * @param method           the HTTP method, upper case
   * @param eio              the {@code EIO} query parameter, or {@code null}
   * @param transport        the {@code transport} query parameter, or {@code null}
   * @param sid              the {@code sid} query parameter, or {@code null} (empty counts as absent, as in the
   *                         reference)
   * @param b64              the {@code b64} query parameter, or {@code null}
   * @param websocketUpgrade whether the request asks for a WebSocket upgrade
   * @param allowEio3        {@code socketio.allowEIO3}
   * @throws EngineIoRequestRefusedException with the reference server's error for a request it would refuse
   */
  public static EngineIoHandshakeRequest parse(String method, String eio, String transport, String sid, String b64,
                                               boolean websocketUpgrade, boolean allowEio3) {
    EngineIoTransportType type = EngineIoTransportType.fromQuery(transport);
    if (type == null) {
      throw new EngineIoRequestRefusedException(EngineIoError.UNKNOWN_TRANSPORT, "transport " + transport);
    }
    if (websocketUpgrade && type != EngineIoTransportType.WEBSOCKET) {
      throw new EngineIoRequestRefusedException(EngineIoError.BAD_REQUEST, "UPGRADE_TO_POLLING");
    }
    boolean binarySupported = b64 == null || b64.isEmpty();
    EngineIoVersion version = EngineIoVersion.fromQuery(eio);
    if (sid != null && !sid.isEmpty()) {
      if (type == EngineIoTransportType.POLLING && !"GET".equals(method) && !"POST".equals(method)) {
        throw new EngineIoRequestRefusedException(EngineIoError.BAD_REQUEST, "METHOD " + method);
      }
      return new EngineIoHandshakeRequest(version, type, sid, websocketUpgrade, binarySupported);
    }
    if (!"GET".equals(method)) {
      throw new EngineIoRequestRefusedException(EngineIoError.BAD_HANDSHAKE_METHOD, "METHOD " + method);
    }
    if (type == EngineIoTransportType.WEBSOCKET && !websocketUpgrade) {
      throw new EngineIoRequestRefusedException(EngineIoError.BAD_REQUEST, "TRANSPORT_HANDSHAKE_ERROR");
    }
    if (version == null || version == EngineIoVersion.V3 && !allowEio3) {
      throw new EngineIoRequestRefusedException(EngineIoError.UNSUPPORTED_PROTOCOL_VERSION, "EIO " + eio);
    }
    return new EngineIoHandshakeRequest(version, type, null, websocketUpgrade, binarySupported);
  }

  /** Whether this request opens a new session (it names none). */
  public boolean isHandshake() {
    return sid == null;
  }

  /**
   * Checks a request that names a session against that session, as the reference does before handing it over.
   *
   * @param sessionTransport the session's current transport, or {@code null} when the session is unknown or closed
   * @param upgradeUnderWay  whether the session is already probing a WebSocket it may upgrade to
   * @throws EngineIoRequestRefusedException {@link EngineIoError#UNKNOWN_SID} for an unknown session;
   *         {@link EngineIoError#BAD_REQUEST} for a request on another transport than the session's that is not an
   *         upgrade (polling after the upgrade is done), or an upgrade of a session that is already on WebSocket or
   *         already probing one (the reference closes such a second socket; the protocol says it MUST)
   */
  public void verifyAgainstSession(EngineIoTransportType sessionTransport, boolean upgradeUnderWay) {
    if (isHandshake()) {
      throw new IllegalStateException("a handshake names no session");
    }
    if (sessionTransport == null) {
      throw new EngineIoRequestRefusedException(EngineIoError.UNKNOWN_SID, "sid " + sid);
    }
    if (websocketUpgrade) {
      if (sessionTransport == EngineIoTransportType.WEBSOCKET || upgradeUnderWay) {
        throw new EngineIoRequestRefusedException(EngineIoError.BAD_REQUEST, "ALREADY_UPGRADED_OR_UPGRADING");
      }
    } else if (sessionTransport != transport) {
      throw new EngineIoRequestRefusedException(EngineIoError.BAD_REQUEST, "TRANSPORT_MISMATCH");
    }
  }
}
