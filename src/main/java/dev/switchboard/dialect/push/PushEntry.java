package dev.switchboard.dialect.push;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One message waiting in a name's mailbox: the MESSAGE packet exactly as the recipient will receive it (UTF-8
 * bytes, never changed once built), when it was accepted, when it expires, and the connection to tell about its
 * status (the WebSocket sender), if any. Stored and sent between instances in a compact binary form
 * ({@link #encode}): the packet's bytes go in as they are, nothing is escaped or parsed.
 */
record PushEntry(String mid, String recipient, byte[] packet, long acceptedAt, long expiresAt, String replyTo) {

  private static final byte VERSION = 1;

  byte[] encode() {
    byte[] midBytes = utf8(mid);
    byte[] recipientBytes = utf8(recipient);
    byte[] replyBytes = utf8(replyTo);
    ByteBuffer out = ByteBuffer.allocate(1 + 16 + 16 + midBytes.length + recipientBytes.length
      + (replyBytes == null ? 0 : replyBytes.length) + packet.length);
    out.put(VERSION).putLong(acceptedAt).putLong(expiresAt);
    putBytes(out, midBytes);
    putBytes(out, recipientBytes);
    putBytes(out, replyBytes);
    putBytes(out, packet);
    return out.array();
  }

  static PushEntry decode(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    byte version = in.get();
    if (version != VERSION) {
      throw new IllegalStateException("push entry version " + version + " is not supported");
    }
    long acceptedAt = in.getLong();
    long expiresAt = in.getLong();
    String mid = string(in);
    String recipient = string(in);
    String replyTo = string(in);
    return new PushEntry(mid, recipient, bytes(in), acceptedAt, expiresAt, replyTo);
  }

  boolean isExpired(long now) {
    return expiresAt <= now;
  }

  private static byte[] utf8(String text) {
    return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
  }

  private static void putBytes(ByteBuffer out, byte[] bytes) {
    if (bytes == null) {
      out.putInt(-1);
    } else {
      out.putInt(bytes.length).put(bytes);
    }
  }

  private static byte[] bytes(ByteBuffer in) {
    int length = in.getInt();
    if (length < 0) {
      return null;
    }
    byte[] bytes = new byte[length];
    in.get(bytes);
    return bytes;
  }

  private static String string(ByteBuffer in) {
    byte[] bytes = bytes(in);
    return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
  }
}
