package dev.switchboard.dialect.socketio.engineio;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The two polling payload formats of Engine.IO revision 3 (README of the v3 branch, "Payload"; the reference is
 * engine.io-parser 2.2.x, vendored in the engine.io server as {@code lib/parser-v3}). Used by {@link EngineIoCodec}.
 */
final class EngineIoV3Payload {

  private static final int STRING_ENTRY = 0;
  private static final int BINARY_ENTRY = 1;
  private static final int LENGTH_END = 0xff;
  /** No packet length needs more digits; JavaScript's Number would lose precision past 2^53 anyway. */
  private static final int MAX_LENGTH_DIGITS = 15;

  private EngineIoV3Payload() {
  }

  /** {@code <length>:<packet>} per packet; the length counts UTF-16 code units, as JavaScript's String.length. */
  static String encodeText(List<EngineIoPacket> packets) {
    if (packets.isEmpty()) {
      return "0:";
    }
    StringBuilder payload = new StringBuilder();
    for (EngineIoPacket packet : packets) {
      String encoded = EngineIoCodec.encodeText(packet, EngineIoVersion.V3);
      payload.append(encoded.length()).append(':').append(encoded);
    }
    return payload.toString();
  }

  /**
   * Reads {@code <length>:<packet>...}. A zero length is skipped (the reference does: {@code 0:} is how an empty
   * batch is written). A length that runs past the end, a missing colon, or an empty payload is invalid.
   */
  static List<EngineIoPacket> decodeText(String payload) {
    if (payload.isEmpty()) {
      throw new InvalidEngineIoPacketException("empty payload");
    }
    List<EngineIoPacket> packets = new ArrayList<>();
    int position = 0;
    while (position < payload.length()) {
      int colon = payload.indexOf(':', position);
      if (colon < 0) {
        throw new InvalidEngineIoPacketException("a packet length is not followed by ':'", packets);
      }
      long length = parseLength(payload, position, colon, packets);
      int start = colon + 1;
      if (length > payload.length() - start) {
        throw new InvalidEngineIoPacketException("a packet length runs past the end of the payload", packets);
      }
      int end = start + (int) length;
      if (end > start) {
        try {
          packets.add(EngineIoCodec.decodeText(payload.substring(start, end), EngineIoVersion.V3));
        } catch (InvalidEngineIoPacketException e) {
          throw e.after(packets);
        }
      }
      position = end;
    }
    return packets;
  }

  private static long parseLength(String payload, int from, int to, List<EngineIoPacket> before) {
    if (to == from || to - from > MAX_LENGTH_DIGITS) {
      throw new InvalidEngineIoPacketException("bad packet length '" + payload.substring(from, to) + "'", before);
    }
    long length = 0;
    for (int i = from; i < to; i++) {
      char c = payload.charAt(i);
      if (c < '0' || c > '9') {
        throw new InvalidEngineIoPacketException("bad packet length '" + payload.substring(from, to) + "'", before);
      }
      length = length * 10 + (c - '0');
    }
    return length;
  }

  /**
   * The XHR2 form: per packet {@code 0|1}, the length one decimal digit per byte, {@code 255}, then the UTF-8 text
   * (length in bytes) or the type byte 4 and the data (length counts the type byte).
   */
  static byte[] encodeBinary(List<EngineIoPacket> packets) {
    ByteArrayOutputStream payload = new ByteArrayOutputStream();
    for (EngineIoPacket packet : packets) {
      byte[] body;
      if (packet.isBinary()) {
        payload.write(BINARY_ENTRY);
        body = new byte[packet.binary().length + 1];
        body[0] = (byte) (packet.type().code() - '0');
        System.arraycopy(packet.binary(), 0, body, 1, packet.binary().length);
      } else {
        payload.write(STRING_ENTRY);
        body = EngineIoCodec.encodeText(packet, EngineIoVersion.V3).getBytes(StandardCharsets.UTF_8);
      }
      String length = Integer.toString(body.length);
      for (int i = 0; i < length.length(); i++) {
        payload.write(length.charAt(i) - '0');
      }
      payload.write(LENGTH_END);
      payload.writeBytes(body);
    }
    return payload.toByteArray();
  }

  /** Reads the XHR2 form; text entries must be valid UTF-8, binary entries must be MESSAGEs (type byte 4). */
  static List<EngineIoPacket> decodeBinary(byte[] payload) {
    if (payload.length == 0) {
      throw new InvalidEngineIoPacketException("empty payload");
    }
    List<EngineIoPacket> packets = new ArrayList<>();
    int position = 0;
    while (position < payload.length) {
      int kind = payload[position] & 0xff;
      if (kind != STRING_ENTRY && kind != BINARY_ENTRY) {
        throw new InvalidEngineIoPacketException("a binary payload entry must start with 0 or 1, not " + kind, packets);
      }
      position++;
      long length = 0;
      int digits = 0;
      while (true) {
        if (position >= payload.length) {
          throw new InvalidEngineIoPacketException("a binary payload ends inside a length", packets);
        }
        int digit = payload[position++] & 0xff;
        if (digit == LENGTH_END) {
          break;
        }
        if (digit > 9 || ++digits > MAX_LENGTH_DIGITS) {
          throw new InvalidEngineIoPacketException("bad length in a binary payload", packets);
        }
        length = length * 10 + digit;
      }
      if (digits == 0 || length == 0 || length > payload.length - position) {
        throw new InvalidEngineIoPacketException("bad length in a binary payload", packets);
      }
      int end = position + (int) length;
      try {
        packets.add(kind == STRING_ENTRY
          ? EngineIoCodec.decodeText(strictUtf8(payload, position, end), EngineIoVersion.V3)
          : EngineIoCodec.decodeWebSocketBinary(Arrays.copyOfRange(payload, position, end), EngineIoVersion.V3));
      } catch (InvalidEngineIoPacketException e) {
        throw e.after(packets);
      }
      position = end;
    }
    return packets;
  }

  private static String strictUtf8(byte[] bytes, int from, int to) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(bytes, from, to - from))
        .toString();
    } catch (CharacterCodingException e) {
      // The reference's utf8.decode fails the same way ("parser error").
      throw new InvalidEngineIoPacketException("a text entry of a binary payload is not UTF-8");
    }
  }
}
