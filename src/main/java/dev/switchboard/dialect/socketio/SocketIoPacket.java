package dev.switchboard.dialect.socketio;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

import java.util.Objects;
import java.util.Set;

/**
 * One Socket.IO packet as it travels inside an Engine.IO MESSAGE (socket.io-protocol README v5, "Packet encoding"):
 * {@code <type>[<#attachments>-][<namespace>,][<ack id>][JSON data]}. The data is raw JSON text, kept exactly as
 * written; in a BINARY_EVENT or BINARY_ACK it holds {@code {"_placeholder":true,"num":N}} where the binary
 * attachments go, and {@code attachments} says how many binary MESSAGEs follow. {@link SocketIoCodec} reads and
 * writes the text; {@link SocketIoPacketWithAttachments} pairs a packet with its binaries.
 *
 * <p>The record does not parse {@code data}: the decoder validates what clients send, and the factories here and
 * in {@link SocketIoPacketWithAttachments} validate or build what the server sends.
 *
 * @param type        the packet type
 * @param namespace   the namespace, {@code "/"} by default; starts with '/' and holds no ','
 * @param ackId       the acknowledgement id, or {@code null}
 * @param data        the JSON data, or {@code null} for none
 * @param attachments for BINARY_EVENT and BINARY_ACK, how many binary attachments follow; 0 otherwise
 */
public record SocketIoPacket(Type type, String namespace, Long ackId, String data, int attachments) {

  /** The main namespace, left out of encoded packets. */
  public static final String DEFAULT_NAMESPACE = "/";

  /**
   * Event names a client must not send and the server must not emit: the reference parser (socket.io-parser 4.x
   * {@code RESERVED_EVENTS}) refuses an EVENT with one of these names, so a client receiving one would drop the
   * connection.
   */
  public static final Set<String> RESERVED_EVENTS = Set.of(
    "connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener");

  /** The seven packet types with their digits (socket.io-protocol README v5, "Exchange protocol"). */
  public enum Type {
    /** Client: join a namespace (v5: data is the auth object). Server: joined (v5: data {@code {"sid":...}}). */
    CONNECT,
    /** Either side leaves a namespace; no data. */
    DISCONNECT,
    /** An event: data is {@code [name, ...args]}; with an ack id when the sender wants an answer. */
    EVENT,
    /** The answer to an event with an ack id: data is {@code [...args]}. */
    ACK,
    /** Server: a namespace connect was refused (called ERROR in v4, where its data is a string). */
    CONNECT_ERROR,
    /** An EVENT whose arguments hold binary attachments. */
    BINARY_EVENT,
    /** An ACK whose arguments hold binary attachments. */
    BINARY_ACK;

    private static final Type[] VALUES = values();

    /** The digit that encodes this type. */
    public char code() {
      return (char) ('0' + ordinal());
    }

    /** The type a digit encodes, or {@code null}. */
    public static Type fromCode(char code) {
      int index = code - '0';
      return index >= 0 && index < VALUES.length ? VALUES[index] : null;
    }

    /** Whether packets of this type announce binary attachments. */
    public boolean isBinary() {
      return this == BINARY_EVENT || this == BINARY_ACK;
    }
  }

  public SocketIoPacket {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(namespace, "namespace");
    if (!namespace.startsWith("/") || namespace.indexOf(',') >= 0) {
      throw new IllegalArgumentException("a namespace starts with '/' and holds no ',': " + namespace);
    }
    if (ackId != null && ackId < 0) {
      throw new IllegalArgumentException("negative ack id " + ackId);
    }
    if (attachments < 0 || attachments > 0 && !type.isBinary()) {
      throw new IllegalArgumentException(type + " cannot announce " + attachments + " attachments");
    }
  }

  /** Whether this is an EVENT or a BINARY_EVENT. */
  public boolean isEvent() {
    return type == Type.EVENT || type == Type.BINARY_EVENT;
  }

  /** Whether this is an ACK or a BINARY_ACK. */
  public boolean isAck() {
    return type == Type.ACK || type == Type.BINARY_ACK;
  }

  /** A client's CONNECT: {@code 0}, {@code 0/admin,}, {@code 0{"token":"123"}}; {@code authJson} may be null. */
  public static SocketIoPacket connect(String namespace, String authJson) {
    return new SocketIoPacket(Type.CONNECT, namespace, null, authJson, 0);
  }

  /**
   * The server's CONNECT accepting a namespace connect. v5: {@code 0/admin,{"sid":"..."}}, with {@code "pid"} when
   * connection state recovery gave the socket a private session id; v4: no data at all ({@code 0/admin,}), since a
   * v2 client's parser (socket.io-parser 3.3.0) refuses a CONNECT with data that is not an array.
   *
   * @param sid the socket id (the client's {@code socket.id})
   * @param pid the private session id for connection state recovery, or {@code null}
   */
  public static SocketIoPacket connectReply(String namespace, String sid, String pid, SocketIoProtocol protocol) {
    if (protocol == SocketIoProtocol.V4) {
      return new SocketIoPacket(Type.CONNECT, namespace, null, null, 0);
    }
    StringBuilder data = new StringBuilder(48).append("{\"sid\":");
    appendJsonString(data, Objects.requireNonNull(sid, "sid"));
    if (pid != null) {
      appendJsonString(data.append(",\"pid\":"), pid);
    }
    return new SocketIoPacket(Type.CONNECT, namespace, null, data.append('}').toString(), 0);
  }

  /**
   * A refused namespace connect, as the reference server writes it ({@code Namespace._add} in socket.io
   * {@code lib/namespace.ts}). v5: {@code 44{"message":"...","data":...}}, without {@code data} when it is null.
   * v4: the data alone when there is some, else the message as a JSON string ({@code 44"authentication error"}),
   * the reference's {@code err.data || err.message}.
   *
   * @param dataJson raw JSON of the error's data, or {@code null}
   */
  public static SocketIoPacket connectError(String namespace, String message, String dataJson,
                                            SocketIoProtocol protocol) {
    Objects.requireNonNull(message, "message");
    StringBuilder data = new StringBuilder(message.length() + 32);
    if (protocol == SocketIoProtocol.V4) {
      if (dataJson != null) {
        data.append(dataJson);
      } else {
        appendJsonString(data, message);
      }
    } else {
      appendJsonString(data.append("{\"message\":"), message);
      if (dataJson != null) {
        data.append(",\"data\":").append(dataJson);
      }
      data.append('}');
    }
    return new SocketIoPacket(Type.CONNECT_ERROR, namespace, null, data.toString(), 0);
  }

  /** A DISCONNECT from a namespace: {@code 1}, {@code 1/admin,}. */
  public static SocketIoPacket disconnect(String namespace) {
    return new SocketIoPacket(Type.DISCONNECT, namespace, null, null, 0);
  }

  static void appendJsonString(StringBuilder json, String value) {
    json.append('"');
    JsonStringEncoder.getInstance().quoteAsString(value, json);
    json.append('"');
  }
}
