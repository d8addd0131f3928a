package dev.switchboard.dialect.socketio.engineio;

import io.vertx.core.buffer.Buffer;

/**
 * One long-polling HTTP request as a session sees it, whether it reached this gateway instance directly
 * ({@link HttpPollingExchange}) or was forwarded by the instance that received it ({@link ForwardedPollingExchange}):
 * the method, the POSTed body, and one answer. Used on the owning session's event loop.
 */
public interface PollingExchange {

  /** {@code GET} or {@code POST}. */
  String method();

  /** The whole POSTed body (empty for a GET). */
  Buffer body();

  /** The request's {@code Content-Type}, or {@code null}. */
  String contentType();

  /** Answers the request; later calls are ignored. */
  void respond(int status, String contentType, Buffer body);

  /** Whether the request can still be answered. */
  boolean isOpen();
}
