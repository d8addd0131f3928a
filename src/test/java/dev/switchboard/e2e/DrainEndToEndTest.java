package dev.switchboard.e2e;

import dev.switchboard.testing.BrokerProcess;
import dev.switchboard.testing.SyncPeers;
import dev.switchboard.testing.TestSocket;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** SIGTERM drains the node (SPEC §5): clients are told to reconnect (1012) and the process exits with 0. */
class DrainEndToEndTest {

  @Test
  void sigtermClosesClientsWith1012AndExitsZero() throws Exception {
    Vertx peers = Vertx.vertx();
    try (BrokerProcess broker = BrokerProcess.start("drain", new JsonObject()
      .put("shutdown", new JsonObject().put("graceMs", 15_000)), Map.of()).awaitReady(Duration.ofSeconds(60))) {
      TestSocket client = SyncPeers.client(peers, broker.publicPort());
      TestSocket service = SyncPeers.service(peers, broker.publicPort(), "svc");
      long start = System.currentTimeMillis();
      broker.terminate();
      assertEquals(1012, client.awaitClose());
      assertEquals(1012, service.awaitClose());
      int exit = broker.awaitExit(Duration.ofSeconds(20));
      assertEquals(0, exit, broker.output());
      assertTrue(System.currentTimeMillis() - start < 15_000);
      assertTrue(broker.output().contains("Draining node"), broker.output());
    } finally {
      peers.close();
    }
  }
}
