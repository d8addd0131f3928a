package dev.switchboard.cluster;

import dev.switchboard.NodeStats;
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
 * node (the sweep) and in a real Hazelcast cluster (the entry's time to live). Each item dropped that way counts
 * once in the node counter behind {@code switchboard_deliveries_expired_total}, summed over the cluster.
 */
class MailboxExpiryTest {

  private static final byte[] PAYLOAD = "message".getBytes(StandardCharsets.UTF_8);

  @Test
  void aLocalMailboxIsSweptOnceItsNewestItemOutlivedItsLifetime() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      NodeStats stats = new NodeStats();
      LocalMailboxes mailboxes = (LocalMailboxes) Mailboxes.forNode(vertx, "expiry-" + UUID.randomUUID(), 300,
        stats.pushExpired::add);
      long appended = System.currentTimeMillis();
      mailboxes.append("gone-for-good", "m1", PAYLOAD).await(5, TimeUnit.SECONDS);
      mailboxes.append("gone-for-good", "m2", PAYLOAD).await(5, TimeUnit.SECONDS);
      mailboxes.append("gone-for-good", "acknowledged", PAYLOAD).await(5, TimeUnit.SECONDS);
      mailboxes.remove("gone-for-good", "acknowledged").await(5, TimeUnit.SECONDS);
      assertEquals(2, mailboxes.read("gone-for-good").await(5, TimeUnit.SECONDS).size());
      assertEquals(1, mailboxes.size());
      assertTrue(waitFor(() -> mailboxes.size() == 0), "the mailbox was not swept");
      assertTrue(System.currentTimeMillis() - appended >= 300, "swept before its item expired");
      assertEquals(2, stats.pushExpired.sum(), "the swept items are expired deliveries, the removed one is not");
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aClusteredMailboxLivesAsLongAsItsNewestItemThenHazelcastDropsItAndItsItemsCountOnce() throws Exception {
    String cluster = "sb-expiry-" + UUID.randomUUID();
    int basePort = FreePorts.consecutive(2);
    Vertx first = clusteredNode(TestBroker.clusterMember(cluster, basePort, 2, 0));
    Vertx other = null;
    try {
      other = clusteredNode(TestBroker.clusterMember(cluster, basePort, 2, 1));
      var hazelcast = ((io.vertx.spi.cluster.hazelcast.HazelcastClusterManager) ClusterMembership.clusterManagerOf(first))
        .getHazelcastInstance();
      assertTrue(waitFor(() -> hazelcast.getCluster().getMembers().size() == 2), "the members did not meet");
      NodeStats firstStats = new NodeStats();
      NodeStats secondStats = new NodeStats();
      Mailboxes mailboxes = Mailboxes.forNode(first, "sb.push.mailbox", 1_500, firstStats.pushExpired::add);
      Mailboxes.forNode(other, "sb.push.mailbox", 1_500, secondStats.pushExpired::add);
      // Every gateway instance of a node asks for the mailboxes: the node's counter still hears each item once.
      Mailboxes.forNode(first, "sb.push.mailbox", 1_500, firstStats.pushExpired::add);
      long firstAppend = System.currentTimeMillis();
      mailboxes.append("bob", "m1", PAYLOAD).await(10, TimeUnit.SECONDS);
      mailboxes.append("carol", "c1", PAYLOAD).await(10, TimeUnit.SECONDS);
      mailboxes.append("carol", "c2", PAYLOAD).await(10, TimeUnit.SECONDS);
      Thread.sleep(800);
      long second = System.currentTimeMillis();
      mailboxes.append("bob", "m2", PAYLOAD).await(10, TimeUnit.SECONDS);
      mailboxes.remove("bob", "m1").await(10, TimeUnit.SECONDS);
      Thread.sleep(Math.max(0, firstAppend + 1_700 - System.currentTimeMillis()));
      if (System.currentTimeMillis() < second + 1_400) {
        assertTrue(hazelcast.getMap("sb.push.mailbox").containsKey("bob"),
          "kept while its newest item lives, although older than the first item's lifetime");
      }
      // Carol's items outlived their lifetime; a change inside the entry's margin drops the mailbox at once
      // (no expiry event will come), and the answer counts them.
      if (System.currentTimeMillis() < firstAppend + 3_000) {
        assertFalse(mailboxes.remove("carol", "never-there").await(10, TimeUnit.SECONDS));
        assertFalse(hazelcast.getMap("sb.push.mailbox").containsKey("carol"));
      }
      assertTrue(waitFor(() -> !hazelcast.getMap("sb.push.mailbox").containsKey("bob")), "the mailbox was not dropped");
      assertTrue(waitFor(() -> !hazelcast.getMap("sb.push.mailbox").containsKey("carol")), "carol's was not dropped");
      assertTrue(System.currentTimeMillis() - second >= 1_500, "dropped before its newest item expired");
      assertEquals(List.of(), mailboxes.read("bob").await(10, TimeUnit.SECONDS));
      assertTrue(waitFor(() -> firstStats.pushExpired.sum() + secondStats.pushExpired.sum() >= 3),
        "expired items not counted: " + firstStats.pushExpired.sum() + " + " + secondStats.pushExpired.sum());
      Thread.sleep(500);
      assertEquals(3, firstStats.pushExpired.sum() + secondStats.pushExpired.sum(),
        "bob's m2 and carol's two items, each once cluster-wide (m1 was removed)");
    } finally {
      if (other != null) {
        other.close().await(30, TimeUnit.SECONDS);
      }
      first.close().await(30, TimeUnit.SECONDS);
    }
  }

  private static Vertx clusteredNode(ClusterSettings settings) throws Exception {
    VertxOptions options = new VertxOptions();
    options.getEventBusOptions().setHost("127.0.0.1");
    return Vertx.builder().with(options).withClusterManager(ClusterSetup.clusterManager(settings))
      .buildClustered().await(60, TimeUnit.SECONDS);
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
