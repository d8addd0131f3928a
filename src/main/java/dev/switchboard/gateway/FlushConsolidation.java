package dev.switchboard.gateway;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.internal.http.WebSocketInternal;

/**
 * Vert.x flushes every frame written to a socket other than the one being read: one write system call per
 * frame (on loopback that call also runs the peer's TCP receive), which was ~40 % of a busy broker's CPU.
 * Flushes asked for in one event-loop turn are made once, at the end of that turn (or at the end of this
 * socket's read), so a burst of frames to one peer costs one call; the latency added is that of the turn.
 * A close flushes what is pending first. Every public WebSocket gets it, whichever dialect holds it.
 */
public final class FlushConsolidation {

  /** Pipeline name of the handler that turns the flushes of one event-loop turn into one. */
  private static final String HANDLER_NAME = "sb-flush-consolidation";
  /** Frames written without a flush at most, before one is forced (Netty's default). */
  private static final int MAX_UNFLUSHED_WRITES = 256;

  private FlushConsolidation() {
  }

  /** Installs the handler in front of Vert.x's handler of {@code socket}, once. */
  public static void install(ServerWebSocket socket) {
    if (socket instanceof WebSocketInternal internal) {
      ChannelHandlerContext vertxHandler = internal.channelHandlerContext();
      if (vertxHandler.pipeline().get(HANDLER_NAME) == null) {
        vertxHandler.pipeline().addBefore(vertxHandler.name(), HANDLER_NAME,
          new FlushConsolidationHandler(MAX_UNFLUSHED_WRITES, true));
      }
    }
  }
}
