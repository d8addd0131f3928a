package dev.switchboard.e2e;

import dev.switchboard.testing.BrokerProcess;
import dev.switchboard.testing.FreePorts;
import dev.switchboard.testing.SyncPeers;
import dev.switchboard.testing.TestResources;
import dev.switchboard.testing.TestSocket;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static dev.switchboard.testing.SyncPeers.request;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Two broker JVMs in one cluster; the one holding the service is killed with SIGKILL. The client's pending
 * requests on the surviving node must fail at once with SERVICE_UNAVAILABLE (not time out), and the dead
 * node's service registration and counts must disappear.
 */
class SyncNodeKillEndToEndTest {

  private Vertx peers;
  private BrokerProcess survivor;
  private BrokerProcess victim;

  @BeforeEach
  void startCluster() {
    peers = Vertx.vertx();
    String cluster = "sb-kill-" + UUID.randomUUID();
    int base = FreePorts.consecutive(2);
    JsonObject config = new JsonObject().put("sync", new JsonObject().put("requestTimeoutMs", 60_000));
    survivor = BrokerProcess.start("kill-survivor", config, clusterEnvironment(cluster, base, 0), "-cluster")
      .awaitReady(Duration.ofSeconds(60));
    victim = BrokerProcess.start("kill-victim", config, clusterEnvironment(cluster, base, 1), "-cluster")
      .awaitReady(Duration.ofSeconds(60));
  }

  private static Map<String, String> clusterEnvironment(String cluster, int base, int index) {
    return Map.of("SB_CLUSTER_NAME", cluster,
      "SB_CLUSTER_MEMBERS", "127.0.0.1:" + base + ",127.0.0.1:" + (base + 1),
      "SB_CLUSTER_PORT", Integer.toString(base + index),
      "SB_CLUSTER_HOST", "127.0.0.1");
  }

  @AfterEach
  void stopCluster() throws Exception {
    TestResources.closeAll(victim, survivor, peers);
  }

  @Test
  void killingTheServiceNodeFailsPendingRequestsAndForgetsItsRegistration() {
    TestSocket service = SyncPeers.service(peers, victim.publicPort(), "svc");
    TestSocket client = SyncPeers.client(peers, survivor.publicPort());
    // The survivor has learnt of the service on the other JVM.
    SyncPeers.awaitLinkCount(client, 1);
    for (int i = 0; i < 3; i++) {
      client.send(request("pending-" + i, "work", i));
    }
    for (int i = 0; i < 3; i++) {
      assertEquals("work", service.nextMessage().getString("method"));
    }

    long killedAt = System.currentTimeMillis();
    victim.kill();

    Set<String> failed = new HashSet<>();
    for (int i = 0; i < 3; i++) {
      JsonObject answer = client.next(f -> f.getString("id") != null && f.getString("id").startsWith("pending-"));
      assertEquals("SERVICE_UNAVAILABLE", answer.getString("errorCode"), answer::encode);
      assertEquals("response", answer.getString("type"));
      failed.add(answer.getString("id"));
    }
    long elapsed = System.currentTimeMillis() - killedAt;
    assertEquals(Set.of("pending-0", "pending-1", "pending-2"), failed);
    assertTrue(elapsed < 10_000, "pending requests failed only after " + elapsed + " ms");

    SyncPeers.awaitLinkCount(client, 0);
    client.send(request("list", "serviceList", null));
    assertEquals(new JsonArray(), client.next(f -> "list".equals(f.getValue("id"))).getJsonArray("data"));
    client.send(request("again", "work", null));
    assertEquals("SERVICE_UNAVAILABLE", client.next(f -> "again".equals(f.getValue("id"))).getString("errorCode"));

    // The id is free again: a new service takes it on the survivor and serves requests.
    TestSocket replacement = SyncPeers.service(peers, survivor.publicPort(), "svc");
    client.send(request("after", "work", null));
    JsonObject forwarded = replacement.nextMessage();
    replacement.send(new JsonObject().put("id", forwarded.getString("id")).put("type", "response").put("method", "work")
      .put("data", "done"));
    assertEquals("done", client.next(f -> "after".equals(f.getValue("id"))).getString("data"));
    client.close();
    replacement.close();
  }
}
