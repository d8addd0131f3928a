package dev.switchboard.bus;

/**
 * The event-bus address plan (DESIGN "Identity and addresses"); every address the broker uses is made here.
 */
public final class Addresses {

  /** Published: fan-out of envelopes to every gateway instance of every node; each filters to its members. */
  public static final String BROADCAST = "sb.broadcast";

  /** Published: per-instance summaries (connection counts by role) so every node can count the cluster. */
  public static final String SUMMARIES = "sb.summaries";

  /** Published: a node asks every instance to publish its summary again (a node joined). */
  public static final String SUMMARY_REQUEST = "sb.summaries.request";

  /** Published: changes of the sync dialect's service registry, to refresh each instance's cache. */
  public static final String SYNC_REGISTRY = "sb.sync.registry";

  /** Published: a push name authenticated for the first time or changed group ({name, group}). */
  public static final String PUSH_NAMES = "sb.push.names";

  /** Published: a push name's live session changed ({name, connection, live}), to refresh each instance's cache. */
  public static final String PUSH_SESSIONS = "sb.push.session.changes";

  /** Local only: the node is draining; each gateway instance closes its connections and replies when done. */
  public static final String DRAIN = "sb.local.drain";

  /** Local only: a cluster member left; the body is the member id. */
  public static final String MEMBER_LEFT = "sb.local.member.left";

  private Addresses() {
  }

  /** Requests to one member's tapr sidecar: "list your tapr connections" (the sidecar's cluster-wide list). */
  public static String taprConnectionsOf(String member) {
    return "sb.tapr.connections." + member;
  }

  /**
   * Requests to one member's server-API responder (its node summary, stats, connection listing, sends to its
   * connections), by member id: how the API asks every member ({@code routing.ClusterQuery}).
   */
  public static String apiOfMember(String member) {
    return "sb.api.member." + member;
  }

  /** The same responder by node id: a connection id names its node, so a request about one connection goes here. */
  public static String apiOfNode(String node) {
    return "sb.api.node." + node;
  }

  /** Local only: messages the server API accepts on the push dialect, taken by one of the node's push endpoints. */
  public static String pushApiMessages(String node) {
    return "sb.local.push.api." + node;
  }

  /** Deliveries to the connections of one gateway instance of one node. */
  public static String instance(String node, int instance) {
    return "sb.node." + node + '.' + instance;
  }
}
