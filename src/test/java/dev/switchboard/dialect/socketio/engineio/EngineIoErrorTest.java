package dev.switchboard.dialect.socketio.engineio;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.*;

/** The reference server's {@code Server.errors} / {@code Server.errorMessages} and {@code abortRequest}. */
class EngineIoErrorTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "UNKNOWN_TRANSPORT            | 400 | {\"code\":0,\"message\":\"Transport unknown\"}",
    "UNKNOWN_SID                  | 400 | {\"code\":1,\"message\":\"Session ID unknown\"}",
    "BAD_HANDSHAKE_METHOD         | 400 | {\"code\":2,\"message\":\"Bad handshake method\"}",
    "BAD_REQUEST                  | 400 | {\"code\":3,\"message\":\"Bad request\"}",
    "FORBIDDEN                    | 403 | {\"code\":4,\"message\":\"Forbidden\"}",
    "UNSUPPORTED_PROTOCOL_VERSION | 400 | {\"code\":5,\"message\":\"Unsupported protocol version\"}",
  })
  void codesMessagesAndStatuses(EngineIoError error, int status, String body) {
    assertEquals(status, error.httpStatus());
    assertEquals(body, error.responseBody());
    assertEquals(400, error.upgradeHttpStatus());
  }

  @Test
  void forbiddenMayCarryTheAdmissionChecksOwnMessage() {
    EngineIoRequestRefusedException e = new EngineIoRequestRefusedException(EngineIoError.FORBIDDEN,
      "origin \"x\" not allowed", "ORIGIN");
    assertEquals(403, e.httpStatus());
    assertEquals("{\"code\":4,\"message\":\"origin \\\"x\\\" not allowed\"}", e.responseBody());
    assertEquals("ORIGIN", e.reason());
  }
}
