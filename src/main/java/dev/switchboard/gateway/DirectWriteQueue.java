package dev.switchboard.gateway;

import io.netty.channel.ChannelHandler;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.internal.http.WebSocketInternal;
import io.vertx.core.net.impl.VertxConnection;
import io.vertx.core.net.impl.VertxHandler;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;

/**
 * Gives a public WebSocket Vert.x's direct write queue instead of its multi-producer one. Vert.x 5 lets any
 * thread write to a connection through a lock-free queue whose first chunk is an array of 1 025 slots: 4 KB per
 * connection, held for its whole life — about 30 % of the heap of an idle socket.io connection. The gateway's HTTP
 * server runs in Vert.x's strict thread mode (every write from the connection's own event loop), which gives its
 * HTTP connections the direct queue, but the upgrade to a WebSocket does not pass that mode on (Vert.x 5.0 and
 * 5.1 create every WebSocket connection with the queue). Our WebSockets are written to only from their event
 * loop too — the dialects' sessions live there and other instances reach them over the event bus — so they get
 * the direct queue: writes go straight to the Netty channel, whose outbound buffer and writability still give
 * back-pressure ({@code writeQueueFull}, the drain handler) as before.
 *
 * <p>The queue is a private field of Vert.x's {@code VertxConnection}, replaced by reflection right after the
 * handshake, before anything is written. Should a Vert.x version rename it, the socket keeps the queue Vert.x
 * gave it (a warning is logged once) and {@code DirectWriteQueueTest} fails.
 */
public final class DirectWriteQueue {

  private static final System.Logger LOG = System.getLogger(DirectWriteQueue.class.getName());
  private static final Field QUEUE_FIELD;
  private static final Constructor<?> DIRECT_QUEUE;

  static {
    Field field = null;
    Constructor<?> direct = null;
    try {
      field = VertxConnection.class.getDeclaredField("outboundMessageQueue");
      field.setAccessible(true);
      direct = Class.forName(VertxConnection.class.getName() + "$DirectOutboundMessageQueue")
        .getDeclaredConstructor(VertxConnection.class);
      direct.setAccessible(true);
    } catch (ReflectiveOperationException | RuntimeException unavailable) {
      LOG.log(System.Logger.Level.WARNING, "WebSockets keep Vert.x's multi-producer write queue (4 KB each): "
        + unavailable);
      field = null;
      direct = null;
    }
    QUEUE_FIELD = field;
    DIRECT_QUEUE = direct;
  }

  private DirectWriteQueue() {
  }

  /** Replaces the write queue of a socket just accepted, on its event loop, before anything is written to it. */
  public static void install(ServerWebSocket socket) {
    VertxConnection connection = connectionOf(socket);
    if (connection == null || DIRECT_QUEUE == null) {
      return;
    }
    try {
      QUEUE_FIELD.set(connection, DIRECT_QUEUE.newInstance(connection));
    } catch (ReflectiveOperationException | RuntimeException unavailable) {
      LOG.log(System.Logger.Level.DEBUG, "kept the write queue of " + socket.remoteAddress() + ": " + unavailable);
    }
  }

  /** Whether {@code socket} writes through the direct queue. */
  public static boolean isInstalled(ServerWebSocket socket) {
    VertxConnection connection = connectionOf(socket);
    try {
      return connection != null && DIRECT_QUEUE != null
        && DIRECT_QUEUE.getDeclaringClass().isInstance(QUEUE_FIELD.get(connection));
    } catch (IllegalAccessException unavailable) {
      return false;
    }
  }

  private static VertxConnection connectionOf(ServerWebSocket socket) {
    if (socket instanceof WebSocketInternal internal) {
      ChannelHandler handler = internal.channelHandlerContext().handler();
      if (handler instanceof VertxHandler<?> vertxHandler) {
        return vertxHandler.getConnection();
      }
    }
    return null;
  }
}
