package dev.switchboard.dialect.socketio;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The missed-event log of connection state recovery: offsets, what counts as delivered, the bounds, the hand-over. */
class SocketIoReplayLogTest {

  private static final long DELIVERED_AFTER = 1_000;

  private static void send(SocketIoReplayLog log, String event, String args, long now) {
    log.append(event, SocketIoReplayLog.withOffset(args, log.nextOffset()), "envelope-" + log.nextOffset(), now);
  }

  private static List<Long> sequences(List<SocketIoReplayLog.Entry> entries) {
    return entries.stream().map(SocketIoReplayLog.Entry::sequence).toList();
  }

  @Test
  void theOffsetIsSplicedInAsTheLastArgument() {
    assertEquals("[\"7\"]", SocketIoReplayLog.withOffset("[]", "7"));
    assertEquals("[\"7\"]", SocketIoReplayLog.withOffset(" [ ] ", "7"));
    assertEquals("[1,{\"a\":[2]},\"7\"]", SocketIoReplayLog.withOffset("[1,{\"a\":[2]}]", "7"));
    assertEquals("[{\"$binary\":\"AQID\"},\"0\"]", SocketIoReplayLog.withOffset("[{\"$binary\":\"AQID\"}]", "0"));
    // Not an array: left alone for the packet builder to refuse.
    assertEquals("{}", SocketIoReplayLog.withOffset("{}", "7"));
  }

  @Test
  void offsetsFromClients() {
    assertEquals(-1L, SocketIoReplayLog.seenOf(null));
    assertEquals(12L, SocketIoReplayLog.seenOf("12"));
    assertNull(SocketIoReplayLog.seenOf("Q81U8X7"));
    assertNull(SocketIoReplayLog.seenOf("-3"));
  }

  @Test
  void eventsAfterTheClientsOffsetAreMissedAndAnUnknownOffsetRecoversNothing() {
    SocketIoReplayLog log = new SocketIoReplayLog(100, 1 << 20, DELIVERED_AFTER);
    for (int i = 0; i < 4; i++) {
      send(log, "e", "[" + i + "]", 0);
    }
    assertEquals(List.of(2L, 3L), sequences(log.after(1)));
    assertEquals(List.of(0L, 1L, 2L, 3L), sequences(log.after(-1)));
    assertEquals(List.of(), log.after(3));
    assertNull(log.after(4), "never issued");
    assertEquals("[2,\"2\"]", log.after(1).get(0).argumentsJson());
  }

  @Test
  void whileConnectedOldEventsCountAsDeliveredButNotOncePaused() {
    SocketIoReplayLog log = new SocketIoReplayLog(100, 1 << 20, DELIVERED_AFTER);
    send(log, "e", "[]", 0);
    send(log, "e", "[]", 700);
    send(log, "e", "[]", 1_600); // the first is older than a ping round now: delivered, dropped
    assertEquals(2, log.size());
    assertEquals(List.of(1L, 2L), sequences(log.after(0)));
    assertNull(log.after(-1), "the client cannot have missed a delivered event");
    log.pause(2_000);
    assertEquals(1, log.size(), "the event sent at 700 aged out when the transport went");
    send(log, "e", "[]", 10_000);
    send(log, "e", "[]", 20_000);
    assertEquals(List.of(2L, 3L, 4L), sequences(log.after(1)), "nothing ages out while paused");
  }

  @Test
  void pastItsBoundsTheOldestEventGoesAndOffsetsBeforeItCannotRecover() {
    SocketIoReplayLog byCount = new SocketIoReplayLog(3, 1 << 20, DELIVERED_AFTER);
    byCount.pause(0);
    for (int i = 0; i < 5; i++) {
      send(byCount, "e", "[]", 0);
    }
    assertEquals(3, byCount.size());
    assertNull(byCount.after(0));
    assertEquals(List.of(2L, 3L, 4L), sequences(byCount.after(1)));

    SocketIoReplayLog byBytes = new SocketIoReplayLog(100, 40, DELIVERED_AFTER);
    byBytes.pause(0);
    for (int i = 0; i < 5; i++) {
      send(byBytes, "event", "[\"0123456789\"]", 0); // 5 + 18 characters each
    }
    assertEquals(1, byBytes.size());
    assertTrue(byBytes.bytes() <= 40);
    assertEquals(List.of(4L), sequences(byBytes.after(3)));
  }

  @Test
  void aRecoveredLogGoesOnNumberingAndHoldsWhatItReplays() {
    SocketIoReplayLog log = new SocketIoReplayLog(100, 1 << 20, DELIVERED_AFTER);
    for (int i = 0; i < 3; i++) {
      send(log, "e", "[" + i + "]", 0);
    }
    log.pause(0);
    JsonObject handedOver = log.toJson(log.after(0), 0);
    List<SocketIoReplayLog.Entry> replayed = SocketIoReplayLog.events(handedOver);
    assertEquals(List.of(1L, 2L), sequences(replayed));
    assertEquals("[2,\"2\"]", replayed.get(1).argumentsJson());
    assertEquals("envelope-2", replayed.get(1).deliveryId(), "the envelope's id travels with the event");

    SocketIoReplayLog recovered = SocketIoReplayLog.fromJson(handedOver, 100, 1 << 20, DELIVERED_AFTER, 5_000);
    assertEquals("3", recovered.nextOffset());
    assertEquals(List.of(2L), sequences(recovered.after(1)), "a second drop right away still replays");
    assertNull(recovered.after(-1));
    assertEquals("envelope-2", recovered.after(1).get(0).deliveryId());
    send(recovered, "e", "[]", 7_000); // the replayed ones are delivered by now
    assertEquals(List.of(3L), sequences(recovered.after(2)));
  }

  @Test
  void aHandOverFromANodeWithoutDeliveryIdsIsTakenToo() {
    JsonObject fromAnOlderNode = new JsonObject().put("next", 1).put("seen", -1)
      .put("events", new JsonArray().add(new JsonArray().add(0).add("e").add("[\"0\"]")));
    SocketIoReplayLog.Entry entry = SocketIoReplayLog.events(fromAnOlderNode).get(0);
    assertEquals("[\"0\"]", entry.argumentsJson());
    assertNull(entry.deliveryId());
  }
}
