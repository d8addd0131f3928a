package dev.switchboard.testing;

import dev.switchboard.MainVerticle;
import dev.switchboard.NativeTransport;
import dev.switchboard.admin.PrometheusMetrics;
import dev.switchboard.cluster.ClusterSettings;
import dev.switchboard.cluster.ClusterSetup;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.VertxMetricsFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real broker node started in the test's JVM: its own Vert.x instance (clustered over real Hazelcast on
 * loopback when asked), the real {@link MainVerticle}, free ports. {@link #close()} stops everything.
 */
public final class TestBroker implements AutoCloseable {

  private final Vertx vertx;
  private final MainVerticle main;
  private final int publicPort;
  private final int apiPort;
  private final int sidecarPort;
  private boolean closed;

  private TestBroker(Vertx vertx, MainVerticle main, int publicPort, int apiPort, int sidecarPort) {
    this.vertx = vertx;
    this.main = main;
    this.publicPort = publicPort;
    this.apiPort = apiPort;
    this.sidecarPort = sidecarPort;
  }

  /** A single node with the given configuration (ports are filled in). */
  public static TestBroker start(JsonObject config) {
    return start(config, null);
  }

  /** A clustered node; {@code cluster} names the cluster and its members. */
  public static TestBroker start(JsonObject config, ClusterSettings cluster) {
    JsonObject effective = config.copy();
    int publicPort = FreePorts.next();
    int apiPort = FreePorts.next();
    JsonObject publicSection = effective.getJsonObject("public", new JsonObject()).put("port", publicPort)
      .put("host", "127.0.0.1");
    JsonObject apiSection = effective.getJsonObject("api", new JsonObject()).put("port", apiPort)
      .put("host", "127.0.0.1");
    effective.put("public", publicSection).put("api", apiSection);
    int sidecarPort = withFreeSidecarPort(effective);
    // The transport production prefers, so the tests run the same one.
    VertxOptions options = NativeTransport.prefer(new VertxOptions().setEventLoopPoolSize(2));
    Vertx vertx;
    try {
      // Metrics on, as the launcher has them: each test node gets a Prometheus registry of its own.
      VertxMetricsFactory metrics = PrometheusMetrics.prepare(options);
      if (cluster == null) {
        vertx = Vertx.builder().with(options).withMetrics(metrics).build();
      } else {
        options.getEventBusOptions().setHost("127.0.0.1");
        vertx = Vertx.builder().with(options).withMetrics(metrics).withClusterManager(ClusterSetup.clusterManager(cluster))
          .buildClustered().await(60, TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      throw new IllegalStateException("could not start Vert.x", e);
    }
    MainVerticle main = new MainVerticle(Map.of());
    try {
      vertx.deployVerticle(main, new DeploymentOptions().setConfig(effective)).await(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      vertx.close();
      throw new IllegalStateException("could not deploy the broker", e);
    }
    return new TestBroker(vertx, main, publicPort, apiPort, sidecarPort);
  }

  /**
   * Gives the tapr sidecar a free port unless the test chose one: every node binds it (default 40010), and
   * brokers of several tests (and test JVMs) run side by side on one machine. Returns the port.
   */
  static int withFreeSidecarPort(JsonObject config) {
    JsonObject tapr = config.getJsonObject("tapr", new JsonObject());
    JsonObject sidecar = tapr.getJsonObject("sidecar", new JsonObject());
    if (!sidecar.containsKey("port")) {
      sidecar.put("port", FreePorts.next());
    }
    config.put("tapr", tapr.put("sidecar", sidecar));
    return sidecar.getInteger("port");
  }

  /** Cluster settings for member {@code index} of a test cluster on consecutive ports from {@code basePort}. */
  public static ClusterSettings clusterMember(String clusterName, int basePort, int memberCount, int index) {
    List<String> members = java.util.stream.IntStream.range(0, memberCount)
      .mapToObj(i -> "127.0.0.1:" + (basePort + i)).toList();
    return new ClusterSettings(clusterName, members, basePort + index, "127.0.0.1", null);
  }

  public int publicPort() {
    return publicPort;
  }

  public int apiPort() {
    return apiPort;
  }

  /** The tapr sidecar's port ({@code tapr.sidecar.port}). */
  public int sidecarPort() {
    return sidecarPort;
  }

  public Vertx vertx() {
    return vertx;
  }

  public MainVerticle main() {
    return main;
  }

  public String nodeId() {
    return main.node().id();
  }

  /** Stops the node; again after that, nothing (a test may stop a node itself, and its tear-down again). */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      vertx.close().await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("could not stop the broker", e);
    }
  }
}
