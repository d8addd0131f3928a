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
 * Only touched on the partition's thread.
 */
final class MailboxContents implements IdentifiedDataSerializable {

  static final int CLASS_ID = 2;

  private final LinkedHashMap<String, byte[]> items = new LinkedHashMap<>();

  /** Appends unless the key is there already (an append retried after a lost answer must not duplicate). */
  boolean append(String key, byte[] payload) {
    return items.putIfAbsent(key, payload) == null;
  }

  boolean remove(String key) {
    return items.remove(key) != null;
  }

  boolean isEmpty() {
    return items.isEmpty();
  }

  /** A mailbox of its own with the same items: what a read hands out of the partition's thread. */
  MailboxContents copy() {
    MailboxContents copy = new MailboxContents();
    copy.items.putAll(items);
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
    out.writeInt(items.size());
    for (var item : items.entrySet()) {
      out.writeString(item.getKey());
      out.writeByteArray(item.getValue());
    }
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    int count = in.readInt();
    for (int i = 0; i < count; i++) {
      items.put(in.readString(), in.readByteArray());
    }
  }
}
