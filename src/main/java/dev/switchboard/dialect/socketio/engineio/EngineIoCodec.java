package dev.switchboard.dialect.socketio.engineio;

import dev.switchboard.dialect.socketio.engineio.EngineIoPacket.Type;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * The Engine.IO wire formats, both revisions, both ways: single packets as WebSocket frames and packet batches as
 * HTTP long-polling bodies. Pure and stateless; the transports of the networking layer call it and turn
 * {@link InvalidEngineIoPacketException} into HTTP 400 (polling) or a closed socket (WebSocket).
 *
 * <p>What follows which text:
 * <ul>
 *   <li>A text packet is its type digit followed by its data (v4 README "Packet encoding"; v3 README "Packet").</li>
 *   <li>v4 WebSocket: binary MESSAGE data is the whole binary frame. v3 WebSocket: the binary frame starts with
 *       the type byte {@code 0x04} (v3 README "Packet": {@code 4|0|1|2|3|4|5}).</li>
 *   <li>v4 polling: packets joined by {@code \x1e}; binary MESSAGEs as {@code b<base64>}; an
 *       {@code application/octet-stream} body is refused, as the reference server does.</li>
 *   <li>v3 polling, text: {@code <length>:<packet>} repeated, where length counts UTF-16 code units (JavaScript's
 *       {@code String.length}, which is what Java's {@link String#length()} counts too); binary MESSAGEs as
 *       {@code b4<base64>}; no packets is {@code 0:}.</li>
 *   <li>v3 polling, binary ({@code application/octet-stream}, what XHR2 clients send once a batch holds binary
 *       data): per packet a byte 0 (text) or 1 (binary), the length as one byte per decimal digit, 255, then the
 *       UTF-8 text or the type byte 4 and the data; text lengths count UTF-8 bytes here (v3 README "Payload",
 *       engine.io-parser 2.2.x {@code encodePayloadAsBinary}).</li>
 * </ul>
 *
 * <p>Stricter than the reference where the reference is lax only by accident of JavaScript: lengths must be ASCII
 * digits, base64 must use the standard or URL-safe alphabet (padding optional), binary data only on MESSAGE packets,
 * and a v3 binary payload must be complete.
 */
public final class EngineIoCodec {

  /** Separates packets in a v4 polling payload (ASCII record separator). */
  public static final char RECORD_SEPARATOR = '\u001e';

  /** The content type of a text polling body. */
  public static final String TEXT_CONTENT_TYPE = "text/plain; charset=UTF-8";

  /** The content type of a binary polling body (v3 only); also what a client's binary POST carries. */
  public static final String BINARY_CONTENT_TYPE = "application/octet-stream";

  private static final byte BINARY_MESSAGE_TYPE_BYTE = 4;

  private EngineIoCodec() {
  }

  /**
   * One packet as one WebSocket frame: {@code text} and its UTF-8 bytes, or {@code binary}. The bytes are what
   * goes on the wire, encoded once however many sockets a frame is written to; nobody changes them.
   */
  public record WebSocketFrame(String text, byte[] textUtf8, byte[] binary) {
    static WebSocketFrame ofText(String text) {
      return new WebSocketFrame(text, text.getBytes(StandardCharsets.UTF_8), null);
    }

    static WebSocketFrame ofBinary(byte[] binary) {
      return new WebSocketFrame(null, null, binary);
    }

    public boolean isBinary() {
      return binary != null;
    }
  }

  /** A polling response body and whether it is binary (then its content type is {@link #BINARY_CONTENT_TYPE}). */
  public record PollingBody(byte[] bytes, boolean binary) {
    public String contentType() {
      return binary ? BINARY_CONTENT_TYPE : TEXT_CONTENT_TYPE;
    }
  }

  // ---- single packets ------------------------------------------------------------------------------------------

  /**
   * A packet as text: the type digit and the data; a binary MESSAGE as base64 — {@code b<base64>} in v4,
   * {@code b4<base64>} in v3.
   */
  public static String encodeText(EngineIoPacket packet, EngineIoVersion version) {
    if (packet.isBinary()) {
      String base64 = Base64.getEncoder().encodeToString(packet.binary());
      return version == EngineIoVersion.V4 ? "b" + base64 : "b4" + base64;
    }
    String text = packet.text();
    return text.isEmpty() ? String.valueOf(packet.type().code()) : packet.type().code() + text;
  }

  /**
   * Reads one text-encoded packet (a WebSocket text frame, or one packet of a polling payload).
   *
   * @throws InvalidEngineIoPacketException for an empty text, an unknown type digit, or bad base64
   */
  public static EngineIoPacket decodeText(String encoded, EngineIoVersion version) {
    if (encoded.isEmpty()) {
      throw new InvalidEngineIoPacketException("empty packet");
    }
    char first = encoded.charAt(0);
    if (first == 'b') {
      return decodeBase64Message(encoded, version);
    }
    Type type = Type.fromCode(first);
    if (type == null) {
      throw new InvalidEngineIoPacketException("unknown packet type '" + printable(first) + "'");
    }
    return EngineIoPacket.text(type, encoded.substring(1));
  }

  private static EngineIoPacket decodeBase64Message(String encoded, EngineIoVersion version) {
    int dataStart = 1;
    if (version == EngineIoVersion.V3) {
      // v3 names the type after the 'b'; only MESSAGE carries binary data.
      if (encoded.length() < 2 || encoded.charAt(1) != Type.MESSAGE.code()) {
        throw new InvalidEngineIoPacketException("a base64 packet must be a MESSAGE (b4...)");
      }
      dataStart = 2;
    }
    return EngineIoPacket.binaryMessage(decodeBase64(encoded, dataStart));
  }

  /** Base64 as Node's {@code Buffer.from(s, "base64")} reads what clients send: either alphabet, padding optional. */
  private static byte[] decodeBase64(String text, int from) {
    String base64 = text.substring(from);
    if (base64.indexOf('-') >= 0 || base64.indexOf('_') >= 0) {
      base64 = base64.replace('-', '+').replace('_', '/');
    }
    try {
      return Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new InvalidEngineIoPacketException("bad base64 in a binary packet: " + e.getMessage());
    }
  }

  // ---- WebSocket -----------------------------------------------------------------------------------------------

  /**
   * A packet as a WebSocket frame. Binary MESSAGEs become binary frames (v3: with the leading type byte) unless the
   * client asked for base64 ({@code b64} query parameter: {@code binarySupported == false}); then they go as text.
   */
  public static WebSocketFrame encodeWebSocketFrame(EngineIoPacket packet, EngineIoVersion version,
                                                    boolean binarySupported) {
    if (!packet.isBinary() || !binarySupported) {
      return WebSocketFrame.ofText(encodeText(packet, version));
    }
    if (version == EngineIoVersion.V4) {
      return WebSocketFrame.ofBinary(packet.binary());
    }
    byte[] data = packet.binary();
    byte[] frame = new byte[data.length + 1];
    frame[0] = BINARY_MESSAGE_TYPE_BYTE;
    System.arraycopy(data, 0, frame, 1, data.length);
    return WebSocketFrame.ofBinary(frame);
  }

  /** Reads a WebSocket text frame. */
  public static EngineIoPacket decodeWebSocketText(String frame, EngineIoVersion version) {
    return decodeText(frame, version);
  }

  /**
   * Reads a WebSocket binary frame: in v4 the whole frame is a MESSAGE's data; in v3 the first byte is the packet
   * type, and must be 4 (MESSAGE).
   */
  public static EngineIoPacket decodeWebSocketBinary(byte[] frame, EngineIoVersion version) {
    if (version == EngineIoVersion.V4) {
      return EngineIoPacket.binaryMessage(frame);
    }
    if (frame.length == 0 || frame[0] != BINARY_MESSAGE_TYPE_BYTE) {
      throw new InvalidEngineIoPacketException(frame.length == 0
        ? "empty binary frame"
        : "a binary frame must start with the MESSAGE type byte 4, not " + (frame[0] & 0xff));
    }
    return EngineIoPacket.binaryMessage(Arrays.copyOfRange(frame, 1, frame.length));
  }

  // ---- polling: version dispatch -------------------------------------------------------------------------------

  /**
   * The body answering a poll. v4 is always text. v3 is binary only when the batch holds binary data and the client
   * takes binary ({@code b64} absent), as the reference server decides; otherwise text with base64.
   */
  public static PollingBody encodePollingPayload(List<EngineIoPacket> packets, EngineIoVersion version,
                                                 boolean binarySupported) {
    if (version == EngineIoVersion.V4) {
      return new PollingBody(encodePayloadV4(packets).getBytes(StandardCharsets.UTF_8), false);
    }
    if (binarySupported && packets.stream().anyMatch(EngineIoPacket::isBinary)) {
      return new PollingBody(EngineIoV3Payload.encodeBinary(packets), true);
    }
    return new PollingBody(EngineIoV3Payload.encodeText(packets).getBytes(StandardCharsets.UTF_8), false);
  }

  /**
   * The packets of a POSTed body. {@code binaryBody} is whether the request's {@code Content-Type} was
   * {@code application/octet-stream}; v4 refuses such a body (the reference answers "invalid content").
   * A text body is read as UTF-8 (malformed bytes become U+FFFD, as Node's decoder does).
   *
   * @throws InvalidEngineIoPacketException when the body is not a valid payload
   */
  public static List<EngineIoPacket> decodePollingPayload(byte[] body, boolean binaryBody, EngineIoVersion version) {
    if (binaryBody) {
      if (version == EngineIoVersion.V4) {
        throw new InvalidEngineIoPacketException("binary request bodies are not part of Engine.IO v4");
      }
      return EngineIoV3Payload.decodeBinary(body);
    }
    String text = new String(body, StandardCharsets.UTF_8);
    return version == EngineIoVersion.V4 ? decodePayloadV4(text) : EngineIoV3Payload.decodeText(text);
  }

  // ---- polling: v4 ---------------------------------------------------------------------------------------------

  /**
   * A v4 polling payload: the packets' text encodings joined by {@code \x1e}, binary MESSAGEs as {@code b<base64>}.
   *
   * @throws IllegalArgumentException when a text packet contains {@code \x1e} (it would split the packet; JSON
   *                                  never contains it raw, so this is a caller's bug)
   */
  public static String encodePayloadV4(List<EngineIoPacket> packets) {
    StringBuilder payload = new StringBuilder();
    for (int i = 0; i < packets.size(); i++) {
      EngineIoPacket packet = Objects.requireNonNull(packets.get(i));
      if (!packet.isBinary() && packet.text().indexOf(RECORD_SEPARATOR) >= 0) {
        throw new IllegalArgumentException("a v4 polling packet cannot contain the record separator \\x1e");
      }
      if (i > 0) {
        payload.append(RECORD_SEPARATOR);
      }
      payload.append(encodeText(packet, EngineIoVersion.V4));
    }
    return payload.toString();
  }

  /**
   * Reads a v4 polling payload. Every part between separators must be a packet, so an empty body or an empty part
   * ({@code "4a\x1e"}) is invalid, as in engine.io-parser v5 {@code decodePayload}.
   */
  public static List<EngineIoPacket> decodePayloadV4(String payload) {
    List<EngineIoPacket> packets = new ArrayList<>();
    int start = 0;
    while (true) {
      int end = payload.indexOf(RECORD_SEPARATOR, start);
      String part = payload.substring(start, end < 0 ? payload.length() : end);
      try {
        packets.add(decodeText(part, EngineIoVersion.V4));
      } catch (InvalidEngineIoPacketException e) {
        throw e.after(packets);
      }
      if (end < 0) {
        return packets;
      }
      start = end + 1;
    }
  }

  // ---- polling: v3 ---------------------------------------------------------------------------------------------

  /** A v3 text polling payload: {@code <length>:<packet>} per packet, {@code 0:} for none. */
  public static String encodePayloadV3(List<EngineIoPacket> packets) {
    return EngineIoV3Payload.encodeText(packets);
  }

  /** Reads a v3 text polling payload. */
  public static List<EngineIoPacket> decodePayloadV3(String payload) {
    return EngineIoV3Payload.decodeText(payload);
  }

  /** A v3 binary polling payload ({@code application/octet-stream}). */
  public static byte[] encodeBinaryPayloadV3(List<EngineIoPacket> packets) {
    return EngineIoV3Payload.encodeBinary(packets);
  }

  /** Reads a v3 binary polling payload ({@code application/octet-stream}). */
  public static List<EngineIoPacket> decodeBinaryPayloadV3(byte[] payload) {
    return EngineIoV3Payload.decodeBinary(payload);
  }

  static String printable(char c) {
    return c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c);
  }
}
