package dev.switchboard.admin;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /metrics} (SPEC §5, no token): every meter of this node — Switchboard's ({@link SwitchboardMeters})
 * and Vert.x's and the JVM's — in the Prometheus text format. Each node answers for itself; Prometheus scrapes
 * every node.
 */
final class MetricsResource {

  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry;
  private final SwitchboardMeters meters;

  MetricsResource(PrometheusMeterRegistry registry, SwitchboardMeters meters) {
    this.registry = registry;
    this.meters = meters;
  }

  void scrape(RoutingContext context) {
    // A failed refresh leaves the pending gauge at its last value; the rest is still worth answering.
    meters.refresh().onComplete(ignored -> {
      if (!context.response().ended()) {
        context.response().putHeader("Content-Type", CONTENT_TYPE).end(registry.scrape());
      }
    });
  }
}
