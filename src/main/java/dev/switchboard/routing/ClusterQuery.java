package dev.switchboard.routing;

import dev.switchboard.cluster.ClusterMembership;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.spi.cluster.ClusterManager;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Asks every live member of the cluster the same question and gathers the answers (scatter/gather): one
 * event-bus request per member, to an address that names the member, each with its own timeout. A member
 * that does not answer in time (dying, or not serving the address) is left out and named, so the caller
 * still answers with what the others said. The members are the cluster manager's current view; running
 * alone, the only member is this node. Callable from any event loop; nothing blocks. Used for cluster-wide
 * listings such as the tapr sidecar's {@code /tapr/ws/conn/list}.
 */
public final class ClusterQuery {

  /** The answers that came in time, and the members that stayed silent. */
  public record Gathered<T>(List<T> answers, List<String> silentMembers) {
  }

  private final Vertx vertx;
  private final long timeoutMs;

  public ClusterQuery(Vertx vertx, long timeoutMs) {
    this.vertx = vertx;
    this.timeoutMs = timeoutMs;
  }

  /**
   * Sends {@code question} to {@code addressOfMember.apply(member)} for every live member and completes when
   * every member answered or timed out; it never fails.
   */
  public <T> Future<Gathered<T>> askEveryMember(Function<String, String> addressOfMember, Object question) {
    List<String> members = liveMembers(vertx);
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(timeoutMs);
    List<Future<T>> asked = new ArrayList<>(members.size());
    for (String member : members) {
      asked.add(vertx.eventBus().<T>request(addressOfMember.apply(member), question, options).map(Message::body));
    }
    return Future.join(asked).transform(ignored -> {
      List<T> answers = new ArrayList<>(asked.size());
      List<String> silent = new ArrayList<>();
      for (int i = 0; i < asked.size(); i++) {
        if (asked.get(i).succeeded()) {
          answers.add(asked.get(i).result());
        } else {
          silent.add(members.get(i));
        }
      }
      return Future.succeededFuture(new Gathered<>(answers, silent));
    });
  }

  /** The member ids of the cluster as the cluster manager sees it now; this node's alone when not clustered. */
  public static List<String> liveMembers(Vertx vertx) {
    ClusterManager manager = ClusterMembership.clusterManagerOf(vertx);
    return manager == null ? List.of(ClusterMembership.memberIdOf(vertx)) : List.copyOf(manager.getNodes());
  }
}
