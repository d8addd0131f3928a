package dev.switchboard.e2e;

import dev.switchboard.testing.BrokerProcess;
import dev.switchboard.testing.FreePorts;
import dev.switchboard.testing.PushPeers;
import dev.switchboard.testing.TestResources;
import dev.switchboard.testing.TestSocket;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.switchboard.testing.PushPeers.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * At-least-once across node loss (SPEC §0, §2): messages accepted on node X for an offline name survive
 * `kill -9` of X and are delivered, every one and in order, when the name reconnects on node Y.
 */
class PushNodeLossEndToEndTest {

  private static final String TOKEN = "node-loss-token";
  private Vertx peers;
  private BrokerProcess x;
  private BrokerProcess y;

  @BeforeEach
  void startCluster() {
    peers = Vertx.vertx();
    String cluster = "sb-push-loss-" + UUID.randomUUID();
    int base = FreePorts.consecutive(2);
    JsonObject config = new JsonObject().put("push", new JsonObject().put("token", TOKEN).put("waitTimeoutMs", 300));
    // Assigned before waiting, so a broker that is not ready in time is still stopped after the test.
    y = BrokerProcess.start("push-loss-y", config, environment(cluster, base, 0), "-cluster");
    y.awaitReady(Duration.ofSeconds(60));
    x = BrokerProcess.start("push-loss-x", config, environment(cluster, base, 1), "-cluster");
    x.awaitReady(Duration.ofSeconds(60));
  }

  private static Map<String, String> environment(String cluster, int base, int index) {
    return Map.of("SB_CLUSTER_NAME", cluster,
      "SB_CLUSTER_MEMBERS", "127.0.0.1:" + base + ",127.0.0.1:" + (base + 1),
      "SB_CLUSTER_PORT", Integer.toString(base + index), "SB_CLUSTER_HOST", "127.0.0.1");
  }

  @AfterEach
  void stopCluster() throws Exception {
    TestResources.closeAll(x, y, peers);
  }

  @Test
  void messagesAcceptedOnAKilledNodeAreDeliveredFromTheSurvivor() {
    // bob is known (authenticated once, on Y) and then offline.
    PushPeers.authenticated(peers, y.publicPort(), TOKEN, "bob", null).close();
    TestSocket alice = PushPeers.authenticated(peers, x.publicPort(), TOKEN, "alice", null);
    List<String> accepted = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      alice.send(personal("bob", "survives " + i));
      JsonObject reply = nextReply(alice);
      assertEquals(new JsonObject().put("bob", "ready"), reply.getJsonObject("status"), reply::encode);
      accepted.add(reply.getString("mid"));
    }
    x.kill();

    TestSocket bob = PushPeers.authenticated(peers, y.publicPort(), TOKEN, "bob", null);
    List<String> received = new ArrayList<>();
    while (received.size() < accepted.size()) {
      JsonObject message = nextMessage(bob);
      String mid = message.getString("mid");
      if (!received.contains(mid)) {
        received.add(mid);
        assertEquals("survives " + (received.size() - 1), message.getJsonObject("message").getString("text"));
      }
      bob.send(callback(mid));
    }
    assertEquals(accepted, received);
    alice.close();
    bob.close();
  }
}
