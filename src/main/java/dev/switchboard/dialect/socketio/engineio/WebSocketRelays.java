package dev.switchboard.dialect.socketio.engineio;

import dev.switchboard.bus.ConnectionId;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The WebSocket relays of one gateway instance, in both roles ({@link WebSocketRelay}): the sockets it accepted for
 * sessions owned elsewhere ({@link RelayingWebSocket}) and the relayed sockets of its own sessions
 * ({@link RelayedWebSocketChannel}). One event-bus consumer per instance carries both; a relay id is
 * {@code <node>.<instance>.<sequence>} of the accepting instance, so the owner knows where to answer. Used on the
 * instance's event loop by {@link EngineIoServer}.
 */
final class WebSocketRelays {

  private static final String STATUS = "status";

  private final Vertx vertx;
  private final String node;
  private final int instance;
  private final Function<String, String> address;
  private final Map<String, RelayedWebSocketChannel> channels = new HashMap<>();
  private final Map<String, RelayingWebSocket> relaying = new HashMap<>();
  /** Upgrades the owner consented to whose socket is not open yet, by session id and client connection. */
  private final Map<String, RelayingWebSocket> awaitingSocket = new HashMap<>();
  private MessageConsumer<Buffer> consumer;
  private long nextRelay;

  /**
   * @param address the event-bus address of an instance's relay traffic, from its {@code node.instance}
   */
  WebSocketRelays(Vertx vertx, String node, int instance, Function<String, String> address) {
    this.vertx = vertx;
    this.node = node;
    this.instance = instance;
    this.address = address;
  }

  Future<Void> start(Function<Message<Buffer>, Integer> attachRequested) {
    consumer = vertx.eventBus().consumer(address.apply(node + '.' + instance), message -> received(message, attachRequested));
    return consumer.completion();
  }

  Future<Void> stop() {
    for (RelayingWebSocket relay : List.copyOf(relaying.values())) {
      relay.closeForRestart();
    }
    for (RelayedWebSocketChannel channel : List.copyOf(channels.values())) {
      channel.closeForRestart();
    }
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }

  /**
   * Accepting side: asks the owner whether this upgrade may probe session {@code sid}. 0 when it consents (the
   * relay then waits for {@link #opened}), else the HTTP status to refuse the upgrade with.
   */
  Future<Integer> attach(String sid, SocketAddress client, ConnectionId owner, JsonObject query) {
    String relayId = ConnectionId.format(node, instance, ++nextRelay);
    String ownerAddress = address.apply(owner.node() + '.' + owner.instance());
    DeliveryOptions options = WebSocketRelay.options(relayId, WebSocketRelay.Op.ATTACH).setSendTimeout(5_000);
    return vertx.eventBus().<Buffer>request(ownerAddress, query.toBuffer(), options)
      .map(reply -> Integer.parseInt(reply.headers().get(STATUS)))
      // No such owner any more (node gone, instance stopped): the session is gone with it.
      .otherwise(400)
      .map(status -> {
        if (status == 0 || status == EngineIoServer.ACCEPT_AND_CLOSE) {
          RelayingWebSocket relay = new RelayingWebSocket(vertx, relayId, sid, ownerAddress, this);
          if (status == 0) {
            relaying.put(relayId, relay);
          } else {
            relay.ended();
          }
          RelayingWebSocket previous = awaitingSocket.put(awaitingKey(sid, client), relay);
          if (previous != null) {
            previous.abandoned();
          }
          return 0;
        }
        return status;
      });
  }

  /**
   * Which upgrade a socket belongs to: its session and its TCP connection, so two upgrades of one session (a retried
   * upgrade, a second tab) each find their own relay.
   */
  private static String awaitingKey(String sid, SocketAddress client) {
    return sid + ' ' + client;
  }

  /** Accepting side: the socket of an upgrade the owner consented to; {@code false} when there is none. */
  boolean opened(String sid, ServerWebSocket socket) {
    RelayingWebSocket relay = awaitingSocket.remove(awaitingKey(sid, socket.remoteAddress()));
    if (relay == null) {
      return false;
    }
    relay.opened(socket);
    return true;
  }

  /** Owning side: a relayed socket for one of this instance's sessions. */
  RelayedWebSocketChannel newChannel(String relayId, EngineIoSession session) {
    ConnectionId relayInstance = ConnectionId.parse(relayId);
    RelayedWebSocketChannel channel = new RelayedWebSocketChannel(vertx, relayId,
      address.apply(relayInstance.node() + '.' + relayInstance.instance()), session, this);
    channels.put(relayId, channel);
    return channel;
  }

  void removeChannel(String relayId) {
    channels.remove(relayId);
  }

  /** {@code true} when the relay was still in the table. */
  boolean removeRelaying(RelayingWebSocket relay) {
    awaitingSocket.values().remove(relay);
    return relaying.remove(relay.relayId(), relay);
  }

  private void received(Message<Buffer> message, Function<Message<Buffer>, Integer> attachRequested) {
    WebSocketRelay.Op op = WebSocketRelay.op(message);
    String relayId = WebSocketRelay.relayId(message);
    if (op == null || relayId == null) {
      return;
    }
    if (op == WebSocketRelay.Op.ATTACH) {
      int status = attachRequested.apply(message);
      message.reply(Buffer.buffer(), new DeliveryOptions().addHeader(STATUS, Integer.toString(status)));
      return;
    }
    RelayedWebSocketChannel channel = channels.get(relayId);
    if (channel != null) {
      channel.fromRelay(op, message);
      return;
    }
    RelayingWebSocket relay = relaying.get(relayId);
    if (relay != null) {
      relay.fromOwner(op, message);
    }
  }
}
