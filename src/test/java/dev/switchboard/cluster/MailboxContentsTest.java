package dev.switchboard.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.internal.serialization.Data;
import com.hazelcast.internal.serialization.InternalSerializationService;
import com.hazelcast.internal.serialization.impl.DefaultSerializationServiceBuilder;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The clustered mailbox's stored form and its processors: FIFO items, removal by key anywhere, empty means gone. */
class MailboxContentsTest {

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> keys(MailboxContents mailbox) {
    return mailbox.items().stream().map(Mailboxes.Item::key).toList();
  }

  @Test
  void itemsKeepTheirOrderAndPayloadsAndAKeyIsAppendedOnce() {
    MailboxContents box = new MailboxContents();
    assertTrue(box.append("a", bytes("1")));
    assertTrue(box.append("b\u00f6", new byte[0]));
    assertTrue(box.append("c", bytes("\n\t3")));
    assertFalse(box.append("a", bytes("again")));
    assertEquals(List.of("a", "b\u00f6", "c"), keys(box));
    assertArrayEquals(bytes("1"), box.items().get(0).payload());
    assertArrayEquals(new byte[0], box.items().get(1).payload());
  }

  @Test
  void removeTakesOutOneItemAnywhere() {
    MailboxContents box = new MailboxContents();
    box.append("a", bytes("1"));
    box.append("ab", bytes("2"));
    box.append("b", bytes("3"));
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
    boolean[] applied = new HazelcastMailboxes.Changes(new String[]{"a", "b", "a", "x"},
      new byte[][]{bytes("1"), bytes("2"), null, null}).process(entry);
    assertArrayEquals(new boolean[]{true, true, true, false}, applied);
    assertEquals(List.of("b"), keys(entry.getValue()));
    new HazelcastMailboxes.Changes(new String[]{"b"}, new byte[][]{null}).process(entry);
    assertNull(entry.getValue());
  }

  @Test
  void aReadIsACopyThatLaterChangesDoNotTouch() {
    Map.Entry<String, MailboxContents> entry = new AbstractMap.SimpleEntry<>("bob", null);
    assertNull(new HazelcastMailboxes.Read().process(entry));
    new HazelcastMailboxes.Changes(new String[]{"a", "b"}, new byte[][]{bytes("1"), bytes("2")}).process(entry);
    MailboxContents read = new HazelcastMailboxes.Read().process(entry);
    new HazelcastMailboxes.Changes(new String[]{"a", "c"}, new byte[][]{null, bytes("3")}).process(entry);
    assertEquals(List.of("a", "b"), keys(read));
    assertEquals(List.of("b", "c"), keys(entry.getValue()));
    assertNull(new HazelcastMailboxes.Read().getBackupProcessor(), "a read is not replayed on the backup");
  }

  @Test
  void mailboxesAndProcessorsSurviveHazelcastSerializationThroughTheRegisteredFactory() {
    Config config = ClusterSetup.config(new ClusterSettings(null, List.of(), null, null, null));
    InternalSerializationService serialization = new DefaultSerializationServiceBuilder()
      .setConfig(config.getSerializationConfig()).build();
    MailboxContents box = new MailboxContents();
    box.append("m1", bytes("first"));
    box.append("m2", new byte[]{0, -1, 7});
    Data data = serialization.toData(box);
    MailboxContents back = serialization.toObject(data);
    assertEquals(List.of("m1", "m2"), keys(back));
    assertArrayEquals(new byte[]{0, -1, 7}, back.items().get(1).payload());

    Map.Entry<String, MailboxContents> entry = new AbstractMap.SimpleEntry<>("bob", back);
    HazelcastMailboxes.Changes changes = serialization.toObject(serialization.toData(
      new HazelcastMailboxes.Changes(new String[]{"m1", "m3"}, new byte[][]{null, bytes("third")})));
    assertArrayEquals(new boolean[]{true, true}, changes.process(entry));
    assertEquals(List.of("m2", "m3"), keys(entry.getValue()));
    HazelcastMailboxes.Read read = serialization.toObject(serialization.toData(new HazelcastMailboxes.Read()));
    assertEquals(List.of("m2", "m3"), keys(read.process(entry)));
  }
}
