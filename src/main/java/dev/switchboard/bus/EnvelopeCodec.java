package dev.switchboard.bus;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Carries {@link Envelope}s on the event bus: passed as is inside one node (it is immutable), and in a
 * compact length-prefixed binary form between nodes, so a payload crosses the network as the bytes it is.
 * Registered as the default codec for {@code Envelope} on every node by {@code MainVerticle}.
 */
public final class EnvelopeCodec implements MessageCodec<Envelope, Envelope> {

  public static final String NAME = "switchboard-envelope";
  private static final byte VERSION = 1;
  private static final Envelope.Kind[] KINDS = Envelope.Kind.values();
  private static final Envelope.TargetKind[] TARGET_KINDS = Envelope.TargetKind.values();

  @Override
  public void encodeToWire(Buffer buffer, Envelope envelope) {
    int start = buffer.length();
    buffer.appendInt(0);
    buffer.appendByte(VERSION);
    writeString(buffer, envelope.id());
    buffer.appendByte((byte) envelope.kind().ordinal());
    writeString(buffer, envelope.dialect());
    writeString(buffer, envelope.source());
    buffer.appendByte((byte) envelope.target().kind().ordinal());
    writeString(buffer, envelope.target().key());
    writeString(buffer, envelope.name());
    if (envelope.payload() == null) {
      buffer.appendInt(-1);
    } else {
      buffer.appendInt(envelope.payload().length());
      buffer.appendBuffer(envelope.payload());
    }
    buffer.appendShort((short) envelope.attributes().size());
    for (Map.Entry<String, String> attribute : envelope.attributes().entrySet()) {
      writeString(buffer, attribute.getKey());
      writeString(buffer, attribute.getValue());
    }
    buffer.appendLong(envelope.createdAt());
    buffer.appendInt(envelope.attempt());
    buffer.setInt(start, buffer.length() - start - 4);
  }

  @Override
  public Envelope decodeFromWire(int position, Buffer buffer) {
    Reader in = new Reader(buffer, position + 4);
    byte version = buffer.getByte(in.position++);
    if (version != VERSION) {
      throw new IllegalStateException("envelope wire version " + version + " is not supported");
    }
    String id = in.string();
    Envelope.Kind kind = KINDS[in.readByte()];
    String dialect = in.string();
    String source = in.string();
    Envelope.TargetKind targetKind = TARGET_KINDS[in.readByte()];
    String targetKey = in.string();
    String name = in.string();
    int payloadLength = in.readInt();
    Buffer payload = null;
    if (payloadLength >= 0) {
      payload = buffer.getBuffer(in.position, in.position + payloadLength);
      in.position += payloadLength;
    }
    int attributeCount = buffer.getShort(in.position);
    in.position += 2;
    Map<String, String> attributes = attributeCount == 0 ? Map.of() : new HashMap<>(attributeCount * 2);
    for (int i = 0; i < attributeCount; i++) {
      attributes.put(in.string(), in.string());
    }
    long createdAt = buffer.getLong(in.position);
    in.position += 8;
    int attempt = in.readInt();
    return new Envelope(id, kind, dialect, source, new Envelope.Target(targetKind, targetKey), name, payload,
      attributes, createdAt, attempt);
  }

  @Override
  public Envelope transform(Envelope envelope) {
    return envelope;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }

  private static void writeString(Buffer buffer, String value) {
    if (value == null) {
      buffer.appendInt(-1);
      return;
    }
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    buffer.appendInt(bytes.length);
    buffer.appendBytes(bytes);
  }

  private static final class Reader {
    private final Buffer buffer;
    private int position;

    Reader(Buffer buffer, int position) {
      this.buffer = buffer;
      this.position = position;
    }

    byte readByte() {
      return buffer.getByte(position++);
    }

    int readInt() {
      int value = buffer.getInt(position);
      position += 4;
      return value;
    }

    String string() {
      int length = readInt();
      if (length < 0) {
        return null;
      }
      String value = buffer.getString(position, position + length, "UTF-8");
      position += length;
      return value;
    }
  }
}
