package dev.switchboard.e2e;

import dev.switchboard.testing.FreePorts;
import dev.switchboard.testing.TestBroker;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** GET /health/live and /health/ready on the API port, single and clustered (SPEC §5, §7). */
class HealthEndToEndTest {

  @Test
  void aSingleNodeIsLiveAndReady() throws Exception {
    Vertx peers = Vertx.vertx();
    try (TestBroker broker = TestBroker.start(new JsonObject())) {
      HttpClient http = peers.createHttpClient();
      JsonObject live = get(http, broker.apiPort(), "/health/live", 200);
      assertEquals("UP", live.getString("status"));
      assertEquals(broker.nodeId(), live.getString("node"));
      JsonObject ready = get(http, broker.apiPort(), "/health/ready", 200);
      assertEquals(new JsonObject().put("listening", true).put("clustered", false).put("joined", true)
        .put("draining", false), ready.getJsonObject("checks"));
      JsonObject missing = get(http, broker.apiPort(), "/health/nothing", 404);
      assertEquals("NOT_FOUND", missing.getString("code"));
      broker.main().state().startDraining();
      assertEquals("DOWN", get(http, broker.apiPort(), "/health/ready", 503).getString("status"));
      http.close();
    } finally {
      peers.close();
    }
  }

  @Test
  void clusteredNodesAreReadyOnceJoined() throws Exception {
    Vertx peers = Vertx.vertx();
    String name = "sb-health-" + UUID.randomUUID();
    int base = FreePorts.consecutive(2);
    try (TestBroker a = TestBroker.start(new JsonObject(), TestBroker.clusterMember(name, base, 2, 0));
         TestBroker b = TestBroker.start(new JsonObject(), TestBroker.clusterMember(name, base, 2, 1))) {
      HttpClient http = peers.createHttpClient();
      for (TestBroker node : new TestBroker[]{a, b}) {
        JsonObject checks = get(http, node.apiPort(), "/health/ready", 200).getJsonObject("checks");
        assertTrue(checks.getBoolean("clustered"));
        assertTrue(checks.getBoolean("joined"));
      }
      http.close();
    } finally {
      peers.close();
    }
  }

  private static JsonObject get(HttpClient http, int port, String path, int expectedStatus) throws Exception {
    // body() inside send()'s callback: chained after it, from this non-Vert.x thread, the response can end
    // before body() is asked for and the future never completes (1 in 40 runs here).
    return http.request(HttpMethod.GET, port, "127.0.0.1", path).compose(request -> request.send()
      .compose(response -> {
        assertEquals(expectedStatus, response.statusCode(), path);
        return response.body();
      })).await(30, TimeUnit.SECONDS).toJsonObject();
  }
}
