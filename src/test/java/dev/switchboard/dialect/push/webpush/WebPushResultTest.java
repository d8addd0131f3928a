package dev.switchboard.dialect.push.webpush;

import dev.switchboard.dialect.push.webpush.WebPushResult.Outcome;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

/** How a push service's answer maps to what the push dialect does next. */
class WebPushResultTest {

  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

  @Test
  void statusesMapToOutcomes() {
    assertOutcome(201, Outcome.ACCEPTED);
    assertOutcome(200, Outcome.ACCEPTED);
    assertOutcome(202, Outcome.ACCEPTED);
    assertOutcome(404, Outcome.GONE);
    assertOutcome(410, Outcome.GONE);
    assertOutcome(429, Outcome.RETRY);
    assertOutcome(500, Outcome.RETRY);
    assertOutcome(502, Outcome.RETRY);
    assertOutcome(503, Outcome.RETRY);
    assertOutcome(400, Outcome.REJECTED);
    assertOutcome(401, Outcome.REJECTED);
    assertOutcome(403, Outcome.REJECTED);
    assertOutcome(413, Outcome.REJECTED);
    assertOutcome(301, Outcome.REJECTED);
  }

  @Test
  void retryAfterIsReadInSecondsOrAsADate() {
    assertEquals(Optional.of(Duration.ofSeconds(120)), WebPushResult.fromResponse(503, "120", "", NOW).retryAfter());
    assertEquals(Optional.of(Duration.ofSeconds(30)),
      WebPushResult.fromResponse(429, "Sun, 22 Nov 2026 10:00:30 GMT", "", NOW).retryAfter());
    assertEquals(Optional.of(Duration.ZERO), WebPushResult.fromResponse(429, "Sun, 22 Nov 2026 09:00:00 GMT", "", NOW).retryAfter());
    assertEquals(Optional.empty(), WebPushResult.fromResponse(503, "soon", "", NOW).retryAfter());
    assertEquals(Optional.empty(), WebPushResult.fromResponse(503, null, "", NOW).retryAfter());
    assertEquals(Optional.empty(), WebPushResult.fromResponse(410, "120", "", NOW).retryAfter(), "only a RETRY waits");
  }

  @Test
  void noAnswerIsARetryAndAnUnsendablePayloadIsRejected() {
    WebPushResult unanswered = WebPushResult.unanswered(new ConnectException("Connection refused"));
    assertEquals(Outcome.RETRY, unanswered.outcome());
    assertEquals(0, unanswered.statusCode());
    assertTrue(unanswered.detail().contains("Connection refused"));
    assertEquals(Outcome.REJECTED, WebPushResult.notSent("too big").outcome());
  }

  private static void assertOutcome(int status, Outcome expected) {
    WebPushResult result = WebPushResult.fromResponse(status, null, "body", NOW);
    assertEquals(expected, result.outcome(), "status " + status);
    assertEquals(status, result.statusCode());
    assertEquals("body", result.detail());
  }
}
