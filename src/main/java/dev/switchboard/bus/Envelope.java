package dev.switchboard.bus;

import io.vertx.core.buffer.Buffer;

import java.util.Map;

/**
 * The normalized message every dialect produces and consumes (DESIGN "The Envelope"). Immutable; the
 * payload is raw JSON bytes parsed once at the edge and never re-encoded on the way.
 *
 * @param id         message id (for sync requests the broker-issued request id)
 * @param kind       what the message is
 * @param dialect    the dialect of the target connections ({@code sync}, {@code push}, ...)
 * @param source     the connection id the message came from, or {@code null} (HTTP API, broker)
 * @param target     where it goes
 * @param name       method, event or command name, or {@code null}
 * @param payload    raw JSON of the message body, or {@code null} when there is none
 * @param attributes dialect attributes (error code, service id, ...), never {@code null}
 * @param createdAt  epoch milliseconds when the broker accepted it
 * @param attempt    delivery attempt, starting at 1
 */
public record Envelope(String id, Kind kind, String dialect, String source, Target target, String name,
                       Buffer payload, Map<String, String> attributes, long createdAt, int attempt) {

  public Envelope {
    attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
  }

  public enum Kind { REQUEST, RESPONSE, NOTICE, EVENT, SYSTEM, ACK }

  public enum TargetKind { CONNECTION, USER, GROUP, ROOM, NAMESPACE, SERVICE, ALL }

  /** Where an envelope goes: a kind and its key ({@code null} for ALL). */
  public record Target(TargetKind kind, String key) {
    public static Target connection(String connectionId) {
      return new Target(TargetKind.CONNECTION, connectionId);
    }

    public static Target all() {
      return new Target(TargetKind.ALL, null);
    }
  }

  public String attribute(String name) {
    return attributes.get(name);
  }
}
