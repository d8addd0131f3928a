package dev.switchboard.cluster;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * A clustered mailbox as it is stored: its items by key in arrival order. The map keeps values as objects
 * ({@code OBJECT} in-memory format), so the entry processors change this object in place on the partition owner
 * and on its backup — an append or a remove costs the same with 10 items as with 100 000 (a mailbox kept as one
 * byte array was copied whole on every change: a backlog drained by acknowledgements went quadratic). It is
 * serialized only when a partition moves or a backup is copied whole. Payloads are opaque bytes, never parsed.
 * Only touched on the partition's thread (clustered) or inside its map's per-key compute (one node).
 *
 * <p>It knows when its newest item was appended: every item in it is at least that old, so a mailbox whose newest
 * item is older than the items' lifetime holds only expired items and is dropped whole (a name that never comes
 * back must not keep its mailbox for good).
 */
final class MailboxContents implements IdentifiedDataSerializable {

  static final int CLASS_ID = 2;

  private final LinkedHashMap<String, byte[]> items = new LinkedHashMap<>();
  private long newestAppendAt;

  /**
   * Appends unless the key is there already (an append retried after a lost answer must not duplicate);
   * {@code now} is the appender's clock, the same on the owner and the backup.
   */
  boolean append(String key, byte[] payload, long now) {
    boolean added = items.putIfAbsent(key, payload) == null;
    if (added) {
      newestAppendAt = Math.max(newestAppendAt, now);
    }
    return added;
  }

  /** How long from {@code now} until every item is older than {@code retainMs}; 0 or less: already. */
  long retainedFor(long retainMs, long now) {
    return newestAppendAt + retainMs - now;
  }

  boolean remove(String key) {
    return items.remove(key) != null;
  }

  boolean isEmpty() {
    return items.isEmpty();
  }

  int size() {
    return items.size();
  }

  /** A mailbox of its own with the same items: what a read hands out of the partition's thread. */
  MailboxContents copy() {
    MailboxContents copy = new MailboxContents();
    copy.items.putAll(items);
    copy.newestAppendAt = newestAppendAt;
    return copy;
  }

  /** The items, oldest first. */
  List<Mailboxes.Item> items() {
    List<Mailboxes.Item> snapshot = new ArrayList<>(items.size());
    items.forEach((key, payload) -> snapshot.add(new Mailboxes.Item(key, payload)));
    return snapshot;
  }

  @Override
  public int getFactoryId() {
    return HazelcastMailboxes.FACTORY_ID;
  }

  @Override
  public int getClassId() {
    return CLASS_ID;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeLong(newestAppendAt);
    out.writeInt(items.size());
    for (var item : items.entrySet()) {
      out.writeString(item.getKey());
      out.writeByteArray(item.getValue());
    }
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    newestAppendAt = in.readLong();
    int count = in.readInt();
    for (int i = 0; i < count; i++) {
      items.put(in.readString(), in.readByteArray());
    }
  }
}
