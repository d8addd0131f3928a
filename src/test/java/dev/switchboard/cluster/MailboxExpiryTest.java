package dev.switchboard.cluster;

import dev.switchboard.testing.FreePorts;
import dev.switchboard.testing.TestBroker;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Mailboxes whose items have all outlived their lifetime are dropped without a reader coming: in memory on one
 * node (the sweep) and in a real one-member Hazelcast cluster (the entry's time to live).
 */
class MailboxExpiryTest {

  private static final byte[] PAYLOAD = "message".getBytes(StandardCharsets.UTF_8);

  @Test
  void aLocalMailboxIsSweptOnceItsNewestItemOutlivedItsLifetime() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      LocalMailboxes mailboxes = (LocalMailboxes) Mailboxes.forNode(vertx, "expiry-" + UUID.randomUUID(), 300);
      long appended = System.currentTimeMillis();
      mailboxes.append("gone-for-good", "m1", PAYLOAD).await(5, TimeUnit.SECONDS);
      assertEquals(1, mailboxes.read("gone-for-good").await(5, TimeUnit.SECONDS).size());
      assertEquals(1, mailboxes.size());
      assertTrue(waitFor(() -> mailboxes.size() == 0), "the mailbox was not swept");
      assertTrue(System.currentTimeMillis() - appended >= 300, "swept before its item expired");
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aClusteredMailboxLivesAsLongAsItsNewestItemThenHazelcastDropsIt() throws Exception {
    VertxOptions options = new VertxOptions();
    options.getEventBusOptions().setHost("127.0.0.1");
    ClusterSettings settings = TestBroker.clusterMember("sb-expiry-" + UUID.randomUUID(), FreePorts.consecutive(1), 1, 0);
    Vertx vertx = Vertx.builder().with(options).withClusterManager(ClusterSetup.clusterManager(settings))
      .buildClustered().await(60, TimeUnit.SECONDS);
    try {
      var hazelcast = ((io.vertx.spi.cluster.hazelcast.HazelcastClusterManager) ClusterMembership.clusterManagerOf(vertx))
        .getHazelcastInstance();
      Mailboxes mailboxes = Mailboxes.forNode(vertx, "sb.push.mailbox", 1_500);
      long first = System.currentTimeMillis();
      mailboxes.append("bob", "m1", PAYLOAD).await(10, TimeUnit.SECONDS);
      Thread.sleep(800);
      long second = System.currentTimeMillis();
      mailboxes.append("bob", "m2", PAYLOAD).await(10, TimeUnit.SECONDS);
      mailboxes.remove("bob", "m1").await(10, TimeUnit.SECONDS);
      Thread.sleep(Math.max(0, first + 1_700 - System.currentTimeMillis()));
      if (System.currentTimeMillis() < second + 1_400) {
        assertTrue(hazelcast.getMap("sb.push.mailbox").containsKey("bob"),
          "kept while its newest item lives, although older than the first item's lifetime");
      }
      assertTrue(waitFor(() -> !hazelcast.getMap("sb.push.mailbox").containsKey("bob")), "the mailbox was not dropped");
      assertTrue(System.currentTimeMillis() - second >= 1_500, "dropped before its newest item expired");
      assertEquals(List.of(), mailboxes.read("bob").await(10, TimeUnit.SECONDS));
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
  }

  private static boolean waitFor(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 10_000;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        return false;
      }
      Thread.sleep(20);
    }
    return true;
  }
}
