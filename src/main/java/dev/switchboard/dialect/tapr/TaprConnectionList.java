package dev.switchboard.dialect.tapr;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Shapes the sidecar's list answer (SPEC §4) from the connections every node reported:
 * {@code [{name, conns:[{id,userAgent,userAgentTag}], conns_number}]}, one entry per user, users in name order,
 * each user's connections oldest first; {@code userAgentTag} is the MD5 hex of the User-Agent. Pure; tested
 * in {@code TaprConnectionListTest}.
 */
final class TaprConnectionList {

  private static final HexFormat HEX = HexFormat.of();

  private TaprConnectionList() {
  }

  static JsonArray byUser(List<TaprConnectionDirectory.Entry> connections) {
    Map<String, List<TaprConnectionDirectory.Entry>> users = new TreeMap<>();
    for (TaprConnectionDirectory.Entry entry : connections) {
      users.computeIfAbsent(entry.user(), user -> new ArrayList<>()).add(entry);
    }
    JsonArray data = new JsonArray();
    users.forEach((user, entries) -> {
      entries.sort(Comparator.comparingLong(TaprConnectionDirectory.Entry::connectedAt)
        .thenComparing(TaprConnectionDirectory.Entry::id));
      JsonArray conns = new JsonArray();
      for (TaprConnectionDirectory.Entry entry : entries) {
        conns.add(new JsonObject().put("id", entry.id()).put("userAgent", entry.userAgent())
          .put("userAgentTag", userAgentTag(entry.userAgent())));
      }
      data.add(new JsonObject().put("name", user).put("conns", conns).put("conns_number", entries.size()));
    });
    return data;
  }

  /** The MD5 of the User-Agent's UTF-8 bytes, as 32 lower-case hex digits. */
  static String userAgentTag(String userAgent) {
    try {
      return HEX.formatHex(MessageDigest.getInstance("MD5").digest(userAgent.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has MD5", e);
    }
  }
}
