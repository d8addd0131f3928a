package dev.switchboard.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** cluster.xml plus the SB_CLUSTER_* settings, applied by our code (SPEC §7). */
class ClusterSetupTest {

  @Test
  void theShippedFileJoinsOverTcpOnLoopbackWithTheVertxMaps() {
    Config config = ClusterSetup.config(ClusterSettings.fromEnvironment(Map.of()));
    JoinConfig join = config.getNetworkConfig().getJoin();
    assertEquals("switchboard", config.getClusterName());
    assertTrue(join.getTcpIpConfig().isEnabled());
    assertFalse(join.getMulticastConfig().isEnabled());
    assertEquals(List.of("127.0.0.1"), join.getTcpIpConfig().getMembers());
    assertEquals(1, config.getMultiMapConfig("__vertx.subs").getBackupCount());
    assertEquals(1, config.getMapConfig("sb.sync").getBackupCount());
    assertEquals("5", config.getProperty("hazelcast.max.no.heartbeat.seconds"));
  }

  @Test
  void environmentSettingsOverrideTheFile() {
    Config config = ClusterSetup.config(ClusterSettings.fromEnvironment(Map.of(
      "SB_CLUSTER_NAME", "blue", "SB_CLUSTER_MEMBERS", "10.0.0.1:5801, 10.0.0.2", "SB_CLUSTER_PORT", "5801",
      "SB_CLUSTER_HOST", "10.0.0.1")));
    assertEquals("blue", config.getClusterName());
    assertEquals(5801, config.getNetworkConfig().getPort());
    assertEquals(List.of("10.0.0.1:5801", "10.0.0.2"), config.getNetworkConfig().getJoin().getTcpIpConfig().getMembers());
    assertTrue(config.getNetworkConfig().getInterfaces().isEnabled());
    assertTrue(config.getNetworkConfig().getInterfaces().getInterfaces().contains("10.0.0.1"));
  }

  @Test
  void kubernetesDnsReplacesTheTcpJoin() {
    Config config = ClusterSetup.config(ClusterSettings.fromEnvironment(Map.of(
      "SB_CLUSTER_KUBERNETES_SERVICE_DNS", "switchboard-hz.default.svc.cluster.local")));
    JoinConfig join = config.getNetworkConfig().getJoin();
    assertFalse(join.getTcpIpConfig().isEnabled());
    assertFalse(join.getMulticastConfig().isEnabled());
    assertTrue(join.getKubernetesConfig().isEnabled());
    assertEquals("switchboard-hz.default.svc.cluster.local", join.getKubernetesConfig().getProperty("service-dns"));
    // A discovery join with no wait before joining never asks for members (Hazelcast 5.3).
    assertTrue(Integer.parseInt(config.getProperty("hazelcast.wait.seconds.before.join")) >= 1);
  }

  @Test
  void aBadPortIsRefused() {
    assertThrows(IllegalArgumentException.class,
      () -> ClusterSettings.fromEnvironment(Map.of("SB_CLUSTER_PORT", "fifty")));
  }
}
