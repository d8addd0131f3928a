package dev.switchboard.dialect.socketio;

import dev.switchboard.dialect.socketio.SocketIoJson.InvalidJsonException;
import dev.switchboard.dialect.socketio.SocketIoJson.Scan;
import dev.switchboard.dialect.socketio.SocketIoJson.Special;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Converts event and ack data between its two forms. On the wire (socket.io-protocol README v5, "with binary
 * data"), binaries are pulled out as attachments and replaced by {@code {"_placeholder":true,"num":N}}, numbered
 * in document order (socket.io-parser {@code deconstructPacket}). Towards the app, webhooks and HTTP APIs, each
 * binary is the object {@code {"$binary":"<base64>"}} in its place (SPEC §3). Everything else in the JSON is copied
 * character for character.
 *
 * <p>A {@code $binary} object is an object with exactly that one member, a string of standard base64 (padding
 * optional). Which placeholders count follows socket.io-parser {@code reconstructPacket}: any object whose
 * {@code _placeholder} is {@code true}, replaced whole.
 */
public final class SocketIoBinaryJson {

  private static final String PLACEHOLDER_START = "{\"_placeholder\":true,\"num\":";

  private SocketIoBinaryJson() {
  }

  /** Wire-form JSON and the attachments its placeholders number. */
  public record WireJson(String json, List<byte[]> attachments) {
    public WireJson {
      attachments = List.copyOf(attachments);
    }
  }

  /**
   * The wire form of app JSON: each {@code {"$binary":...}} becomes a placeholder and its bytes an attachment.
   * JSON without {@code $binary} comes back unchanged with no attachments.
   *
   * @throws InvalidEmitArgumentsException when the JSON is invalid, a base64 is broken, or the JSON already holds
   *                                       placeholder objects beside {@code $binary} values (a client would take
   *                                       them for attachments)
   */
  public static WireJson toWire(String appJson) {
    Scan scan;
    try {
      scan = SocketIoJson.scan(appJson);
    } catch (InvalidJsonException e) {
      throw new InvalidEmitArgumentsException("arguments are " + e.getMessage());
    }
    return toWire(appJson, scan);
  }

  static WireJson toWire(String appJson, Scan scan) {
    List<Special> binaries = scan.binaries();
    if (binaries.isEmpty()) {
      return new WireJson(appJson, List.of());
    }
    if (!scan.placeholders().isEmpty()) {
      throw new InvalidEmitArgumentsException(
        "arguments with $binary values cannot also hold {\"_placeholder\":true} objects");
    }
    StringBuilder wire = new StringBuilder(appJson.length());
    List<byte[]> attachments = new ArrayList<>(binaries.size());
    int copied = 0;
    for (Special binary : binaries) {
      wire.append(appJson, copied, binary.from())
        .append(PLACEHOLDER_START).append(attachments.size()).append('}');
      attachments.add(decodeBase64(binary.base64()));
      copied = binary.to();
    }
    wire.append(appJson, copied, appJson.length());
    return new WireJson(wire.toString(), attachments);
  }

  /**
   * The app form of wire JSON: each placeholder becomes {@code {"$binary":"<base64 of its attachment>"}}.
   *
   * @throws InvalidSocketIoPacketException when a placeholder names no attachment (the JSON came from a client)
   */
  public static String toApp(String wireJson, List<byte[]> attachments) {
    Scan scan;
    try {
      scan = SocketIoJson.scan(wireJson);
    } catch (InvalidJsonException e) {
      throw new InvalidSocketIoPacketException("invalid payload: " + e.getMessage());
    }
    return toApp(wireJson, scan, attachments);
  }

  static String toApp(String wireJson, Scan scan, List<byte[]> attachments) {
    List<Special> placeholders = scan.placeholders();
    if (placeholders.isEmpty()) {
      return wireJson;
    }
    Base64.Encoder base64 = Base64.getEncoder();
    StringBuilder app = new StringBuilder(wireJson.length() + 64);
    int copied = 0;
    for (Special placeholder : placeholders) {
      if (placeholder.num() < 0 || placeholder.num() >= attachments.size()) {
        throw new InvalidSocketIoPacketException("a placeholder names no attachment");
      }
      app.append(wireJson, copied, placeholder.from())
        .append("{\"$binary\":\"").append(base64.encodeToString(attachments.get(placeholder.num()))).append("\"}");
      copied = placeholder.to();
    }
    return app.append(wireJson, copied, wireJson.length()).toString();
  }

  private static byte[] decodeBase64(String base64) {
    try {
      return Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new InvalidEmitArgumentsException("a $binary value is not base64: " + e.getMessage());
    }
  }
}
