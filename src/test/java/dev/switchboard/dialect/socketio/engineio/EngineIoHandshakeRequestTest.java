package dev.switchboard.dialect.socketio.engineio;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static dev.switchboard.dialect.socketio.engineio.EngineIoTransportType.POLLING;
import static dev.switchboard.dialect.socketio.engineio.EngineIoTransportType.WEBSOCKET;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Request validation against the reference server ({@code verify()} and {@code handshake()} in engine.io
 * {@code lib/server.ts}) and the protocol test suite's handshake cases.
 */
class EngineIoHandshakeRequestTest {

  private static final String NONE = "<none>";

  private static String value(String cell) {
    return NONE.equals(cell) ? null : cell;
  }

  @ParameterizedTest(name = "{0} EIO={1} transport={2} sid={3} upgrade={4} allowEIO3={5} -> {6}")
  @CsvSource(delimiter = '|', nullValues = "<none>", value = {
    // test suite: "fails with an invalid 'transport' query parameter"
    "GET  | 4      | <none>    | <none> | false | true  | UNKNOWN_TRANSPORT",
    "GET  | 4      | abc       | <none> | false | true  | UNKNOWN_TRANSPORT",
    "GET  | 4      | Polling   | <none> | false | true  | UNKNOWN_TRANSPORT",
    "GET  | 4      | flashsocket | <none> | false | true | UNKNOWN_TRANSPORT",
    "GET  | 4      | abc       | <none> | true  | true  | UNKNOWN_TRANSPORT",
    "POST | 4      | abc       | xyz    | false | true  | UNKNOWN_TRANSPORT",
    // test suite: "fails with an invalid 'EIO' query parameter"
    "GET  | <none> | polling   | <none> | false | false | UNSUPPORTED_PROTOCOL_VERSION",
    "GET  | abc    | polling   | <none> | false | false | UNSUPPORTED_PROTOCOL_VERSION",
    "GET  | <none> | polling   | <none> | false | true  | UNSUPPORTED_PROTOCOL_VERSION",
    "GET  | abc    | polling   | <none> | false | true  | UNSUPPORTED_PROTOCOL_VERSION",
    "GET  | 5      | polling   | <none> | false | true  | UNSUPPORTED_PROTOCOL_VERSION",
    "GET  | 04     | polling   | <none> | false | true  | UNSUPPORTED_PROTOCOL_VERSION",
    "GET  | 3      | polling   | <none> | false | false | UNSUPPORTED_PROTOCOL_VERSION",
    "GET  | 3      | websocket | <none> | true  | false | UNSUPPORTED_PROTOCOL_VERSION",
    "GET  | <none> | websocket | <none> | true  | true  | UNSUPPORTED_PROTOCOL_VERSION",
    // test suite: "fails with an invalid request method"
    "POST | 4      | polling   | <none> | false | true  | BAD_HANDSHAKE_METHOD",
    "PUT  | 4      | polling   | <none> | false | true  | BAD_HANDSHAKE_METHOD",
    "POST | abc    | polling   | <none> | false | true  | BAD_HANDSHAKE_METHOD",
    // a WebSocket handshake must be an upgrade; an upgrade must be to websocket
    "GET  | 4      | websocket | <none> | false | true  | BAD_REQUEST",
    "GET  | 4      | polling   | <none> | true  | true  | BAD_REQUEST",
    "GET  | 4      | polling   | xyz    | true  | true  | BAD_REQUEST",
    // requests naming a session: only GET and POST on polling
    "PUT  | 4      | polling   | xyz    | false | true  | BAD_REQUEST",
    "DELETE | 4    | polling   | xyz    | false | true  | BAD_REQUEST",
  })
  void refusals(String method, String eio, String transport, String sid, boolean upgrade, boolean allowEio3,
                EngineIoError expected) {
    EngineIoRequestRefusedException e = assertThrows(EngineIoRequestRefusedException.class,
      () -> EngineIoHandshakeRequest.parse(method, value(eio), value(transport), value(sid), null, upgrade,
        allowEio3));
    assertEquals(expected, e.error());
    assertEquals(expected.message(), e.getMessage());
    assertNotNull(e.reason());
  }

  @Test
  void v4PollingHandshake() {
    EngineIoHandshakeRequest request = EngineIoHandshakeRequest.parse("GET", "4", "polling", null, null, false, false);
    assertEquals(new EngineIoHandshakeRequest(EngineIoVersion.V4, POLLING, null, false, true), request);
    assertTrue(request.isHandshake());
  }

  @Test
  void v4WebSocketHandshake() {
    EngineIoHandshakeRequest request = EngineIoHandshakeRequest.parse("GET", "4", "websocket", null, null, true,
      false);
    assertEquals(new EngineIoHandshakeRequest(EngineIoVersion.V4, WEBSOCKET, null, true, true), request);
  }

  @Test
  void v3HandshakeWhenAllowed() {
    EngineIoHandshakeRequest request = EngineIoHandshakeRequest.parse("GET", "3", "polling", null, null, false, true);
    assertEquals(EngineIoVersion.V3, request.version());
  }

  @Test
  void anEmptySidIsAHandshakeAsInTheReference() {
    assertTrue(EngineIoHandshakeRequest.parse("GET", "4", "polling", "", null, false, false).isHandshake());
    assertEquals(EngineIoError.BAD_HANDSHAKE_METHOD, assertThrows(EngineIoRequestRefusedException.class,
      () -> EngineIoHandshakeRequest.parse("POST", "4", "polling", "", null, false, false)).error());
  }

  @Test
  void b64AsksForBase64WhenNotEmpty() {
    assertFalse(EngineIoHandshakeRequest.parse("GET", "3", "polling", null, "1", false, true).binarySupported());
    assertFalse(EngineIoHandshakeRequest.parse("GET", "3", "polling", null, "0", false, true).binarySupported(),
      "the reference tests the string's truthiness: \"0\" is true");
    assertTrue(EngineIoHandshakeRequest.parse("GET", "3", "polling", null, "", false, true).binarySupported());
    assertTrue(EngineIoHandshakeRequest.parse("GET", "3", "polling", null, null, false, true).binarySupported());
  }

  @Test
  void requestsNamingASessionDoNotCheckEioOrTheHandshakeMethod() {
    EngineIoHandshakeRequest post = EngineIoHandshakeRequest.parse("POST", null, "polling", "xyz", null, false, false);
    assertEquals("xyz", post.sid());
    assertNull(post.version());
    assertFalse(post.isHandshake());
    EngineIoHandshakeRequest upgrade = EngineIoHandshakeRequest.parse("GET", "3", "websocket", "xyz", null, true,
      false);
    assertEquals(EngineIoVersion.V3, upgrade.version(), "what the query said; the session's revision rules");
  }

  @Test
  void unknownSessions() {
    EngineIoHandshakeRequest poll = EngineIoHandshakeRequest.parse("GET", "4", "polling", "xyz", null, false, false);
    EngineIoRequestRefusedException e = assertThrows(EngineIoRequestRefusedException.class,
      () -> poll.verifyAgainstSession(null, false));
    assertEquals(EngineIoError.UNKNOWN_SID, e.error());
    assertEquals(400, e.httpStatus());
    assertEquals("{\"code\":1,\"message\":\"Session ID unknown\"}", e.responseBody());
  }

  @Test
  void pollingOnAPollingSessionAndUpgradingItPass() {
    EngineIoHandshakeRequest.parse("GET", "4", "polling", "xyz", null, false, false)
      .verifyAgainstSession(POLLING, false);
    EngineIoHandshakeRequest.parse("POST", "4", "polling", "xyz", null, false, false)
      .verifyAgainstSession(POLLING, true);
    EngineIoHandshakeRequest.parse("GET", "4", "websocket", "xyz", null, true, false)
      .verifyAgainstSession(POLLING, false);
  }

  @Test
  void pollingAfterTheUpgradeIsABadRequest() {
    // test suite: "ignores HTTP requests with same sid after upgrade" expects 400
    EngineIoHandshakeRequest poll = EngineIoHandshakeRequest.parse("GET", "4", "polling", "xyz", null, false, false);
    assertEquals(EngineIoError.BAD_REQUEST, assertThrows(EngineIoRequestRefusedException.class,
      () -> poll.verifyAgainstSession(WEBSOCKET, false)).error());
  }

  @Test
  void aPlainGetWithTransportWebsocketOnAPollingSessionIsABadRequest() {
    EngineIoHandshakeRequest get = EngineIoHandshakeRequest.parse("GET", "4", "websocket", "xyz", null, false, false);
    assertEquals(EngineIoError.BAD_REQUEST, assertThrows(EngineIoRequestRefusedException.class,
      () -> get.verifyAgainstSession(POLLING, false)).error());
  }

  @Test
  void aSecondWebSocketForASessionIsRefused() {
    // test suite: "ignores WebSocket connection with same sid after upgrade" expects the second socket closed
    EngineIoHandshakeRequest upgrade = EngineIoHandshakeRequest.parse("GET", "4", "websocket", "xyz", null, true,
      false);
    assertEquals(EngineIoError.BAD_REQUEST, assertThrows(EngineIoRequestRefusedException.class,
      () -> upgrade.verifyAgainstSession(WEBSOCKET, false)).error());
    assertEquals(EngineIoError.BAD_REQUEST, assertThrows(EngineIoRequestRefusedException.class,
      () -> upgrade.verifyAgainstSession(POLLING, true)).error());
  }

  @Test
  void aHandshakeHasNoSessionToVerify() {
    EngineIoHandshakeRequest handshake = EngineIoHandshakeRequest.parse("GET", "4", "polling", null, null, false,
      false);
    assertThrows(IllegalStateException.class, () -> handshake.verifyAgainstSession(POLLING, false));
  }
}
