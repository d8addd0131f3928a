package dev.switchboard.dialect.tapr;

import dev.switchboard.bus.Envelope;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;

import java.util.List;
import java.util.Map;

/**
 * The envelopes the sidecar API sends to tapr connections, and how an endpoint reads them (SPEC §4): a send
 * is an {@code EVENT} whose payload is the frame to write; a close is a {@code SYSTEM} envelope named
 * {@value #CLOSE}. One connection is a connection target; one user's connections, a published
 * {@code USER} target; every connection, a published {@code ALL} target. The intersection of a connection
 * and users carries the users in the {@value #USERS} attribute, and the owning instance checks it.
 */
final class TaprEnvelopes {

  static final String CLOSE = "close";
  /** A JSON array of user names; the target connection's user must be one of them. */
  static final String USERS = "users";

  private TaprEnvelopes() {
  }

  static Envelope send(Envelope.Target target, Buffer payload, List<String> users) {
    return new Envelope(null, Envelope.Kind.EVENT, TaprEndpoint.DIALECT, null, target, null, payload,
      usersAttribute(users), System.currentTimeMillis(), 1);
  }

  static Envelope close(Envelope.Target target, List<String> users) {
    return new Envelope(null, Envelope.Kind.SYSTEM, TaprEndpoint.DIALECT, null, target, CLOSE, null,
      usersAttribute(users), System.currentTimeMillis(), 1);
  }

  static Envelope.Target user(String user) {
    return new Envelope.Target(Envelope.TargetKind.USER, user);
  }

  static boolean isSend(Envelope envelope) {
    return envelope.kind() == Envelope.Kind.EVENT;
  }

  static boolean isClose(Envelope envelope) {
    return envelope.kind() == Envelope.Kind.SYSTEM && CLOSE.equals(envelope.name());
  }

  /** Whether a connection of {@code user} is among the envelope's targets (always, without a users list). */
  static boolean admits(Envelope envelope, String user) {
    String users = envelope.attribute(USERS);
    return users == null || new JsonArray(users).contains(user);
  }

  private static Map<String, String> usersAttribute(List<String> users) {
    return users == null || users.isEmpty() ? Map.of() : Map.of(USERS, new JsonArray(List.copyOf(users)).encode());
  }
}
