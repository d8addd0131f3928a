package dev.switchboard.gateway;

/**
 * A client connection as the server API lists, describes and closes it (SPEC §5 {@code /api/connections}): a
 * gateway {@link Connection} (one WebSocket), or what a dialect counts as a connection without being one — a
 * socket.io namespace socket, several of which share one Engine.IO session. Held by the instance's
 * {@link ConnectionTable} and used on its event loop only.
 */
public interface ListedConnection {

  String id();

  /** {@code sync}, {@code push}, {@code socketio} or {@code tapr}. */
  String dialect();

  /** Epoch milliseconds when it connected. */
  long connectedAt();

  boolean isClosed();

  /** The user it acts for, {@code null} when none is known. */
  String describedUser();

  /** The sync service id of a service connection; {@code null} otherwise. */
  String describedService();

  ConnectionDescription describe();

  /**
   * Closes it on an operator's request ({@code DELETE /api/connections/{id}}) the way the dialect closes from the
   * server side, with a reason the client can see; it leaves the table at once.
   */
  void closeByOperator();
}
