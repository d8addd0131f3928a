package dev.switchboard.dialect.tapr;

import dev.switchboard.dialect.tapr.TaprConnectionDirectory.Entry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class TaprConnectionListTest {

  @Test
  void groupsByUserInNameOrderOldestConnectionFirst() {
    JsonArray data = TaprConnectionList.byUser(List.of(
      new Entry("b.0.2", "bob", "ua-2", 20),
      new Entry("a.0.1", "alice", "ua-1", 10),
      new Entry("b.1.1", "bob", "ua-3", 5),
      new Entry("c.0.1", "", "", 1)));
    assertEquals(List.of("", "alice", "bob"), data.stream().map(u -> ((JsonObject) u).getString("name")).toList());
    JsonObject bob = data.getJsonObject(2);
    assertEquals(2, bob.getInteger("conns_number"));
    assertEquals(List.of("b.1.1", "b.0.2"), bob.getJsonArray("conns").stream()
      .map(c -> ((JsonObject) c).getString("id")).toList());
    assertEquals(new JsonObject().put("id", "b.1.1").put("userAgent", "ua-3")
      .put("userAgentTag", TaprConnectionList.userAgentTag("ua-3")), bob.getJsonArray("conns").getJsonObject(0));
  }

  @Test
  void theUserAgentTagIsTheMd5HexOfTheUserAgent() {
    assertEquals("d41d8cd98f00b204e9800998ecf8427e", TaprConnectionList.userAgentTag(""));
    assertEquals("9e107d9d372bb6826bd81d3542a419d6",
      TaprConnectionList.userAgentTag("The quick brown fox jumps over the lazy dog"));
  }

  @Test
  void anEmptyClusterIsAnEmptyList() {
    assertEquals(new JsonArray(), TaprConnectionList.byUser(List.of()));
  }

  @Test
  void directoryEntriesSurviveTheTripBetweenNodes() {
    Entry entry = new Entry("n.1.z", "u", "agent", 123);
    assertEquals(entry, Entry.fromJson(new JsonObject(entry.toJson().encode())));
  }
}
