package dev.switchboard.cluster;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import dev.switchboard.bus.Addresses;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.util.UUID;

/**
 * Tells this node's components when a cluster member leaves, as a local event-bus message
 * ({@link Addresses#MEMBER_LEFT}, body: the member id). Vert.x keeps the cluster manager's single node
 * listener for itself, so membership comes from Hazelcast directly. Started once per node by {@code MainVerticle}.
 */
public final class ClusterMembership {

  private static final System.Logger LOG = System.getLogger(ClusterMembership.class.getName());

  private static final String VERTX_NODE_ID_ATTRIBUTE = "__vertx.nodeId";

  private final Vertx vertx;
  private final HazelcastClusterManager clusterManager;
  private UUID registration;

  private ClusterMembership(Vertx vertx, HazelcastClusterManager clusterManager) {
    this.vertx = vertx;
    this.clusterManager = clusterManager;
  }

  /** The cluster manager of a clustered Vert.x instance, or {@code null} when running alone. */
  public static ClusterManager clusterManagerOf(Vertx vertx) {
    return vertx.isClustered() ? ((VertxInternal) vertx).clusterManager() : null;
  }

  /** The member id of this node: the cluster manager's node id, or "local". */
  public static String memberIdOf(Vertx vertx) {
    ClusterManager manager = clusterManagerOf(vertx);
    return manager == null ? "local" : manager.getNodeId();
  }

  /** Whether this node is (still) a member of its cluster; always true when not clustered. */
  public static boolean isJoined(Vertx vertx) {
    ClusterManager manager = clusterManagerOf(vertx);
    return manager == null || manager.isActive();
  }

  public static ClusterMembership start(Vertx vertx) {
    ClusterManager manager = clusterManagerOf(vertx);
    ClusterMembership membership = new ClusterMembership(vertx,
      manager instanceof HazelcastClusterManager hazelcast ? hazelcast : null);
    membership.listen();
    return membership;
  }

  private void listen() {
    if (clusterManager == null || clusterManager.getHazelcastInstance() == null) {
      return;
    }
    registration = clusterManager.getHazelcastInstance().getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
        // Vert.x names a member by its own id, kept as a member attribute, not by Hazelcast's UUID.
        String memberId = event.getMember().getAttribute(VERTX_NODE_ID_ATTRIBUTE);
        if (memberId == null) {
          return;
        }
        LOG.log(System.Logger.Level.INFO, "Cluster member " + memberId + " (" + event.getMember().getAddress() + ") left");
        // Called on a Hazelcast thread: hand over to the event bus, which delivers on each consumer's context.
        vertx.eventBus().publish(Addresses.MEMBER_LEFT, memberId, new DeliveryOptions().setLocalOnly(true));
      }
    });
  }

  public void stop() {
    if (registration != null && clusterManager.getHazelcastInstance() != null
      && clusterManager.getHazelcastInstance().getLifecycleService().isRunning()) {
      clusterManager.getHazelcastInstance().getCluster().removeMembershipListener(registration);
    }
  }
}
