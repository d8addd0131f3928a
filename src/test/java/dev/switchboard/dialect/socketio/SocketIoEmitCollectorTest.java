package dev.switchboard.dialect.socketio;

import dev.switchboard.dialect.socketio.SocketIoEmitCollector.Tally;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/** The completion rule of an emit's reports ({@link Tally}): when the emitter may answer, and with what. */
class SocketIoEmitCollectorTest {

  private static final Set<String> BOTH = Set.of("n1.0", "n2.0");

  private static JsonObject count(String instance, int count) {
    return new JsonObject().put("emit", "e").put("instance", instance).put("count", count);
  }

  private static JsonObject reached(String instance, String... sockets) {
    return new JsonObject().put("emit", "e").put("instance", instance).put("reached", new JsonArray(List.of(sockets)));
  }

  private static JsonObject ack(String socket, int answer) {
    return new JsonObject().put("emit", "e").put("conn", socket).put("args", new JsonArray().add(answer));
  }

  @Test
  void aFanOutIsCompleteOnceEveryExpectedInstanceReportedEvenWithNothingReached() {
    Tally tally = new Tally(false, false, BOTH);
    assertFalse(tally.complete(BOTH));
    tally.add(count("n2.0", 3));
    assertFalse(tally.complete(BOTH), "n1.0 has not reported");
    tally.add(count("n1.0", 0));
    assertTrue(tally.complete(BOTH));
    assertEquals(new SocketIoEmitResult(3, null), tally.result());
  }

  @Test
  void anExpectedInstanceThatLeftIsNotWaitedFor() {
    Tally tally = new Tally(false, false, BOTH);
    tally.add(count("n1.0", 2));
    assertFalse(tally.complete(BOTH));
    assertTrue(tally.complete(Set.of("n1.0")), "n2.0 left the cluster");
    assertEquals(2, tally.result().reached());
  }

  @Test
  void anInstanceNotExpectedStillCountsButIsNotWaitedFor() {
    Tally tally = new Tally(false, false, Set.of("n1.0"));
    tally.add(count("n3.0", 4));
    assertFalse(tally.complete(Set.of("n1.0", "n3.0")));
    tally.add(count("n1.0", 1));
    assertTrue(tally.complete(Set.of("n1.0", "n3.0")));
    assertEquals(5, tally.result().reached());
  }

  @Test
  void withAnAckEveryReachedSocketMustAnswerAndAMissingAnswerIsATimeout() {
    Tally tally = new Tally(true, false, BOTH);
    tally.add(reached("n1.0", "s1"));
    tally.add(ack("s1", 1));
    assertFalse(tally.complete(BOTH), "n2.0 has not reported");
    tally.add(reached("n2.0", "s2", "s3"));
    assertFalse(tally.complete(BOTH), "s2 and s3 have not answered");
    tally.add(ack("s3", 3));
    tally.add(new JsonObject().put("emit", "e").put("conn", "s2").put("error", "TIMEOUT"));
    assertTrue(tally.complete(BOTH));
    assertEquals(3, tally.result().reached());
    assertEquals(List.of(
        new JsonObject().put("conn", "s1").put("args", new JsonArray().add(1)),
        new JsonObject().put("conn", "s2").put("error", "TIMEOUT"),
        new JsonObject().put("conn", "s3").put("args", new JsonArray().add(3))),
      tally.result().acks());
  }

  @Test
  void theSocketsOfAnInstanceThatLeftAreNotWaitedForAndTimeOut() {
    Tally tally = new Tally(true, false, BOTH);
    tally.add(reached("n1.0", "s1"));
    tally.add(reached("n2.0", "s2"));
    tally.add(ack("s1", 1));
    assertFalse(tally.complete(BOTH), "s2 has not answered");
    assertTrue(tally.complete(Set.of("n1.0")), "n2.0 left with s2");
    assertEquals(List.of(new JsonObject().put("conn", "s1").put("args", new JsonArray().add(1)),
      new JsonObject().put("conn", "s2").put("error", "TIMEOUT")), tally.result().acks());
  }

  @Test
  void theResultBeforeCompletionListsTheUnansweredAsTimeouts() {
    Tally tally = new Tally(true, false, BOTH);
    tally.add(reached("n1.0", "s1"));
    assertFalse(tally.complete(BOTH));
    assertEquals(new SocketIoEmitResult(1, List.of(new JsonObject().put("conn", "s1").put("error", "TIMEOUT"))),
      tally.result());
  }

  @Test
  void aSingleTargetIsSettledByItsOwnersFirstReportWhateverTheInstances() {
    Tally tally = new Tally(false, true, Set.of());
    assertFalse(tally.complete(BOTH));
    tally.add(new JsonObject().put("emit", "e").put("reached", new JsonArray()));
    assertTrue(tally.complete(BOTH));
    assertEquals(0, tally.result().reached());

    Tally waited = new Tally(false, true, Set.of());
    waited.stopWaitingForOwner();
    assertTrue(waited.complete(BOTH));

    Tally acked = new Tally(true, true, Set.of());
    acked.add(reached("n2.0", "s1"));
    assertFalse(acked.complete(BOTH), "s1 has not answered");
    acked.add(ack("s1", 7));
    assertTrue(acked.complete(BOTH));
  }

  @Test
  void aSingleTargetWhoseOwnerLeavesBeforeReportingIsSettledWithNothingReached() {
    Tally tally = new Tally(true, true, Set.of("n2.0"));
    assertFalse(tally.complete(BOTH));
    assertTrue(tally.complete(Set.of("n1.0")), "n2.0 left: no report will come");
    assertEquals(new SocketIoEmitResult(0, List.of()), tally.result());
  }
}
