package dev.switchboard.dialect.socketio;

import dev.switchboard.dialect.socketio.engineio.EngineIoPacket;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns the Engine.IO MESSAGEs of one connection into whole Socket.IO packets: a text MESSAGE is decoded; a
 * BINARY_EVENT or BINARY_ACK that announces N attachments is held until the next N binary MESSAGEs arrived
 * (socket.io-parser {@code Decoder.add} and {@code BinaryReconstructor}). One per connection, used on its event
 * loop only; not thread-safe.
 *
 * <p>As in the reference decoder, a text MESSAGE while attachments are awaited, or a binary MESSAGE nobody
 * announced, is invalid. Beyond it, the attachments one packet may hold are bounded ({@code maxAttachmentBytes},
 * each attachment counting at least one byte), so a client cannot make the server buffer without end.
 */
public final class SocketIoPacketAssembler {

  private final SocketIoProtocol protocol;
  private final long maxAttachmentBytes;
  private SocketIoPacket pending;
  private List<byte[]> received;
  private long receivedBytes;

  /**
   * @param protocol           the revision the connection speaks
   * @param maxAttachmentBytes the most attachment bytes one packet may carry ({@code socketio.maxPayload} is a
   *                           sensible bound)
   */
  public SocketIoPacketAssembler(SocketIoProtocol protocol, long maxAttachmentBytes) {
    this.protocol = protocol;
    this.maxAttachmentBytes = maxAttachmentBytes;
  }

  /**
   * Takes the next MESSAGE of the connection.
   *
   * @return the packet it completes, or {@code null} while attachments are still to come
   * @throws InvalidSocketIoPacketException when the message is not what may come next
   */
  public SocketIoPacketWithAttachments accept(EngineIoPacket message) {
    if (message.type() != EngineIoPacket.Type.MESSAGE) {
      throw new IllegalArgumentException("only MESSAGE packets carry Socket.IO packets, not " + message.type());
    }
    if (!message.isBinary()) {
      if (pending != null) {
        throw new InvalidSocketIoPacketException("a text packet came while binary attachments were awaited");
      }
      SocketIoPacket packet = SocketIoCodec.decode(message.text(), protocol);
      if (packet.attachments() == 0) {
        return SocketIoPacketWithAttachments.of(packet);
      }
      if (packet.attachments() > maxAttachmentBytes) {
        throw new InvalidSocketIoPacketException("too many attachments announced: " + packet.attachments());
      }
      pending = packet;
      received = new ArrayList<>(packet.attachments());
      receivedBytes = 0;
      return null;
    }
    if (pending == null) {
      throw new InvalidSocketIoPacketException("a binary attachment came that no packet announced");
    }
    receivedBytes += Math.max(1, message.binary().length);
    if (receivedBytes > maxAttachmentBytes) {
      reset();
      throw new InvalidSocketIoPacketException("the attachments of one packet exceed " + maxAttachmentBytes + " bytes");
    }
    received.add(message.binary());
    if (received.size() < pending.attachments()) {
      return null;
    }
    SocketIoPacketWithAttachments complete = new SocketIoPacketWithAttachments(pending, received);
    reset();
    return complete;
  }

  /** Whether a binary packet is waiting for more attachments. */
  public boolean isAwaitingAttachments() {
    return pending != null;
  }

  /** Drops a half-received packet (the connection closed). */
  public void reset() {
    pending = null;
    received = null;
    receivedBytes = 0;
  }
}
