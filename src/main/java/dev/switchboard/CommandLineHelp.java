package dev.switchboard;

import dev.switchboard.config.ConfigKey;
import dev.switchboard.config.ConfigSchema;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.launcher.application.VertxApplicationHooks;
import io.vertx.launcher.application.impl.VertxApplicationCommand;
import picocli.CommandLine;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The text of {@code java -jar switchboard.jar -h} (SPEC §5): every launcher option, what {@code -conf},
 * {@code -cluster} and {@code -instances} mean for Switchboard, the VAPID key command, the {@code SB_*} environment
 * overrides of every configuration key (with its default) and the cluster variables. {@link Main} prints it and
 * exits 0 instead of the launcher's own usage, which names a generic {@code VertxApplication} and asks for a main
 * verticle class Switchboard does not take.
 */
final class CommandLineHelp {

  /** The widest line the help prints, so that it reads in a common terminal without wrapping. */
  static final int MAX_LINE = 115;

  /** The launcher's help flags; its options are case-insensitive. */
  private static final Set<String> HELP_FLAGS = Set.of("-h", "-help", "--help");

  /** {@code java -jar switchboard.jar vapid-keys [SUBJECT]}. */
  static final String VAPID_KEYS_COMMAND = "vapid-keys";

  private CommandLineHelp() {
  }

  static boolean isHelpRequest(String[] args) {
    for (String arg : args) {
      if (HELP_FLAGS.contains(arg.toLowerCase(Locale.ROOT))) {
        return true;
      }
    }
    return false;
  }

  static String text() {
    // The option list comes from the launcher's own command, so it is complete for the Vert.x version we run.
    CommandLine command = new CommandLine(new VertxApplicationCommand(null, VertxApplicationHooks.DEFAULT, null));
    CommandLine.Model.CommandSpec spec = command.getCommandSpec();
    // Switchboard always deploys its own main verticle: the launcher's <mainVerticle> argument does not apply.
    List.copyOf(spec.positionalParameters()).forEach(spec::remove);
    spec.name("java -jar switchboard.jar");
    spec.usageMessage()
      .width(110)
      .description(new String[0])
      .optionListHeading("%nOptions (of the Vert.x launcher; -name and --name are the same):%n");
    // Our own text is printed as written: picocli would re-wrap it.
    return """
      Switchboard: a clustered WebSocket broker (sync, push, socket.io and tapr dialects). Starts one node: the
      public port (default 3207) serves every dialect; the API port (default 3208) serves the health checks,
      /metrics, the server API (/api) and the dashboard (/admin/). The node is ready for traffic when
      GET http://127.0.0.1:3208/health/ready answers 200.

      """ + command.getUsageMessage(CommandLine.Help.Ansi.OFF) + "\n" + footer();
  }

  private static String footer() {
    StringBuilder text = new StringBuilder("""
      What the main options mean for Switchboard:
        -conf FILE|JSON    The configuration: a JSON file (or inline JSON) with the keys below. There is no
                           default file: without -conf every key takes its built-in default. The development
                           configuration is conf/switchboard.json in the source tree; the container image reads
                           /etc/switchboard/switchboard.json (a ConfigMap in k8s/). Unknown keys and wrong types
                           stop the start (exit status 1) with a message naming the key.
        -cluster           Join the other nodes: Hazelcast configured by cluster.xml (the file named by
                           -Dvertx.hazelcast.config=FILE, else ./cluster.xml, else the copy in the jar: TCP/IP
                           join on 127.0.0.1) and the SB_CLUSTER_* variables below. Without it the node runs alone.
        -instances N       Accepted, but a node already runs one gateway per event loop; extra instances do
                           nothing. To change the number of event loops: -options '{"eventLoopPoolSize":N}'.

      Commands:
        java -jar switchboard.jar vapid-keys [SUBJECT]
                           Prints a new VAPID key pair for Web Push as a configuration fragment
                           ({"push":{"webpush":{"publicKey","privateKey","subject"}}}) to paste into the -conf file.
                           SUBJECT: mailto:you@example.org or https://... (default mailto:admin@localhost).
        java -jar switchboard.jar -h
                           This text.

      Environment: every configuration key can be overridden by SB_ + its path in upper snake case (a JSON
      value, a comma-separated list for arrays, null for a nullable key); unknown SB_* variables stop the start.
      Configuration keys, their variables and defaults:
      """);
    int width = ConfigSchema.KEYS.stream().mapToInt(key -> key.path().length()).max().orElse(0);
    for (ConfigKey key : ConfigSchema.KEYS) {
      appendRow(text, width, key.path(), key.environmentName(), defaultOf(key));
    }
    ConfigSchema.COMPATIBILITY_ENVIRONMENT.entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
      .forEach(entry -> appendRow(text, width, entry.getValue(), entry.getKey(),
        "(as the original TAPR sidecar; SB_* wins)"));
    text.append("""

      Cluster settings (environment, with -cluster):
        SB_CLUSTER_NAME                    Cluster name; members of different names never join each other.
        SB_CLUSTER_MEMBERS                 Comma-separated host[:port] list for the TCP/IP join.
        SB_CLUSTER_PORT                    The first Hazelcast port this node tries.
        SB_CLUSTER_HOST                    The address Hazelcast and the event bus bind to (-cluster-host wins).
        SB_CLUSTER_KUBERNETES_SERVICE_DNS  The headless Service's DNS name: switches to Kubernetes DNS discovery.

      Examples:
        java -jar switchboard.jar -conf conf/switchboard.json
        SB_API_TOKEN=secret SB_CLUSTER_NAME=prod java -jar switchboard.jar -conf switchboard.json -cluster
        java -jar switchboard.jar vapid-keys mailto:ops@example.org
      """);
    return text.toString();
  }

  /** One key, its variable and its default; a default that would overflow a terminal line goes on the next. */
  private static void appendRow(StringBuilder text, int width, String path, String variable, String value) {
    String row = String.format("  %-" + width + "s  %-36s", path, variable);
    if (row.length() + 1 + value.length() <= MAX_LINE) {
      text.append(row).append(' ').append(value).append(System.lineSeparator());
    } else {
      text.append(row.stripTrailing()).append(System.lineSeparator())
        .append(" ".repeat(width + 4)).append(value).append(System.lineSeparator());
    }
  }

  private static String defaultOf(ConfigKey key) {
    Object value = key.defaultValue();
    if (value == null) {
      return "null";
    }
    if (value instanceof String string) {
      return "\"" + string + "\"";
    }
    if (value instanceof JsonArray array) {
      return array.encode();
    }
    if (value instanceof JsonObject object) {
      return object.encode();
    }
    return value.toString();
  }
}
