package dev.switchboard.cluster;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The stored form of a clustered mailbox: its items back to back, each {@code key length, key (UTF-8),
 * payload length, payload}, oldest first. Payloads are opaque bytes, so nothing is escaped or parsed on a change.
 * Pure functions; the map's entry processors run them on the partition owner and its backup.
 */
final class MailboxBytes {

  private MailboxBytes() {
  }

  /** The mailbox with the item appended (a new array; {@code mailbox} may be {@code null}). */
  static byte[] append(byte[] mailbox, String key, byte[] payload) {
    byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
    int before = mailbox == null ? 0 : mailbox.length;
    ByteBuffer out = ByteBuffer.allocate(before + 8 + keyBytes.length + payload.length);
    if (mailbox != null) {
      out.put(mailbox);
    }
    out.putInt(keyBytes.length).put(keyBytes).putInt(payload.length).put(payload);
    return out.array();
  }

  static List<Mailboxes.Item> items(byte[] mailbox) {
    List<Mailboxes.Item> items = new ArrayList<>();
    if (mailbox == null) {
      return items;
    }
    ByteBuffer in = ByteBuffer.wrap(mailbox);
    while (in.hasRemaining()) {
      int keyLength = in.getInt();
      String key = new String(mailbox, in.position(), keyLength, StandardCharsets.UTF_8);
      in.position(in.position() + keyLength);
      int payloadLength = in.getInt();
      items.add(new Mailboxes.Item(key, Arrays.copyOfRange(mailbox, in.position(), in.position() + payloadLength)));
      in.position(in.position() + payloadLength);
    }
    return items;
  }

  /** The mailbox without the item of {@code key}; the same array when there is none; {@code null} when empty. */
  static byte[] remove(byte[] mailbox, String key) {
    if (mailbox == null) {
      return null;
    }
    byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
    ByteBuffer in = ByteBuffer.wrap(mailbox);
    while (in.hasRemaining()) {
      int start = in.position();
      int keyLength = in.getInt();
      boolean match = keyLength == keyBytes.length
        && Arrays.equals(mailbox, start + 4, start + 4 + keyLength, keyBytes, 0, keyLength);
      in.position(start + 4 + keyLength);
      int end = in.position() + 4 + in.getInt();
      in.position(end);
      if (match) {
        if (end - start == mailbox.length) {
          return null;
        }
        byte[] rest = new byte[mailbox.length - (end - start)];
        System.arraycopy(mailbox, 0, rest, 0, start);
        System.arraycopy(mailbox, end, rest, start, mailbox.length - end);
        return rest;
      }
    }
    return mailbox;
  }
}
