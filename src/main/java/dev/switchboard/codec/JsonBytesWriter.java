package dev.switchboard.codec;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes a JSON object straight to UTF-8 bytes, splicing in raw JSON values (payloads) without parsing
 * or re-encoding them. Dialect codecs use it to build outbound frames with one allocation per frame.
 * Not thread-safe; a writer builds one frame.
 */
public final class JsonBytesWriter {

  private static final JsonStringEncoder ENCODER = JsonStringEncoder.getInstance();
  private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);

  private byte[] bytes;
  private int length;
  private boolean firstField = true;

  public JsonBytesWriter(int expectedLength) {
    bytes = new byte[Math.max(expectedLength, 32)];
  }

  public static JsonBytesWriter object(int expectedLength) {
    JsonBytesWriter writer = new JsonBytesWriter(expectedLength);
    writer.appendByte('{');
    return writer;
  }

  public JsonBytesWriter stringField(String name, String value) {
    fieldName(name);
    if (value == null) {
      appendBytes(NULL, 0, NULL.length);
    } else {
      appendString(value);
    }
    return this;
  }

  public JsonBytesWriter numberField(String name, long value) {
    fieldName(name);
    appendAscii(Long.toString(value));
    return this;
  }

  /** A field whose value is already JSON text (bytes {@code from} to {@code to} of {@code source}). */
  public JsonBytesWriter rawField(String name, byte[] source, int from, int to) {
    fieldName(name);
    appendBytes(source, from, to);
    return this;
  }

  public JsonBytesWriter rawField(String name, byte[] json) {
    return rawField(name, json, 0, json.length);
  }

  /** A field whose value is already JSON text, written as UTF-8 without an intermediate array when it is ASCII. */
  public JsonBytesWriter rawField(String name, String json) {
    fieldName(name);
    int count = json.length();
    ensure(count);
    for (int i = 0; i < count; i++) {
      char c = json.charAt(i);
      if (c >= 0x80) {
        byte[] encoded = json.substring(i).getBytes(StandardCharsets.UTF_8);
        appendBytes(encoded, 0, encoded.length);
        return this;
      }
      bytes[length++] = (byte) c;
    }
    return this;
  }

  /** Opens a nested object as the value of {@code name}; its fields follow, then {@link #endObject}. */
  public JsonBytesWriter beginObject(String name) {
    fieldName(name);
    appendByte('{');
    firstField = true;
    return this;
  }

  /** Closes the innermost nested object opened by {@link #beginObject}. */
  public JsonBytesWriter endObject() {
    appendByte('}');
    firstField = false;
    return this;
  }

  /**
   * Closes the object and returns exactly the bytes written, as a buffer: one copy, where {@link #finish} and
   * {@code Buffer.buffer(byte[])} make two.
   */
  public Buffer finishBuffer() {
    appendByte('}');
    return Buffer.buffer(length).appendBytes(bytes, 0, length);
  }

  /** Closes the object and returns exactly the bytes written. */
  public byte[] finish() {
    appendByte('}');
    return length == bytes.length ? bytes : Arrays.copyOf(bytes, length);
  }

  private void fieldName(String name) {
    if (!firstField) {
      appendByte(',');
    }
    firstField = false;
    appendString(name);
    appendByte(':');
  }

  private void appendString(String value) {
    int count = value.length();
    ensure(count + 2);
    bytes[length] = '"';
    // Names, ids and statuses are plain ASCII: copy them as they are; anything else goes through Jackson's escaping.
    for (int i = 0; i < count; i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
        byte[] encoded = ENCODER.quoteAsUTF8(value);
        appendByte('"');
        appendBytes(encoded, 0, encoded.length);
        appendByte('"');
        return;
      }
      bytes[length + 1 + i] = (byte) c;
    }
    bytes[length + 1 + count] = '"';
    length += count + 2;
  }

  private void appendAscii(String text) {
    ensure(text.length());
    for (int i = 0; i < text.length(); i++) {
      bytes[length++] = (byte) text.charAt(i);
    }
  }

  private void appendByte(char c) {
    ensure(1);
    bytes[length++] = (byte) c;
  }

  private void appendBytes(byte[] source, int from, int to) {
    int count = to - from;
    ensure(count);
    System.arraycopy(source, from, bytes, length, count);
    length += count;
  }

  private void ensure(int more) {
    if (length + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
    }
  }
}
