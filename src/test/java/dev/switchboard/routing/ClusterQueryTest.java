package dev.switchboard.routing;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** Scatter/gather on a single (not clustered) node: its only member is this node. */
class ClusterQueryTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void aloneTheOnlyMemberIsThisNode() {
    assertEquals(List.of("local"), ClusterQuery.liveMembers(vertx));
  }

  @Test
  void gathersTheAnswerOfEveryMember() throws Exception {
    vertx.eventBus().<JsonObject>consumer("q.local", message -> message.reply(new JsonObject().put("from", "local")
      .put("asked", message.body()))).completion().await(10, TimeUnit.SECONDS);
    ClusterQuery.Gathered<JsonObject> gathered = new ClusterQuery(vertx, 1000)
      .<JsonObject>askEveryMember(member -> "q." + member, new JsonObject().put("x", 1)).await(10, TimeUnit.SECONDS);
    assertEquals(List.of(new JsonObject().put("from", "local").put("asked", new JsonObject().put("x", 1))),
      gathered.answers());
    assertTrue(gathered.silentMembers().isEmpty());
  }

  @Test
  void aMemberThatDoesNotAnswerIsNamedAndTheQueryStillCompletes() throws Exception {
    // One consumer that never replies: the request times out after 200 ms.
    vertx.eventBus().consumer("slow.local", message -> {
    }).completion().await(10, TimeUnit.SECONDS);
    long start = System.nanoTime();
    ClusterQuery.Gathered<Object> gathered = new ClusterQuery(vertx, 200)
      .askEveryMember(member -> "slow." + member, null).await(10, TimeUnit.SECONDS);
    assertTrue(gathered.answers().isEmpty());
    assertEquals(List.of("local"), gathered.silentMembers());
    assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) >= 190);
    // No consumer at all fails at once, without waiting for the timeout.
    long quick = System.nanoTime();
    assertEquals(List.of("local"), new ClusterQuery(vertx, 5000).askEveryMember(member -> "nobody." + member, null)
      .await(10, TimeUnit.SECONDS).silentMembers());
    assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - quick) < 2000);
  }
}
