package dev.switchboard.e2e;

import dev.switchboard.testing.FreePorts;
import dev.switchboard.testing.SyncPeers;
import dev.switchboard.testing.TestBroker;
import dev.switchboard.testing.TestSocket;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The duplicate-service-id policy "reject" and the multi-mode service limit hold atomically across nodes,
 * even when the competing services connect to different nodes at the same moment.
 */
class SyncRejectPolicyClusterEndToEndTest {

  @Test
  void simultaneousRegistrationsOnTwoNodesAdmitExactlyOne() throws Exception {
    Vertx peers = Vertx.vertx();
    String name = "sb-sync-reject-" + UUID.randomUUID();
    int base = FreePorts.consecutive(2);
    JsonObject config = new JsonObject().put("sync", new JsonObject().put("serviceMode", "multi")
      .put("serviceLimit", 2).put("duplicateServiceId", "reject"));
    try (TestBroker a = TestBroker.start(config, TestBroker.clusterMember(name, base, 2, 0));
         TestBroker b = TestBroker.start(config, TestBroker.clusterMember(name, base, 2, 1))) {
      for (int round = 0; round < 5; round++) {
        String id = "same-" + round;
        CompletableFuture<TestSocket> onA = CompletableFuture.supplyAsync(() ->
          TestSocket.connect(peers, a.publicPort(), SyncPeers.PATH, SyncPeers.serviceHeaders(id, "A")));
        CompletableFuture<TestSocket> onB = CompletableFuture.supplyAsync(() ->
          TestSocket.connect(peers, b.publicPort(), SyncPeers.PATH, SyncPeers.serviceHeaders(id, "B")));
        try (TestSocket first = onA.get(); TestSocket second = onB.get()) {
          JsonObject answerA = first.nextMessage();
          JsonObject answerB = second.nextMessage();
          int connected = ("connected".equals(answerA.getString("data")) ? 1 : 0)
            + ("connected".equals(answerB.getString("data")) ? 1 : 0);
          assertEquals(1, connected, "exactly one of " + answerA.encode() + " and " + answerB.encode());
          JsonObject refused = "connected".equals(answerA.getString("data")) ? answerB : answerA;
          assertEquals("SERVICE_ID_CONFLICT", refused.getString("errorCode"));
        }
        awaitNoServices(peers, a);
      }
      // The limit of 2 holds across nodes: three different ids, at most two admitted.
      TestSocket s1 = SyncPeers.service(peers, a.publicPort(), "l1");
      TestSocket s2 = SyncPeers.service(peers, b.publicPort(), "l2");
      TestSocket s3 = TestSocket.connect(peers, a.publicPort(), SyncPeers.PATH, SyncPeers.serviceHeaders("l3", "L3"));
      assertEquals("EQUIPMENT_OUT_OF_LIMIT", s3.nextMessage().getString("errorCode"));
      s1.close();
      s2.close();
      s3.close();
    } finally {
      peers.close();
    }
  }

  private static void awaitNoServices(Vertx peers, TestBroker node) throws InterruptedException {
    try (TestSocket probe = SyncPeers.client(peers, node.publicPort())) {
      long deadline = System.currentTimeMillis() + 5000;
      for (int attempt = 0; ; attempt++) {
        String id = "l" + attempt;
        probe.send(SyncPeers.request(id, "serviceList", null));
        if (probe.next(f -> id.equals(f.getValue("id"))).getJsonArray("data").isEmpty()) {
          return;
        }
        assertTrue(System.currentTimeMillis() < deadline, "services never went away");
        Thread.sleep(50);
      }
    }
  }
}
