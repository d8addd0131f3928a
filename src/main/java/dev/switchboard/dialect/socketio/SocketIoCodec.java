package dev.switchboard.dialect.socketio;

import dev.switchboard.dialect.socketio.SocketIoJson.InvalidJsonException;
import dev.switchboard.dialect.socketio.SocketIoJson.Kind;
import dev.switchboard.dialect.socketio.SocketIoJson.Scan;
import dev.switchboard.dialect.socketio.SocketIoJson.Special;
import dev.switchboard.dialect.socketio.SocketIoPacket.Type;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Socket.IO packet text, both ways (socket.io-protocol README v5, "Packet encoding"):
 * {@code <type>[<#attachments>-][<namespace>,][<ack id>][JSON data]}. Pure and stateless. The connection layer
 * decodes every text MESSAGE a client sends (through {@link SocketIoPacketAssembler}, which also collects binary
 * attachments) and encodes every packet it sends; an {@link InvalidSocketIoPacketException} closes the connection.
 *
 * <p>Decoding follows the reference parser (socket.io-parser 4.2.x {@code Decoder.decodeString} and
 * {@code isPayloadValid}, which the reference server uses for v2 clients too):
 * <ul>
 *   <li>the type is one digit 0–6; a binary type is followed by the attachment count and '-';</li>
 *   <li>a namespace starts with '/' right after that and runs to the first ',' or the end ({@code 40/custom} is
 *       namespace {@code /custom});</li>
 *   <li>then the ack id, the run of digits that follows, and the JSON data, the rest;</li>
 *   <li>CONNECT data is an object; DISCONNECT has none; CONNECT_ERROR data is a string or an object; EVENT data is
 *       an array whose first element is a number or a string not in {@link SocketIoPacket#RESERVED_EVENTS}; ACK data
 *       is an array.</li>
 * </ul>
 * Stricter than the reference parser, as the protocol document asks (its EVENT and ACK payloads are "mandatory"):
 * EVENT and ACK need data; ACK needs an ack id (the reference would drop one without); CONNECT, DISCONNECT and
 * CONNECT_ERROR take no ack id; an empty text is invalid (the reference reads it as a CONNECT to {@code /});
 * a placeholder in a binary packet must name an attachment the packet announces (the reference finds out only
 * once the attachments arrived). Ack ids above 18 digits are refused.
 *
 * <p>For {@link SocketIoProtocol#V4} (v2 clients), as the reference server does ({@code Client.ondecoded}): the
 * namespace is read as a URL, its query dropped from the namespace, and for a CONNECT the query becomes the data
 * — the auth object, with string values (an array for a repeated key) — so that the layer above sees the same
 * CONNECT from both revisions.
 */
public final class SocketIoCodec {

  private static final int MAX_ACK_ID_DIGITS = 18;
  private static final int MAX_ATTACHMENT_DIGITS = 9;

  private SocketIoCodec() {
  }

  /** The text of a packet; the binary attachments of a binary packet travel as separate binary MESSAGEs. */
  public static String encode(SocketIoPacket packet) {
    String data = packet.data();
    StringBuilder text = new StringBuilder(16 + packet.namespace().length() + (data == null ? 0 : data.length()));
    text.append(packet.type().code());
    if (packet.type().isBinary()) {
      text.append(packet.attachments()).append('-');
    }
    if (!SocketIoPacket.DEFAULT_NAMESPACE.equals(packet.namespace())) {
      text.append(packet.namespace()).append(',');
    }
    if (packet.ackId() != null) {
      text.append(packet.ackId().longValue());
    }
    if (data != null) {
      text.append(data);
    }
    return text.toString();
  }

  /**
   * Reads the text of a packet a client sent.
   *
   * @throws InvalidSocketIoPacketException when it is not a valid packet
   */
  public static SocketIoPacket decode(String text, SocketIoProtocol protocol) {
    if (text.isEmpty()) {
      throw new InvalidSocketIoPacketException("empty packet");
    }
    Type type = Type.fromCode(text.charAt(0));
    if (type == null) {
      throw new InvalidSocketIoPacketException("unknown packet type '" + text.charAt(0) + "'");
    }
    int position = 1;
    int attachments = 0;
    if (type.isBinary()) {
      int dash = text.indexOf('-', position);
      if (dash < 0) {
        throw new InvalidSocketIoPacketException("a binary packet needs its attachment count and '-'");
      }
      attachments = (int) digits(text, position, dash, MAX_ATTACHMENT_DIGITS, "attachment count");
      position = dash + 1;
    }

    String namespace = SocketIoPacket.DEFAULT_NAMESPACE;
    if (position < text.length() && text.charAt(position) == '/') {
      int comma = text.indexOf(',', position);
      int end = comma < 0 ? text.length() : comma;
      namespace = text.substring(position, end);
      position = comma < 0 ? end : comma + 1;
    }

    int idStart = position;
    while (position < text.length() && isDigit(text.charAt(position))) {
      position++;
    }
    Long ackId = position > idStart ? digits(text, idStart, position, MAX_ACK_ID_DIGITS, "ack id") : null;
    String data = position < text.length() ? text.substring(position) : null;

    String query = null;
    if (protocol == SocketIoProtocol.V4) {
      int mark = namespace.indexOf('?');
      if (mark >= 0) {
        query = namespace.substring(mark + 1);
        namespace = namespace.substring(0, mark);
      }
    }

    validate(type, ackId, data, attachments);
    if (protocol == SocketIoProtocol.V4 && type == Type.CONNECT) {
      // v2 clients put their query in the namespace; the reference server passes it on as the auth object.
      data = query == null ? null : queryAsJson(query);
    }
    return new SocketIoPacket(type, namespace, ackId, data, attachments);
  }

  private static void validate(Type type, Long ackId, String data, int attachments) {
    switch (type) {
      case CONNECT, DISCONNECT, CONNECT_ERROR -> {
        if (ackId != null) {
          throw new InvalidSocketIoPacketException(type + " cannot carry an ack id");
        }
      }
      case ACK, BINARY_ACK -> {
        if (ackId == null) {
          throw new InvalidSocketIoPacketException(type + " needs an ack id");
        }
      }
      default -> {
      }
    }
    if (data == null) {
      if (type.isBinary() || type == Type.EVENT || type == Type.ACK) {
        throw new InvalidSocketIoPacketException(type + " needs data: a JSON array");
      }
      return;
    }
    if (type == Type.DISCONNECT) {
      throw new InvalidSocketIoPacketException("DISCONNECT carries no data");
    }
    Scan scan;
    try {
      scan = SocketIoJson.scan(data);
    } catch (InvalidJsonException e) {
      throw new InvalidSocketIoPacketException("invalid payload: " + e.getMessage());
    }
    switch (type) {
      case CONNECT -> require(scan.root() == Kind.OBJECT, "CONNECT data must be an object");
      case CONNECT_ERROR -> require(scan.root() == Kind.OBJECT || scan.root() == Kind.STRING,
        "CONNECT_ERROR data must be an object or a string");
      case ACK, BINARY_ACK -> require(scan.root() == Kind.ARRAY, type + " data must be an array");
      case EVENT, BINARY_EVENT -> {
        require(scan.root() == Kind.ARRAY && scan.firstElement() != null,
          type + " data must be a non-empty array");
        require(scan.firstElement() == Kind.NUMBER
            || scan.firstElement() == Kind.STRING && !SocketIoPacket.RESERVED_EVENTS.contains(scan.firstElementText()),
          scan.firstElement() == Kind.STRING
            ? "reserved event name '" + scan.firstElementText() + "'"
            : type + " data must start with the event name");
      }
      default -> throw new IllegalStateException(type.toString());
    }
    if (type.isBinary()) {
      for (Special placeholder : scan.placeholders()) {
        require(placeholder.num() >= 0 && placeholder.num() < attachments,
          "a placeholder names no announced attachment (" + attachments + " announced)");
      }
    }
  }

  private static void require(boolean condition, String problem) {
    if (!condition) {
      throw new InvalidSocketIoPacketException(problem);
    }
  }

  private static long digits(String text, int from, int to, int maxDigits, String what) {
    if (to == from || to - from > maxDigits) {
      throw new InvalidSocketIoPacketException("bad " + what + " '" + text.substring(from, to) + "'");
    }
    long value = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (!isDigit(c)) {
        throw new InvalidSocketIoPacketException("bad " + what + " '" + text.substring(from, to) + "'");
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /**
   * A query string as Node's {@code querystring.parse} reads it (what {@code url.parse(nsp, true).query} uses):
   * '&'-separated, split at the first '=', '+' is a space, percent escapes are UTF-8 (left as written when
   * malformed), a repeated key gives an array, empty pieces are skipped.
   */
  static String queryAsJson(String query) {
    Map<String, List<String>> values = new LinkedHashMap<>();
    for (String piece : query.split("&")) {
      if (piece.isEmpty()) {
        continue;
      }
      int equals = piece.indexOf('=');
      String key = unescape(equals < 0 ? piece : piece.substring(0, equals));
      String value = equals < 0 ? "" : unescape(piece.substring(equals + 1));
      values.computeIfAbsent(key, k -> new ArrayList<>(1)).add(value);
    }
    StringBuilder json = new StringBuilder(query.length() + 16).append('{');
    for (Map.Entry<String, List<String>> entry : values.entrySet()) {
      if (json.length() > 1) {
        json.append(',');
      }
      SocketIoPacket.appendJsonString(json, entry.getKey());
      json.append(':');
      List<String> list = entry.getValue();
      if (list.size() == 1) {
        SocketIoPacket.appendJsonString(json, list.get(0));
      } else {
        json.append('[');
        for (int i = 0; i < list.size(); i++) {
          if (i > 0) {
            json.append(',');
          }
          SocketIoPacket.appendJsonString(json, list.get(i));
        }
        json.append(']');
      }
    }
    return json.append('}').toString();
  }

  private static String unescape(String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return text.replace('+', ' ');
    }
  }
}
