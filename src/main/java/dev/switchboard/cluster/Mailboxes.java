package dev.switchboard.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.util.List;
import java.util.function.LongConsumer;

/**
 * Named FIFO mailboxes of keyed items that survive the loss of any one node: an append is complete only when
 * it (and its backup) is written. Each operation on one mailbox is atomic, so concurrent senders on several
 * nodes and the acknowledging receiver never lose each other's changes. Used by the push dialect.
 */
public interface Mailboxes {

  /** One item: its key (unique within the mailbox) and its payload (opaque bytes, not to be changed). */
  record Item(String key, byte[] payload) {
  }

  /** Appends an item at the end of the mailbox; the future completes once the write is confirmed. */
  Future<Void> append(String mailbox, String key, byte[] payload);

  /** The items of a mailbox, oldest first. */
  Future<List<Item>> read(String mailbox);

  /** Removes the item with this key; true when it was there. */
  Future<Boolean> remove(String mailbox, String key);

  /**
   * The mailboxes of this node: in cluster state with backups when clustered, in memory otherwise. Items live
   * {@code retainMs} from their append: a mailbox whose newest item is older than that is dropped whole, without a
   * reader having to come (what a reader finds expired inside a live mailbox is the reader's to drop).
   *
   * <p>{@code expired} is told how many items were dropped with each such mailbox, on any thread. Each item
   * dropped that way is told once cluster-wide (an item a reader removes is the reader's to count), so the sum
   * over the nodes is the number of items that expired unread. A node's mailboxes tell the {@code expired} of
   * the first call for that name on the node: all of a node's gateway instances pass the same node counter.
   */
  static Mailboxes forNode(Vertx vertx, String name, long retainMs, LongConsumer expired) {
    if (ClusterMembership.clusterManagerOf(vertx) instanceof HazelcastClusterManager hazelcast) {
      return HazelcastMailboxes.create(vertx, hazelcast.getHazelcastInstance(), name, retainMs, expired);
    }
    return LocalMailboxes.shared(vertx, name, retainMs, expired);
  }
}
