package dev.switchboard.dialect.socketio;

import java.util.List;

/**
 * Who a namespace socket acts for, as its handshake established it (SPEC §3).
 *
 * @param user  the user from the token's {@code userClaim}, or {@code null}
 * @param token the token the client presented, or {@code null}
 * @param rooms rooms from {@code roomClaims}, joined on connect
 */
public record SocketIoIdentity(String user, String token, List<String> rooms) {

  public static final SocketIoIdentity ANONYMOUS = new SocketIoIdentity(null, null, List.of());

  public SocketIoIdentity {
    rooms = List.copyOf(rooms);
  }
}
