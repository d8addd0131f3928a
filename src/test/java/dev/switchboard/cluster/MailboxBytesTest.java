package dev.switchboard.cluster;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The clustered mailbox's stored form: FIFO items, removal by key anywhere, empty means gone. */
class MailboxBytesTest {

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> keys(byte[] mailbox) {
    return MailboxBytes.items(mailbox).stream().map(Mailboxes.Item::key).toList();
  }

  @Test
  void itemsKeepTheirOrderAndPayloads() {
    byte[] box = MailboxBytes.append(null, "a", bytes("1"));
    box = MailboxBytes.append(box, "b\u00f6", new byte[0]);
    box = MailboxBytes.append(box, "c", bytes("\n\t3"));
    assertEquals(List.of("a", "b\u00f6", "c"), keys(box));
    assertArrayEquals(bytes("\n\t3"), MailboxBytes.items(box).get(2).payload());
    assertArrayEquals(new byte[0], MailboxBytes.items(box).get(1).payload());
  }

  @Test
  void removeTakesOutOneItemAnywhereAndEmptyIsNull() {
    byte[] box = MailboxBytes.append(MailboxBytes.append(MailboxBytes.append(null, "a", bytes("1")), "ab", bytes("2")), "b", bytes("3"));
    assertSame(box, MailboxBytes.remove(box, "x"));
    assertSame(box, MailboxBytes.remove(box, "a\u0000"));
    byte[] withoutMiddle = MailboxBytes.remove(box, "ab");
    assertEquals(List.of("a", "b"), keys(withoutMiddle));
    assertEquals(List.of("b"), keys(MailboxBytes.remove(withoutMiddle, "a")));
    assertEquals(List.of("a"), keys(MailboxBytes.remove(withoutMiddle, "b")));
    assertNull(MailboxBytes.remove(MailboxBytes.remove(withoutMiddle, "a"), "b"));
    assertNull(MailboxBytes.remove(null, "a"));
    assertTrue(MailboxBytes.items(null).isEmpty());
  }

  @Test
  void aBatchOfChangesAppliesInOrderAndSaysWhatTookEffect() {
    Map.Entry<String, byte[]> entry = new AbstractMap.SimpleEntry<>("bob", null);
    boolean[] applied = new HazelcastMailboxes.Changes(new String[]{"a", "b", "a", "x"},
      new byte[][]{bytes("1"), bytes("2"), null, null}).process(entry);
    assertArrayEquals(new boolean[]{true, true, true, false}, applied);
    assertEquals(List.of("b"), keys(entry.getValue()));
    new HazelcastMailboxes.Changes(new String[]{"b"}, new byte[][]{null}).process(entry);
    assertNull(entry.getValue());
  }
}
