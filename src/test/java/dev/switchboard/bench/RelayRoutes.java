package dev.switchboard.bench;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the relay's event loops share: the one service connection, the clients by the index the load
 * generator puts in request ids, and every loop (for notices). The smallest routing state a relay can have.
 */
final class RelayRoutes {

  volatile RelayPeer service;
  final Map<Integer, RelayPeer> clientsByIndex = new ConcurrentHashMap<>();
  final List<RelayVerticle> loops = new CopyOnWriteArrayList<>();
}
