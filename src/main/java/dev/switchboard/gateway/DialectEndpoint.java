package dev.switchboard.gateway;

import dev.switchboard.bus.Envelope;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.ServerWebSocketHandshake;

/**
 * One dialect as a gateway instance sees it: the WebSockets opened on its path, and the envelopes
 * delivered to its connections. One endpoint object per dialect per gateway instance, on that instance's
 * event loop; the gateway routes by path on the way in and by the envelope's dialect on the way out.
 */
public interface DialectEndpoint {

  /** The dialect name as it appears in envelopes and the API ({@code sync}, {@code push}, ...). */
  String dialect();

  /** The URL path the dialect serves on the public port. */
  String path();

  /** Starts the endpoint (its consumers, caches, timers); the gateway listens only after this completes. */
  Future<Void> start();

  /**
   * Decides on an upgrade before it is accepted: 0 accepts it, an HTTP status (401, 403...) refuses it.
   * Checks that need the socket belong in {@link #open} instead; those that need an asynchronous answer override
   * {@link #decideUpgrade}.
   */
  default int refuseUpgrade(ServerWebSocketHandshake handshake) {
    return 0;
  }

  /**
   * The decision of {@link #refuseUpgrade}, when it needs an asynchronous answer (socket.io asks the instance that
   * owns the session being upgraded). Completes on this instance's event loop.
   */
  default Future<Integer> decideUpgrade(ServerWebSocketHandshake handshake) {
    return Future.succeededFuture(refuseUpgrade(handshake));
  }

  /** Whether this dialect answers plain HTTP requests on {@code path} (push's HTTP API, socket.io polling). */
  default boolean servesRequest(String path) {
    return false;
  }

  /** A plain HTTP request on a path this dialect serves; it must be answered on this event loop. */
  default void request(HttpServerRequest request) {
    request.response().setStatusCode(404).end();
  }

  /** A WebSocket was upgraded on {@link #path()}: accept it as a connection of this dialect, or refuse it. */
  void open(ServerWebSocket socket);

  /** An envelope addressed to one connection of this instance; {@code target} is {@code null} when it is gone. */
  void deliver(Envelope envelope, Connection target);

  /** An envelope published to every instance for fan-out; deliver it to the local members. */
  void broadcast(Envelope envelope);

  /**
   * The node is draining: close what the dialect holds beyond the gateway's connections (socket.io sessions) so
   * clients reconnect elsewhere. The gateway has already closed its connections with 1012.
   */
  default void drain() {
  }

  /** Called when the gateway instance stops. */
  default Future<Void> stop() {
    return Future.succeededFuture();
  }
}
