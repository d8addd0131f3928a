package dev.switchboard.cluster;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Mailboxes in a Hazelcast map (backups per {@code cluster.xml}). Each change runs as an entry processor on the
 * partition that owns the mailbox — one network round trip, atomic, applied to the backup before it completes —
 * which Vert.x's AsyncMap cannot express (it offers compare-and-set only, which retries under contention).
 * The value is the mailbox in {@link MailboxBytes} form; the processors are {@link IdentifiedDataSerializable}
 * (their factory is registered by {@link ClusterSetup}), so no Java serialization runs per message.
 * This and {@link ClusterSetup}/{@link ClusterMembership} are the only users of the Hazelcast API.
 */
final class HazelcastMailboxes implements Mailboxes {

  /** The serialization factory of the mailbox processors; {@link ClusterSetup} registers it on every member. */
  static final int FACTORY_ID = 0x5b01;
  private static final int APPEND = 1;
  private static final int REMOVE = 2;

  private final Vertx vertx;
  private final IMap<String, byte[]> map;

  HazelcastMailboxes(Vertx vertx, IMap<String, byte[]> map) {
    this.vertx = vertx;
    this.map = map;
  }

  static DataSerializableFactory serializerFactory() {
    return type -> switch (type) {
      case APPEND -> new Append();
      case REMOVE -> new Remove();
      default -> null;
    };
  }

  @Override
  public Future<Void> append(String mailbox, String key, byte[] payload) {
    return Future.<Boolean>fromCompletionStage(map.submitToKey(mailbox, new Append(key, payload)), context())
      .mapEmpty();
  }

  @Override
  public Future<List<Item>> read(String mailbox) {
    return Future.fromCompletionStage(map.getAsync(mailbox), context()).map(MailboxBytes::items);
  }

  @Override
  public Future<Boolean> remove(String mailbox, String key) {
    return Future.fromCompletionStage(map.submitToKey(mailbox, new Remove(key)), context());
  }

  private Context context() {
    return vertx.getOrCreateContext();
  }

  /** Appends one item; runs on the partition owner and, as its own backup processor, on the backup. */
  static final class Append implements EntryProcessor<String, byte[], Boolean>, IdentifiedDataSerializable {
    private String key;
    private byte[] payload;

    Append() {
    }

    Append(String key, byte[] payload) {
      this.key = key;
      this.payload = payload;
    }

    @Override
    public Boolean process(Map.Entry<String, byte[]> entry) {
      entry.setValue(MailboxBytes.append(entry.getValue(), key, payload));
      // Nothing to answer: the caller only waits for completion.
      return null;
    }

    @Override
    public int getFactoryId() {
      return FACTORY_ID;
    }

    @Override
    public int getClassId() {
      return APPEND;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
      out.writeString(key);
      out.writeByteArray(payload);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
      key = in.readString();
      payload = in.readByteArray();
    }
  }

  /** Removes one item; deletes the entry when the mailbox becomes empty. */
  static final class Remove implements EntryProcessor<String, byte[], Boolean>, IdentifiedDataSerializable {
    private String key;

    Remove() {
    }

    Remove(String key) {
      this.key = key;
    }

    @Override
    public Boolean process(Map.Entry<String, byte[]> entry) {
      byte[] before = entry.getValue();
      if (before == null) {
        return false;
      }
      byte[] after = MailboxBytes.remove(before, key);
      if (after == before) {
        return false;
      }
      entry.setValue(after);
      return true;
    }

    @Override
    public int getFactoryId() {
      return FACTORY_ID;
    }

    @Override
    public int getClassId() {
      return REMOVE;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
      out.writeString(key);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
      key = in.readString();
    }
  }
}
