package dev.switchboard.admin;

import dev.switchboard.gateway.ConnectionDescription;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Comparator;

/**
 * A position in the cluster-wide connection list of {@code GET /api/connections}: the list is ordered by
 * connection time, then id, and a cursor names the last item of a page, so the next page starts right after it.
 * Nothing is kept on the server: connections that come and go between two pages never shift the others, and
 * any node can continue a page another node started. Encoded as opaque base64url text.
 */
record ConnectionCursor(long connectedAt, String id) {

  /** The order of the list: oldest first, ties by id. */
  static final Comparator<ConnectionDescription> ORDER =
    Comparator.comparingLong(ConnectionDescription::connectedAt).thenComparing(ConnectionDescription::id);

  static ConnectionCursor after(ConnectionDescription last) {
    return new ConnectionCursor(last.connectedAt(), last.id());
  }

  /** Whether a connection with these keys comes after this position. */
  boolean isBefore(long otherConnectedAt, String otherId) {
    return otherConnectedAt > connectedAt || (otherConnectedAt == connectedAt && otherId.compareTo(id) > 0);
  }

  String encode() {
    return Base64.getUrlEncoder().withoutPadding()
      .encodeToString((connectedAt + ":" + id).getBytes(StandardCharsets.UTF_8));
  }

  /** Reads a cursor this API issued; throws {@link IllegalArgumentException} for anything else. */
  static ConnectionCursor decode(String text) {
    String decoded;
    try {
      decoded = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("cursor is not one this API issued");
    }
    int colon = decoded.indexOf(':');
    if (colon <= 0 || colon == decoded.length() - 1) {
      throw new IllegalArgumentException("cursor is not one this API issued");
    }
    try {
      return new ConnectionCursor(Long.parseLong(decoded.substring(0, colon)), decoded.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("cursor is not one this API issued");
    }
  }
}
