package dev.switchboard.dialect.socketio;

import dev.switchboard.auth.JwtVerifier;
import dev.switchboard.dialect.socketio.engineio.EngineIoClientInfo;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The handshake authentication of SPEC §3: finds the client's JWT (CONNECT {@code auth.token}, the {@code token}
 * query parameter, or {@code Authorization: Bearer}), verifies it when a key is configured, and maps its claims
 * to the socket's user and rooms. A refusal is a failed future whose message is the CONNECT_ERROR message.
 */
public final class SocketIoAuth {

  /** The CONNECT_ERROR message for a missing (when required) or invalid token, as seed 004's middleware words it. */
  public static final String AUTHENTICATION_ERROR = "authentication error";

  private final JwtVerifier verifier;
  private final boolean required;
  private final String userClaim;
  private final Map<String, String> roomClaims;

  public SocketIoAuth(JwtVerifier verifier, boolean required, String userClaim, Map<String, String> roomClaims) {
    this.verifier = verifier;
    this.required = required;
    this.userClaim = userClaim;
    this.roomClaims = Map.copyOf(roomClaims);
  }

  /** The token the client presented, in the SPEC's order of precedence; {@code null} when none. */
  public static String token(JsonObject auth, EngineIoClientInfo client) {
    Object fromAuth = auth == null ? null : auth.getValue("token");
    if (fromAuth instanceof String text && !text.isEmpty()) {
      return text;
    }
    String fromQuery = client.queryParameter("token");
    if (fromQuery != null && !fromQuery.isEmpty()) {
      return fromQuery;
    }
    String header = client.header("authorization");
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      String bearer = header.substring(7).trim();
      return bearer.isEmpty() ? null : bearer;
    }
    return null;
  }

  /** The identity for a namespace connect. */
  public Future<SocketIoIdentity> authenticate(JsonObject auth, EngineIoClientInfo client) {
    String token = token(auth, client);
    if (token == null) {
      return required ? Future.failedFuture(AUTHENTICATION_ERROR) : Future.succeededFuture(SocketIoIdentity.ANONYMOUS);
    }
    if (verifier == null) {
      // No key: the token cannot be verified, so it is only passed to the app (SPEC §3).
      return Future.succeededFuture(new SocketIoIdentity(null, token, List.of()));
    }
    return verifier.verify(token)
      .recover(failure -> Future.failedFuture(AUTHENTICATION_ERROR))
      .map(claims -> identity(token, claims));
  }

  SocketIoIdentity identity(String token, JsonObject claims) {
    String user = claimText(claims.getValue(userClaim));
    List<String> rooms = new ArrayList<>();
    roomClaims.forEach((claim, template) -> {
      Object value = claims.getValue(claim);
      if (value instanceof JsonArray array) {
        array.forEach(element -> addRoom(rooms, template, claimText(element)));
      } else {
        addRoom(rooms, template, claimText(value));
      }
    });
    return new SocketIoIdentity(user, token, rooms);
  }

  private static void addRoom(List<String> rooms, String template, String value) {
    if (value != null) {
      rooms.add(template.replace("{value}", value));
    }
  }

  /** A claim as text: strings as they are, numbers as their decimal text ({@code 42}, never {@code 42.0}). */
  public static String claimText(Object value) {
    if (value instanceof String text) {
      return text;
    }
    if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
      return value.toString();
    }
    if (value instanceof Number number) {
      return new BigDecimal(number.toString()).stripTrailingZeros().toPlainString();
    }
    if (value instanceof Boolean) {
      return value.toString();
    }
    return null;
  }
}
