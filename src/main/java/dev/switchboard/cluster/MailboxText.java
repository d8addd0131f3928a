package dev.switchboard.cluster;

import java.util.ArrayList;
import java.util.List;

/**
 * The stored form of a mailbox: one line per item, {@code key TAB payload}. Keys and payloads must not hold
 * line breaks or tabs in the key (callers store single-line JSON). Pure functions shared by both stores.
 */
final class MailboxText {

  private MailboxText() {
  }

  static String append(String mailbox, String key, String payload) {
    String line = key + '\t' + payload;
    return mailbox == null || mailbox.isEmpty() ? line : mailbox + '\n' + line;
  }

  static List<Mailboxes.Item> items(String mailbox) {
    List<Mailboxes.Item> items = new ArrayList<>();
    if (mailbox == null || mailbox.isEmpty()) {
      return items;
    }
    int start = 0;
    while (start <= mailbox.length()) {
      int end = mailbox.indexOf('\n', start);
      if (end < 0) {
        end = mailbox.length();
      }
      int tab = mailbox.indexOf('\t', start);
      if (tab > start && tab < end) {
        items.add(new Mailboxes.Item(mailbox.substring(start, tab), mailbox.substring(tab + 1, end)));
      }
      start = end + 1;
    }
    return items;
  }

  /** The mailbox without the item of {@code key}, or the same string when there is none; null when empty. */
  static String remove(String mailbox, String key) {
    if (mailbox == null) {
      return null;
    }
    String prefix = key + '\t';
    int start = 0;
    while (start < mailbox.length()) {
      int end = mailbox.indexOf('\n', start);
      if (end < 0) {
        end = mailbox.length();
      }
      if (mailbox.startsWith(prefix, start)) {
        String before = start == 0 ? "" : mailbox.substring(0, start - 1);
        String after = end >= mailbox.length() ? "" : mailbox.substring(end + 1);
        String joined = before.isEmpty() ? after : after.isEmpty() ? before : before + '\n' + after;
        return joined.isEmpty() ? null : joined;
      }
      start = end + 1;
    }
    return mailbox;
  }
}
