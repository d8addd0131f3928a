package dev.switchboard.dialect.socketio;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rooms of one gateway instance: namespace → room → the local sockets in it. Each instance knows only its
 * own sockets; a room emit is one broadcast that every instance resolves here. Event-loop confined.
 */
final class SocketIoRooms {

  private final Map<String, Map<String, Set<SocketIoSocket>>> byNamespace = new HashMap<>();

  void join(SocketIoSocket socket, String room) {
    if (socket.rooms().add(room)) {
      byNamespace.computeIfAbsent(socket.namespace(), ns -> new HashMap<>())
        .computeIfAbsent(room, name -> new LinkedHashSet<>()).add(socket);
    }
  }

  void leave(SocketIoSocket socket, String room) {
    if (socket.rooms().remove(room)) {
      Map<String, Set<SocketIoSocket>> rooms = byNamespace.get(socket.namespace());
      Set<SocketIoSocket> members = rooms == null ? null : rooms.get(room);
      if (members != null && members.remove(socket) && members.isEmpty()) {
        rooms.remove(room);
      }
    }
  }

  void leaveAll(SocketIoSocket socket) {
    for (String room : List.copyOf(socket.rooms())) {
      leave(socket, room);
    }
  }

  List<SocketIoSocket> members(String namespace, String room) {
    Map<String, Set<SocketIoSocket>> rooms = byNamespace.get(namespace);
    Set<SocketIoSocket> members = rooms == null ? null : rooms.get(room);
    return members == null ? List.of() : List.copyOf(members);
  }
}
