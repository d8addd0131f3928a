package dev.switchboard.cluster;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.List;
import java.util.Map;

/**
 * Mailboxes in a Hazelcast map (backups per {@code cluster.xml}). Each change runs as an entry processor on the
 * partition that owns the mailbox — one network round trip, atomic, applied to the backup before it completes —
 * which Vert.x's AsyncMap cannot express (it offers compare-and-set only, which retries under contention).
 * This and {@link ClusterSetup}/{@link ClusterMembership} are the only users of the Hazelcast API.
 */
final class HazelcastMailboxes implements Mailboxes {

  private final Vertx vertx;
  private final IMap<String, String> map;

  HazelcastMailboxes(Vertx vertx, IMap<String, String> map) {
    this.vertx = vertx;
    this.map = map;
  }

  @Override
  public Future<Void> append(String mailbox, String key, String payload) {
    return Future.<Boolean>fromCompletionStage(map.submitToKey(mailbox, new Append(key, payload)), context())
      .mapEmpty();
  }

  @Override
  public Future<List<Item>> read(String mailbox) {
    return Future.fromCompletionStage(map.getAsync(mailbox), context()).map(MailboxText::items);
  }

  @Override
  public Future<Boolean> remove(String mailbox, String key) {
    return Future.fromCompletionStage(map.submitToKey(mailbox, new Remove(key)), context());
  }

  private Context context() {
    return vertx.getOrCreateContext();
  }

  /** Appends one line; runs on the partition owner (and, as its own backup processor, on the backup). */
  private record Append(String key, String payload) implements EntryProcessor<String, String, Boolean> {
    @Override
    public Boolean process(Map.Entry<String, String> entry) {
      entry.setValue(MailboxText.append(entry.getValue(), key, payload));
      return true;
    }
  }

  /** Removes one line; deletes the entry when the mailbox becomes empty. */
  private record Remove(String key) implements EntryProcessor<String, String, Boolean> {
    @Override
    public Boolean process(Map.Entry<String, String> entry) {
      String before = entry.getValue();
      if (before == null) {
        return false;
      }
      String after = MailboxText.remove(before, key);
      if (after != null && after.length() == before.length()) {
        return false;
      }
      entry.setValue(after);
      return true;
    }
  }
}
