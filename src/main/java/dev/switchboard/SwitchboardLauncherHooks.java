package dev.switchboard;

import dev.switchboard.cluster.ClusterSettings;
import dev.switchboard.cluster.ClusterSetup;
import dev.switchboard.config.ConfigException;
import dev.switchboard.config.ConfigLoader;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.launcher.application.VertxApplicationHooks;

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
    return Vertx.builder().with(options).withClusterManager(ClusterSetup.clusterManager(settings));
  }
}
