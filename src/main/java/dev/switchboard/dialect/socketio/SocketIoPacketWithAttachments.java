package dev.switchboard.dialect.socketio;

import dev.switchboard.dialect.socketio.SocketIoJson.InvalidJsonException;
import dev.switchboard.dialect.socketio.SocketIoJson.Kind;
import dev.switchboard.dialect.socketio.SocketIoJson.Scan;
import dev.switchboard.dialect.socketio.SocketIoPacket.Type;
import dev.switchboard.dialect.socketio.engineio.EngineIoPacket;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A whole Socket.IO packet: the packet and the binary attachments its placeholders number (none for a packet
 * without binaries). What {@link SocketIoPacketAssembler} hands up once a client's packet is complete, and what the
 * server builds to send: {@link #toEngineIoPackets()} gives the text MESSAGE followed by one binary MESSAGE per
 * attachment, in order (socket.io-protocol README v5: "+ binary attachments extracted").
 *
 * <p>The byte arrays are shared, not copied.
 *
 * @param packet      the packet; for a binary type its {@code attachments} equals the list's size
 * @param attachments the binary attachments, in placeholder order
 */
public record SocketIoPacketWithAttachments(SocketIoPacket packet, List<byte[]> attachments) {

  public SocketIoPacketWithAttachments {
    Objects.requireNonNull(packet, "packet");
    attachments = List.copyOf(attachments);
    if (packet.attachments() != attachments.size()) {
      throw new IllegalArgumentException(
        "the packet announces " + packet.attachments() + " attachments, " + attachments.size() + " given");
    }
  }

  /** A packet without binary attachments. */
  public static SocketIoPacketWithAttachments of(SocketIoPacket packet) {
    return new SocketIoPacketWithAttachments(packet, List.of());
  }

  /**
   * An event for a client: {@code 2["name",...args]}, or {@code 5N-[...]} plus N attachments when the arguments
   * hold {@code {"$binary":...}} values (the reference encoder likewise picks BINARY_EVENT when the data has
   * binaries).
   *
   * @param ackId the ack id when the server wants the client's answer, or {@code null}
   * @throws InvalidEmitArgumentsException for a reserved event name or arguments that are not a JSON array
   */
  public static SocketIoPacketWithAttachments event(String namespace, SocketIoEvent event, Long ackId) {
    if (SocketIoPacket.RESERVED_EVENTS.contains(event.name())) {
      throw new InvalidEmitArgumentsException("'" + event.name() + "' is a reserved event name");
    }
    String arguments = event.argumentsJson();
    Scan scan = scanArray(arguments);
    StringBuilder data = new StringBuilder(arguments.length() + event.name().length() + 4).append('[');
    SocketIoPacket.appendJsonString(data, event.name());
    if (scan.firstElement() != null) {
      data.append(',').append(arguments, scan.arrayStart() + 1, scan.arrayEnd());
    }
    data.append(']');
    if (scan.binaries().isEmpty()) {
      return of(new SocketIoPacket(Type.EVENT, namespace, ackId, data.toString(), 0));
    }
    // The name is a plain string, so the arguments' $binary objects are all the whole data holds.
    SocketIoBinaryJson.WireJson wire = SocketIoBinaryJson.toWire(data.toString());
    return new SocketIoPacketWithAttachments(
      new SocketIoPacket(Type.BINARY_EVENT, namespace, ackId, wire.json(), wire.attachments().size()),
      wire.attachments());
  }

  /**
   * The answer to a client's event: {@code 3<id>[...args]}, or BINARY_ACK with attachments when the arguments hold
   * {@code {"$binary":...}} values.
   *
   * @throws InvalidEmitArgumentsException when the arguments are not a JSON array
   */
  public static SocketIoPacketWithAttachments ack(String namespace, long ackId, String argumentsJson) {
    Scan scan = scanArray(argumentsJson);
    if (scan.binaries().isEmpty()) {
      return of(new SocketIoPacket(Type.ACK, namespace, ackId, argumentsJson, 0));
    }
    SocketIoBinaryJson.WireJson wire = SocketIoBinaryJson.toWire(argumentsJson, scan);
    return new SocketIoPacketWithAttachments(
      new SocketIoPacket(Type.BINARY_ACK, namespace, ackId, wire.json(), wire.attachments().size()),
      wire.attachments());
  }

  private static Scan scanArray(String argumentsJson) {
    Scan scan;
    try {
      scan = SocketIoJson.scan(argumentsJson);
    } catch (InvalidJsonException e) {
      throw new InvalidEmitArgumentsException("arguments are " + e.getMessage());
    }
    if (scan.root() != Kind.ARRAY) {
      throw new InvalidEmitArgumentsException("arguments must be a JSON array");
    }
    return scan;
  }

  /**
   * The event this EVENT or BINARY_EVENT carries, as the app sees it: the name, and the arguments after it with
   * binaries as {@code {"$binary":...}}.
   *
   * @throws IllegalStateException when the packet is no event
   */
  public SocketIoEvent toEvent() {
    if (!packet.isEvent()) {
      throw new IllegalStateException(packet.type() + " is no event");
    }
    String data = packet.data();
    SocketIoJson.EventParts parts = SocketIoJson.eventParts(data);
    if (parts == null) {
      Scan scan = scanValid(data);
      parts = new SocketIoJson.EventParts(scan.firstElementText(), scan.restFrom(), scan.arrayEnd());
    }
    String arguments = parts.restFrom() < 0 ? "[]"
      : new StringBuilder(parts.arrayEnd() - parts.restFrom() + 2).append('[')
        .append(data, parts.restFrom(), parts.arrayEnd()).append(']').toString();
    if (!attachments.isEmpty()) {
      arguments = SocketIoBinaryJson.toApp(arguments, attachments);
    }
    return new SocketIoEvent(parts.name(), arguments);
  }

  /**
   * The data as the app sees it, binaries as {@code {"$binary":...}}: for an ACK the answer's arguments, for a
   * CONNECT the auth object; {@code null} when the packet has no data.
   */
  public String dataAsAppJson() {
    String data = packet.data();
    if (data == null || attachments.isEmpty()) {
      return data;
    }
    return SocketIoBinaryJson.toApp(data, scanValid(data), attachments);
  }

  /** The Engine.IO MESSAGEs that carry this packet: its text, then each attachment as a binary MESSAGE. */
  public List<EngineIoPacket> toEngineIoPackets() {
    EngineIoPacket text = EngineIoPacket.message(SocketIoCodec.encode(packet));
    if (attachments.isEmpty()) {
      return List.of(text);
    }
    List<EngineIoPacket> messages = new ArrayList<>(attachments.size() + 1);
    messages.add(text);
    for (byte[] attachment : attachments) {
      messages.add(EngineIoPacket.binaryMessage(attachment));
    }
    return messages;
  }

  private static Scan scanValid(String data) {
    try {
      return SocketIoJson.scan(data);
    } catch (InvalidJsonException e) {
      throw new IllegalStateException("the packet data is not JSON: " + e.getMessage());
    }
  }
}
