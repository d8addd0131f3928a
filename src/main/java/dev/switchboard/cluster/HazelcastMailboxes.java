package dev.switchboard.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.ReadOnly;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryExpiredListener;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import com.hazelcast.query.Predicates;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * Mailboxes in a Hazelcast map (backups per {@code cluster.xml}). Each change runs as an entry processor on the
 * partition that owns the mailbox — one network round trip, atomic, applied to the backup before it completes —
 * which Vert.x's AsyncMap cannot express (it offers compare-and-set only, which retries under contention).
 * The value is a {@link MailboxContents}, changed in place (O(1) per change); it and the processors are
 * {@link IdentifiedDataSerializable} (their factory is registered by {@link ClusterSetup}), so no Java
 * serialization runs per message. A read is a read-only processor too: it copies the items on the partition's
 * thread, the only thread that touches the stored object. Every change sets the entry's time to live to what is
 * left of its newest item's lifetime (plus up to 2 s: Hazelcast counts whole seconds), so Hazelcast drops a
 * mailbox whose items have all expired; the items it held are counted as expired then (see {@link #create}).
 *
 * <p>Changes asked for on the owning event loop are gathered for the rest of the event-loop turn and sent as one
 * processor per mailbox, in the order asked: under load a name's appends (a sender's burst) and removes (a
 * receiver's acknowledgements) share one invocation and one backup. A read first sends what is gathered for its
 * mailbox, so it sees every change asked for before it. This and {@link ClusterSetup}/{@link ClusterMembership}
 * are the only users of the Hazelcast API.
 */
final class HazelcastMailboxes implements Mailboxes {

  /** The serialization factory of the mailbox processor; {@link ClusterSetup} registers it on every member. */
  static final int FACTORY_ID = 0x5b01;
  private static final int CHANGES = 1;
  private static final int READ = 3;

  private final Vertx vertx;
  private final IMap<String, MailboxContents> map;
  private final long retainMs;
  private final LongConsumer expired;
  /** The event loop that gathers changes: the one that created this (a gateway instance's push endpoint). */
  private final Context owner;
  private final Map<String, List<Change>> gathered = new LinkedHashMap<>();
  private boolean sendScheduled;

  /** One change asked for: an append (payload) or a remove (no payload), and who waits for it. */
  private record Change(String key, byte[] payload, Promise<Boolean> done) {
  }

  private HazelcastMailboxes(Vertx vertx, IMap<String, MailboxContents> map, long retainMs, LongConsumer expired) {
    this.vertx = vertx;
    this.map = map;
    this.retainMs = retainMs;
    this.expired = expired;
    this.owner = Vertx.currentContext();
  }

  /**
   * The mailboxes of map {@code name}; the node's first call for that name also starts counting the mailboxes
   * Hazelcast expires. Counted when the entry expires rather than at a later read: a mailbox expires because its
   * name never came back to read it. A local listener hears only the entries whose partition this member owns,
   * and Hazelcast publishes EXPIRED from the primary only (a backup drops its copy silently), so each expired
   * mailbox is counted once cluster-wide — by the member that owns it then (after a member left, the member
   * that took its partitions over). Only the node's first call registers: one listener per member, not one per
   * gateway instance.
   */
  static HazelcastMailboxes create(Vertx vertx, HazelcastInstance hazelcast, String name, long retainMs,
                                   LongConsumer expired) {
    IMap<String, MailboxContents> map = hazelcast.getMap(name);
    if (vertx.sharedData().<String, Boolean>getLocalMap("sb.mailboxes.expiry").putIfAbsent(name, true) == null) {
      EntryExpiredListener<String, MailboxContents> listener = event -> {
        if (event.getOldValue() != null) {
          expired.accept(event.getOldValue().size());
        }
      };
      map.addLocalEntryListener(listener, Predicates.alwaysTrue(), true);
    }
    return new HazelcastMailboxes(vertx, map, retainMs, expired);
  }

  static DataSerializableFactory serializerFactory() {
    return type -> switch (type) {
      case CHANGES -> new Changes();
      case MailboxContents.CLASS_ID -> new MailboxContents();
      case READ -> new Read();
      default -> null;
    };
  }

  @Override
  public Future<Void> append(String mailbox, String key, byte[] payload) {
    return change(mailbox, key, payload).mapEmpty();
  }

  @Override
  public Future<List<Item>> read(String mailbox) {
    List<Change> pending = gathered.remove(mailbox);
    if (pending != null) {
      send(mailbox, pending);
    }
    return Future.fromCompletionStage(map.submitToKey(mailbox, new Read()), context())
      .map(contents -> contents == null ? List.of() : contents.items());
  }

  @Override
  public Future<Boolean> remove(String mailbox, String key) {
    return change(mailbox, key, null);
  }

  private Future<Boolean> change(String mailbox, String key, byte[] payload) {
    Promise<Boolean> done = Promise.promise();
    Change change = new Change(key, payload, done);
    if (owner == null || Vertx.currentContext() != owner) {
      send(mailbox, List.of(change));
      return done.future();
    }
    gathered.computeIfAbsent(mailbox, name -> new ArrayList<>(4)).add(change);
    if (!sendScheduled) {
      sendScheduled = true;
      owner.runOnContext(ignored -> sendGathered());
    }
    return done.future();
  }

  private void sendGathered() {
    sendScheduled = false;
    List<Map.Entry<String, List<Change>>> batches = new ArrayList<>(gathered.entrySet());
    gathered.clear();
    batches.forEach(batch -> send(batch.getKey(), batch.getValue()));
  }

  private void send(String mailbox, List<Change> changes) {
    String[] keys = new String[changes.size()];
    byte[][] payloads = new byte[changes.size()][];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = changes.get(i).key();
      payloads[i] = changes.get(i).payload();
    }
    Changes processor = new Changes(keys, payloads, System.currentTimeMillis(), retainMs);
    Future.fromCompletionStage(map.submitToKey(mailbox, processor), context()).onComplete(result -> {
      if (result.succeeded() && result.result()[keys.length] > 0) {
        expired.accept(result.result()[keys.length]);
      }
      for (int i = 0; i < keys.length; i++) {
        if (result.succeeded()) {
          changes.get(i).done().complete(result.result()[i] != 0);
        } else {
          changes.get(i).done().fail(result.cause());
        }
      }
    });
  }

  private Context context() {
    return owner != null ? owner : vertx.getOrCreateContext();
  }

  /**
   * Appends (a key with a payload) and removes (a key without) applied to one mailbox in order; answers, per
   * change, 1 if it took effect (else 0), then how many expired items were dropped with the mailbox. Runs on the
   * partition owner and, as its own backup processor, on the backup, with the sender's clock ({@code now}) so both
   * replicas agree; an emptied mailbox, or one whose items have all outlived {@code retainMs}, is deleted. The
   * latter happens when only removes reach a mailbox in the margin between its newest item's expiry and the
   * entry's: the answer (from the owner only) makes the sender count those items, since no expiry event will.
   */
  static final class Changes implements EntryProcessor<String, MailboxContents, int[]>, IdentifiedDataSerializable {
    private String[] keys;
    private byte[][] payloads;
    private static final long EXPIRY_MARGIN_MS = 2_000;
    private long now;
    private long retainMs;

    Changes() {
    }

    Changes(String[] keys, byte[][] payloads, long now, long retainMs) {
      this.keys = keys;
      this.payloads = payloads;
      this.now = now;
      this.retainMs = retainMs;
    }

    @Override
    public int[] process(Map.Entry<String, MailboxContents> entry) {
      MailboxContents box = entry.getValue() != null ? entry.getValue() : new MailboxContents();
      int[] applied = new int[keys.length + 1];
      boolean changed = false;
      for (int i = 0; i < keys.length; i++) {
        boolean took = payloads[i] != null ? box.append(keys[i], payloads[i], now) : box.remove(keys[i]);
        applied[i] = took ? 1 : 0;
        changed |= took;
      }
      long retainedFor = box.retainedFor(retainMs, now);
      if (box.isEmpty() || retainedFor <= 0) {
        applied[keys.length] = box.size();
        if (entry.getValue() != null) {
          entry.setValue(null);
        }
      } else if (changed) {
        // A plain setValue would reset the entry's time to live to the map's default (none). Hazelcast keeps
        // expiry times in whole seconds, rounded down: the margin keeps the mailbox until its newest item expired.
        if (entry instanceof ExtendedMapEntry<String, MailboxContents> extended) {
          extended.setValue(box, retainedFor + EXPIRY_MARGIN_MS, TimeUnit.MILLISECONDS);
        } else {
          entry.setValue(box);
        }
      }
      return applied;
    }

    @Override
    public int getFactoryId() {
      return FACTORY_ID;
    }

    @Override
    public int getClassId() {
      return CHANGES;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
      out.writeLong(now);
      out.writeLong(retainMs);
      out.writeInt(keys.length);
      for (int i = 0; i < keys.length; i++) {
        out.writeString(keys[i]);
        out.writeByteArray(payloads[i]);
      }
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
      now = in.readLong();
      retainMs = in.readLong();
      int count = in.readInt();
      keys = new String[count];
      payloads = new byte[count][];
      for (int i = 0; i < count; i++) {
        keys[i] = in.readString();
        payloads[i] = in.readByteArray();
      }
    }
  }

  /** Reads a mailbox: a copy of its items, taken on the partition's thread; no backup, no change. */
  static final class Read implements EntryProcessor<String, MailboxContents, MailboxContents>, ReadOnly,
    IdentifiedDataSerializable {

    @Override
    public MailboxContents process(Map.Entry<String, MailboxContents> entry) {
      return entry.getValue() == null ? null : entry.getValue().copy();
    }

    @Override
    public EntryProcessor<String, MailboxContents, MailboxContents> getBackupProcessor() {
      return null;
    }

    @Override
    public int getFactoryId() {
      return FACTORY_ID;
    }

    @Override
    public int getClassId() {
      return READ;
    }

    @Override
    public void writeData(ObjectDataOutput out) {
    }

    @Override
    public void readData(ObjectDataInput in) {
    }
  }
}
