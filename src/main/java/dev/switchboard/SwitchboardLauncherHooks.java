package dev.switchboard;

import dev.switchboard.admin.PrometheusMetrics;
import dev.switchboard.cluster.ClusterSettings;
import dev.switchboard.cluster.ClusterSetup;
import dev.switchboard.config.ConfigException;
import dev.switchboard.config.ConfigLoader;
import io.vertx.core.Deployable;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.VertxMetricsFactory;
import io.vertx.launcher.application.VertxApplicationHooks;

import java.util.function.Supplier;

/**
 * Our part of the launcher: refuses a bad configuration before anything starts (exit status 1 with a
 * message naming the key), and builds the Hazelcast cluster manager from {@code cluster.xml} plus the
 * {@code SB_CLUSTER_*} settings.
 */
final class SwitchboardLauncherHooks implements VertxApplicationHooks {

  @Override
  public JsonObject afterConfigParsed(JsonObject config) {
    try {
      return ConfigLoader.effectiveJson(config, System.getenv());
    } catch (ConfigException e) {
      System.err.println(e.getMessage());
      throw e;
    }
  }

  /** Always our main verticle, also when started from a classpath without the jar's manifest (tests, tools). */
  @Override
  public Supplier<? extends Deployable> verticleSupplier() {
    return MainVerticle::new;
  }

  @Override
  public VertxBuilder createVertxBuilder(VertxOptions options) {
    ClusterSettings settings;
    try {
      settings = ClusterSettings.fromEnvironment(System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      throw e;
    }
    if (settings.host() != null) {
      // The -cluster-host option, applied by the launcher after this hook, still wins.
      options.getEventBusOptions().setHost(settings.host());
    }
    NativeTransport.prefer(options);
    // GET /metrics: Vert.x and JVM meters in a Prometheus registry of this instance (SPEC §5).
    VertxMetricsFactory metrics = PrometheusMetrics.prepare(options);
    return Vertx.builder().with(options).withMetrics(metrics).withClusterManager(ClusterSetup.clusterManager(settings));
  }
}
