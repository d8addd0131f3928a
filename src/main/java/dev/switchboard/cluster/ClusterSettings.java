package dev.switchboard.cluster;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The cluster settings read from {@code SB_CLUSTER_*} environment variables (SPEC §7). They are applied by
 * our code on top of {@code cluster.xml} because Hazelcast's own environment overrides are not used when
 * Vert.x builds the configuration.
 *
 * @param name                 cluster name: members of different names never join each other
 * @param members              TCP/IP join members, {@code host[:port]}; empty keeps the file's list
 * @param port                 first Hazelcast port to try, or {@code null} for the file's
 * @param host                 address to bind Hazelcast and the event bus to, or {@code null}
 * @param kubernetesServiceDns headless Service DNS name: switches the join to Kubernetes DNS discovery
 */
public record ClusterSettings(String name, List<String> members, Integer port, String host, String kubernetesServiceDns) {

  public static ClusterSettings fromEnvironment(Map<String, String> environment) {
    String port = blankToNull(environment.get("SB_CLUSTER_PORT"));
    String members = blankToNull(environment.get("SB_CLUSTER_MEMBERS"));
    Integer parsedPort = null;
    if (port != null) {
      try {
        parsedPort = Integer.parseInt(port.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("SB_CLUSTER_PORT must be a port number, got \"" + port + "\"");
      }
    }
    return new ClusterSettings(
      blankToNull(environment.get("SB_CLUSTER_NAME")),
      members == null ? List.of() : Arrays.stream(members.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList(),
      parsedPort,
      blankToNull(environment.get("SB_CLUSTER_HOST")),
      blankToNull(environment.get("SB_CLUSTER_KUBERNETES_SERVICE_DNS")));
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
