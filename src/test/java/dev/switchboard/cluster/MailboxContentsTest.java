package dev.switchboard.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.internal.serialization.Data;
import com.hazelcast.internal.serialization.InternalSerializationService;
import com.hazelcast.internal.serialization.impl.DefaultSerializationServiceBuilder;
import com.hazelcast.map.ExtendedMapEntry;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** The clustered mailbox's stored form and its processors: FIFO items, removal by key anywhere, empty means gone. */
class MailboxContentsTest {

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static final long DAY = 86_400_000L;

  /** Changes at time 1000 of items that live a day. */
  private static HazelcastMailboxes.Changes changes(String[] keys, byte[][] payloads) {
    return new HazelcastMailboxes.Changes(keys, payloads, 1000, DAY);
  }

  /** Hazelcast's serialization as a member configures it (with the mailbox factory registered). */
  private static InternalSerializationService serialization() {
    Config config = ClusterSetup.config(new ClusterSettings(null, List.of(), null, null, null));
    return new DefaultSerializationServiceBuilder().setConfig(config.getSerializationConfig()).build();
  }

  private static List<String> keys(MailboxContents mailbox) {
    return mailbox.items().stream().map(Mailboxes.Item::key).toList();
  }

  @Test
  void itemsKeepTheirOrderAndPayloadsAndAKeyIsAppendedOnce() {
    MailboxContents box = new MailboxContents();
    assertTrue(box.append("a", bytes("1"), 1));
    assertTrue(box.append("b\u00f6", new byte[0], 1));
    assertTrue(box.append("c", bytes("\n\t3"), 1));
    assertFalse(box.append("a", bytes("again"), 1));
    assertEquals(List.of("a", "b\u00f6", "c"), keys(box));
    assertArrayEquals(bytes("1"), box.items().get(0).payload());
    assertArrayEquals(new byte[0], box.items().get(1).payload());
  }

  @Test
  void removeTakesOutOneItemAnywhere() {
    MailboxContents box = new MailboxContents();
    box.append("a", bytes("1"), 1);
    box.append("ab", bytes("2"), 1);
    box.append("b", bytes("3"), 1);
    assertFalse(box.remove("x"));
    assertTrue(box.remove("ab"));
    assertEquals(List.of("a", "b"), keys(box));
    assertTrue(box.remove("b"));
    assertTrue(box.remove("a"));
    assertTrue(box.isEmpty());
  }

  @Test
  void aBatchOfChangesAppliesInOrderSaysWhatTookEffectAndAnEmptiedMailboxIsDeleted() {
    Map.Entry<String, MailboxContents> entry = new AbstractMap.SimpleEntry<>("bob", null);
    int[] applied = changes(new String[]{"a", "b", "a", "x"}, new byte[][]{bytes("1"), bytes("2"), null, null})
      .process(entry);
    assertArrayEquals(new int[]{1, 1, 1, 0, 0}, applied, "what took effect, then no expired item dropped");
    assertEquals(List.of("b"), keys(entry.getValue()));
    changes(new String[]{"b"}, new byte[][]{null}).process(entry);
    assertNull(entry.getValue());
  }

  @Test
  void aReadIsACopyThatLaterChangesDoNotTouch() {
    Map.Entry<String, MailboxContents> entry = new AbstractMap.SimpleEntry<>("bob", null);
    assertNull(new HazelcastMailboxes.Read().process(entry));
    changes(new String[]{"a", "b"}, new byte[][]{bytes("1"), bytes("2")}).process(entry);
    MailboxContents read = new HazelcastMailboxes.Read().process(entry);
    changes(new String[]{"a", "c"}, new byte[][]{null, bytes("3")}).process(entry);
    assertEquals(List.of("a", "b"), keys(read));
    assertEquals(List.of("b", "c"), keys(entry.getValue()));
    assertNull(new HazelcastMailboxes.Read().getBackupProcessor(), "a read is not replayed on the backup");
  }

  @Test
  void mailboxesAndProcessorsSurviveHazelcastSerializationThroughTheRegisteredFactory() {
    InternalSerializationService serialization = serialization();
    MailboxContents box = new MailboxContents();
    box.append("m1", bytes("first"), 1);
    box.append("m2", new byte[]{0, -1, 7}, 1);
    Data data = serialization.toData(box);
    MailboxContents back = serialization.toObject(data);
    assertEquals(List.of("m1", "m2"), keys(back));
    assertArrayEquals(new byte[]{0, -1, 7}, back.items().get(1).payload());

    Map.Entry<String, MailboxContents> entry = new AbstractMap.SimpleEntry<>("bob", back);
    HazelcastMailboxes.Changes changes = serialization.toObject(serialization.toData(
      changes(new String[]{"m1", "m3"}, new byte[][]{null, bytes("third")})));
    assertArrayEquals(new int[]{1, 1, 0}, changes.process(entry));
    assertEquals(List.of("m2", "m3"), keys(entry.getValue()));
    HazelcastMailboxes.Read read = serialization.toObject(serialization.toData(new HazelcastMailboxes.Read()));
    assertEquals(List.of("m2", "m3"), keys(read.process(entry)));
  }

  @Test
  void aMailboxLivesAsLongAsItsNewestItemAndIsDroppedWholeAfter() {
    TtlEntry entry = new TtlEntry();
    new HazelcastMailboxes.Changes(new String[]{"a"}, new byte[][]{bytes("1")}, 1000, 500).process(entry);
    assertEquals(2_500, entry.ttlMs, "a's lifetime, and 2 s for Hazelcast's whole seconds");
    new HazelcastMailboxes.Changes(new String[]{"b"}, new byte[][]{bytes("2")}, 1300, 500).process(entry);
    assertEquals(2_500, entry.ttlMs, "b's lifetime, from its append");
    new HazelcastMailboxes.Changes(new String[]{"a"}, new byte[][]{null}, 1600, 500).process(entry);
    assertEquals(2_200, entry.ttlMs, "an acknowledgement keeps what is left of b's lifetime");
    assertEquals(List.of("b"), keys(entry.getValue()));
    int[] applied = new HazelcastMailboxes.Changes(new String[]{"x"}, new byte[][]{null}, 1800, 500)
      .process(entry);
    assertArrayEquals(new int[]{0, 1}, applied, "x was not there; b was dropped expired, for the sender to count");
    assertNull(entry.getValue(), "every item has outlived its lifetime: the mailbox is gone");
  }

  @Test
  void theNewestAppendTimeSurvivesSerialization() {
    InternalSerializationService serialization = serialization();
    MailboxContents box = new MailboxContents();
    box.append("m1", bytes("first"), 5_000);
    MailboxContents back = serialization.toObject(serialization.toData(box));
    assertEquals(box.retainedFor(1_000, 5_200), back.retainedFor(1_000, 5_200));
    assertEquals(800, back.retainedFor(1_000, 5_200));
  }

  /** An entry as Hazelcast hands it to a processor, recording the time to live it is given. */
  private static final class TtlEntry extends AbstractMap.SimpleEntry<String, MailboxContents>
    implements ExtendedMapEntry<String, MailboxContents> {
    long ttlMs = -1;

    TtlEntry() {
      super("bob", null);
    }

    @Override
    public MailboxContents setValue(MailboxContents value, long ttl, TimeUnit unit) {
      ttlMs = unit.toMillis(ttl);
      return setValue(value);
    }

    @Override
    public MailboxContents setValueWithoutChangingExpiryTime(MailboxContents value) {
      return setValue(value);
    }
  }
}
