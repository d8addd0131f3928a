package dev.switchboard.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.XmlConfigBuilder;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Builds the Hazelcast cluster manager: {@code cluster.xml} (the file named by {@code vertx.hazelcast.config},
 * else {@code ./cluster.xml}, else the copy on the classpath) with {@link ClusterSettings} applied on top.
 * The only place besides {@link ClusterMembership} that touches the Hazelcast API.
 */
public final class ClusterSetup {

  private ClusterSetup() {
  }

  public static HazelcastClusterManager clusterManager(ClusterSettings settings) {
    return new HazelcastClusterManager(config(settings));
  }

  public static Config config(ClusterSettings settings) {
    Config config = loadBaseConfig();
    // The push mailboxes' entry processors travel in this compact form instead of Java serialization.
    config.getSerializationConfig().addDataSerializableFactory(HazelcastMailboxes.FACTORY_ID,
      HazelcastMailboxes.serializerFactory());
    if (settings.name() != null) {
      config.setClusterName(settings.name());
    }
    NetworkConfig network = config.getNetworkConfig();
    if (settings.port() != null) {
      network.setPort(settings.port());
      network.setPortAutoIncrement(true);
    }
    if (settings.host() != null) {
      network.getInterfaces().setEnabled(true).clear().addInterface(settings.host());
    }
    JoinConfig join = network.getJoin();
    if (settings.kubernetesServiceDns() != null) {
      // Only one join method may be enabled at a time.
      join.getTcpIpConfig().setEnabled(false);
      join.getMulticastConfig().setEnabled(false);
      join.getKubernetesConfig().setEnabled(true).setProperty("service-dns", settings.kubernetesServiceDns());
      // Hazelcast's discovery join asks for members only while this wait lasts: 0 (fine for TCP/IP) never joins.
      String wait = config.getProperty("hazelcast.wait.seconds.before.join");
      if (wait == null || Integer.parseInt(wait.trim()) < 1) {
        config.setProperty("hazelcast.wait.seconds.before.join", "1");
      }
      network.getInterfaces().setEnabled(settings.host() != null);
    } else if (!settings.members().isEmpty()) {
      join.getMulticastConfig().setEnabled(false);
      join.getKubernetesConfig().setEnabled(false);
      join.getTcpIpConfig().setEnabled(true).setMembers(settings.members());
    }
    return config;
  }

  private static Config loadBaseConfig() {
    String property = System.getProperty("vertx.hazelcast.config");
    try {
      if (property != null && !property.startsWith("classpath:")) {
        try (InputStream in = new FileInputStream(property)) {
          return new XmlConfigBuilder(in).build();
        }
      }
      Path local = Path.of("cluster.xml");
      if (property == null && Files.isRegularFile(local)) {
        try (InputStream in = Files.newInputStream(local)) {
          return new XmlConfigBuilder(in).build();
        }
      }
      String resource = property != null ? property.substring("classpath:".length()) : "cluster.xml";
      try (InputStream in = ClusterSetup.class.getClassLoader().getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException("Hazelcast configuration " + resource + " is not on the classpath");
        }
        return new XmlConfigBuilder(in).build();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the Hazelcast configuration", e);
    }
  }
}
