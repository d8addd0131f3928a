package dev.switchboard.dialect.socketio;

import dev.switchboard.dialect.socketio.engineio.EngineIoPacket;
import dev.switchboard.dialect.socketio.engineio.EngineIoSession;
import io.vertx.core.Vertx;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Socket.IO side of one Engine.IO session: reassembles packets from MESSAGEs, keeps the namespace → socket
 * table, enforces the connect timeout and the protocol's state rules (a packet out of place closes the
 * connection, as the reference does), and hands connects, events and acks to the {@link SocketIoEndpoint}.
 */
final class SocketIoClient implements EngineIoSession.Listener {

  private final EngineIoSession session;
  private final SocketIoEndpoint endpoint;
  private final SocketIoProtocol protocol;
  private final SocketIoPacketAssembler assembler;
  private final Map<String, SocketIoSocket> sockets = new HashMap<>();
  private final Set<String> connecting = new HashSet<>();
  /** Sockets whose webhook queue is full: while there is one, the session takes no input. */
  private final Set<SocketIoSocket> backlogged = new HashSet<>();
  private long connectTimer = -1;

  SocketIoClient(EngineIoSession session, SocketIoEndpoint endpoint, long connectTimeoutMs, int maxPayload) {
    this.session = session;
    this.endpoint = endpoint;
    this.protocol = SocketIoProtocol.over(session.version());
    this.assembler = new SocketIoPacketAssembler(protocol, maxPayload);
    // v5: a session that joins no namespace in time is closed (the reference's connectTimeout).
    connectTimer = endpoint.vertx().setTimer(connectTimeoutMs, id -> {
      if (sockets.isEmpty()) {
        session.close("connect timeout");
      }
    });
  }

  EngineIoSession session() {
    return session;
  }

  SocketIoEndpoint endpoint() {
    return endpoint;
  }

  SocketIoProtocol protocol() {
    return protocol;
  }

  Vertx vertx() {
    return endpoint.vertx();
  }

  Map<String, SocketIoSocket> sockets() {
    return sockets;
  }

  void send(SocketIoPacketWithAttachments packet) {
    // toEngineIoPackets lists the text and its attachments together, so nothing interleaves between them.
    session.send(packet.toEngineIoPackets());
  }

  void send(SocketIoPacket packet) {
    send(SocketIoPacketWithAttachments.of(packet));
  }

  @Override
  public void onMessage(EngineIoPacket message) {
    SocketIoPacketWithAttachments whole;
    try {
      whole = assembler.accept(message);
    } catch (InvalidSocketIoPacketException e) {
      session.close("parse error");
      return;
    }
    if (whole != null) {
      dispatch(whole);
    }
  }

  private void dispatch(SocketIoPacketWithAttachments whole) {
    SocketIoPacket packet = whole.packet();
    String namespace = packet.namespace();
    SocketIoSocket socket = sockets.get(namespace);
    switch (packet.type()) {
      case CONNECT -> {
        if (socket != null || connecting.contains(namespace)) {
          session.close("invalid state");
          return;
        }
        connecting.add(namespace);
        endpoint.connect(this, namespace, packet.data());
      }
      case DISCONNECT -> {
        if (socket != null) {
          sockets.remove(namespace);
          endpoint.socketClosed(socket, "client namespace disconnect");
        }
      }
      case EVENT, BINARY_EVENT -> {
        if (socket == null) {
          session.close("invalid state");
          return;
        }
        endpoint.event(socket, whole);
      }
      case ACK, BINARY_ACK -> {
        if (socket == null || packet.ackId() == null) {
          session.close("invalid state");
          return;
        }
        socket.acked(packet.ackId(), whole.dataAsAppJson());
      }
      default -> session.close("invalid state");
    }
  }

  /**
   * One of this session's sockets has too many webhook calls waiting: stop reading the client (SPEC §6), for all
   * its namespaces, since they share one transport. A socket that closes meanwhile still counts until its queue,
   * which goes on draining, is down to half.
   */
  void backlogFull(SocketIoSocket socket) {
    if (backlogged.add(socket) && backlogged.size() == 1) {
      session.pauseInput();
    }
  }

  /** A socket's webhook queue has room again: the client is read again once no socket of it is full. */
  void backlogDrained(SocketIoSocket socket) {
    if (backlogged.remove(socket) && backlogged.isEmpty()) {
      session.resumeInput();
    }
  }

  /** A v2 session's implicit connect to {@code namespace} (no CONNECT packet comes for it). */
  void connectWithoutAsking(String namespace) {
    if (!isClosed() && !sockets.containsKey(namespace) && connecting.add(namespace)) {
      endpoint.connect(this, namespace, null);
    }
  }

  /** The endpoint decided on a CONNECT: {@code socket} joined, or {@code null} when it was refused. */
  void connectDecided(String namespace, SocketIoSocket socket) {
    connecting.remove(namespace);
    if (socket != null) {
      sockets.put(namespace, socket);
    }
  }

  /** The endpoint ends one namespace socket (server-side disconnect). */
  void disconnect(SocketIoSocket socket) {
    if (sockets.remove(socket.namespace(), socket)) {
      send(SocketIoPacket.disconnect(socket.namespace()));
      endpoint.socketClosed(socket, "server namespace disconnect");
    }
  }

  @Override
  public void onClose(String reason) {
    endpoint.vertx().cancelTimer(connectTimer);
    assembler.reset();
    for (SocketIoSocket socket : List.copyOf(sockets.values())) {
      endpoint.socketClosed(socket, reason);
    }
    sockets.clear();
    endpoint.sessionClosed(this);
  }

  boolean isClosed() {
    return session.isClosed();
  }
}
