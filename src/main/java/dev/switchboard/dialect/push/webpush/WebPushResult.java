package dev.switchboard.dialect.push.webpush;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * What became of one push, as {@link WebPushSender} reports it to the push dialect, which acts on the
 * {@link Outcome}: mark the message {@code fcm-ok}, drop the subscription, try again later, or give up.
 *
 * @param outcome    what to do next
 * @param statusCode the push service's HTTP status, 0 when there was no answer (or nothing was sent)
 * @param retryAfter the service's {@code Retry-After}, when it sent one (only with {@link Outcome#RETRY})
 * @param detail     why, for logs: the exception, or the start of the service's response body
 */
public record WebPushResult(Outcome outcome, int statusCode, Optional<Duration> retryAfter, String detail) {

  public enum Outcome {
    /** The push service took the message (201; also any other 2xx). */
    ACCEPTED,
    /** 404 or 410: the subscription has expired or was revoked — drop it, never send to it again. */
    GONE,
    /** No answer (connection refused, reset, timeout), 429 or 5xx: send again later, after {@code retryAfter} if given. */
    RETRY,
    /** Any other answer (other 4xx: bad VAPID, payload too large, ...) or a payload we cannot send: do not retry. */
    REJECTED
  }

  public WebPushResult {
    retryAfter = retryAfter == null ? Optional.empty() : retryAfter;
    detail = detail == null ? "" : detail;
  }

  /** Classifies a push service's answer. */
  static WebPushResult fromResponse(int statusCode, String retryAfterHeader, String body, Instant now) {
    Outcome outcome;
    if (statusCode >= 200 && statusCode < 300) {
      outcome = Outcome.ACCEPTED;
    } else if (statusCode == 404 || statusCode == 410) {
      outcome = Outcome.GONE;
    } else if (statusCode == 429 || (statusCode >= 500 && statusCode < 600)) {
      outcome = Outcome.RETRY;
    } else {
      outcome = Outcome.REJECTED;
    }
    Optional<Duration> retryAfter = outcome == Outcome.RETRY ? parseRetryAfter(retryAfterHeader, now) : Optional.empty();
    return new WebPushResult(outcome, statusCode, retryAfter, body);
  }

  /** The push service could not be reached or did not answer in time. */
  static WebPushResult unanswered(Throwable failure) {
    String kind = failure.getClass().getSimpleName();
    return new WebPushResult(Outcome.RETRY, 0, Optional.empty(),
      failure.getMessage() == null ? kind : kind + ": " + failure.getMessage());
  }

  /** Nothing was sent, and sending the same again would fail the same way (e.g. a payload over the limit). */
  static WebPushResult notSent(String why) {
    return new WebPushResult(Outcome.REJECTED, 0, Optional.empty(), why);
  }

  /** {@code Retry-After} is delay-seconds or an HTTP-date (RFC 9110 §10.2.3); anything else is ignored. */
  static Optional<Duration> parseRetryAfter(String value, Instant now) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    String trimmed = value.strip();
    try {
      return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(trimmed))));
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration wait = Duration.between(now, at);
        return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
      } catch (DateTimeParseException notDate) {
        return Optional.empty();
      }
    }
  }
}
