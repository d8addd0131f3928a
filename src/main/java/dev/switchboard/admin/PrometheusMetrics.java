package dev.switchboard.admin;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.spi.VertxMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.impl.MicrometerMetrics;

import java.util.UUID;

/**
 * Vert.x metrics for {@code GET /metrics} (SPEC §5): Vert.x's Micrometer metrics, JVM meters included, recorded
 * into a Prometheus registry that belongs to one Vert.x instance. Several nodes may run in one JVM (tests do), and
 * each must show its own meters, so each instance gets its own registry rather than a JVM-wide default one. Called
 * where a Vert.x instance is built: the launcher hooks and the tests' broker.
 */
public final class PrometheusMetrics {

  private PrometheusMetrics() {
  }

  /**
   * Turns metrics on in {@code options} for the instance about to be built with them, and returns the factory
   * to give {@code VertxBuilder.withMetrics}. Options from the launcher's {@code -options} are replaced.
   */
  public static VertxMetricsFactory prepare(VertxOptions options) {
    options.setMetricsOptions(new MicrometerMetricsOptions()
      .setEnabled(true)
      .setJvmMetricsEnabled(true)
      // Vert.x looks its HTTP client meters up in the registry by tags on every request. The broker's client
      // requests are webhook calls (one per socket.io event: 7 % of the broker's CPU on the ack path), which
      // switchboard_webhook_calls_total{dialect,outcome} counts already.
      .addDisabledMetricsCategory(MetricsDomain.HTTP_CLIENT)
      // Vert.x keeps metric backends by name in a JVM-wide map: one name per instance keeps them apart.
      .setRegistryName("switchboard-" + UUID.randomUUID()));
    return new MicrometerMetricsFactory(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  }

  /** The Prometheus registry Vert.x records into, or {@code null} when metrics are not on in this instance. */
  public static PrometheusMeterRegistry registryOf(Vertx vertx) {
    return ((VertxInternal) vertx).metrics() instanceof MicrometerMetrics micrometer
      && micrometer.registry() instanceof PrometheusMeterRegistry prometheus ? prometheus : null;
  }
}
