package dev.switchboard.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * tapr clients of the benchmark: connects them to {@code /ws} as given users, and either makes each send its
 * numbered messages as fast as the broker takes them (writing whenever the socket's write queue has room, so
 * the broker's back-pressure paces them) or just counts the frames they receive.
 */
final class TaprBenchClients implements AutoCloseable {

  /** A socket, the event loop it lives on (where its writes and back-pressure are handled) and its send state. */
  private static final class Peer {
    private final WebSocket socket;
    private final Context context;
    private long sent;
    private long acknowledged;
    private Runnable pump;
    /** The window is full: the next progress report of the app restarts the pump. */
    private boolean waitingForApp;

    private Peer(WebSocket socket, Context context) {
      this.socket = socket;
      this.context = context;
    }

    WebSocket socket() {
      return socket;
    }

    Context context() {
      return context;
    }
  }

  private final WebSocketClient client;
  private final List<Peer> peers = new ArrayList<>();
  private final AtomicLong received = new AtomicLong();
  private volatile boolean sending;

  TaprBenchClients(Vertx vertx) {
    // Held for the whole run: Vert.x closes an unreachable client and its connections.
    this.client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(100_000));
  }

  /** Connects {@code count} clients as {@code user}, at most 50 handshakes at a time. */
  void connect(int port, String user, int count) {
    List<Future<Peer>> connecting = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/ws")
        .setHeaders(MultiMap.caseInsensitiveMultiMap().add("X-Bfl-User", user)
          .add("Cookie", "auth_token=bench-" + user).add("User-Agent", "TaprBenchmark"));
      // Handlers go in at once, on the socket's own event loop, so no frame is missed.
      connecting.add(client.connect(options).map(socket -> {
        socket.textMessageHandler(text -> received.incrementAndGet());
        return new Peer(socket, Vertx.currentContext());
      }));
      if (connecting.size() == 50) {
        peers.addAll(awaitAll(connecting));
        connecting.clear();
      }
    }
    peers.addAll(awaitAll(connecting));
  }

  int size() {
    return peers.size();
  }

  long received() {
    return received.get();
  }

  /**
   * Every client sends {@code {"event":"bench","data":{"seq":N,"pad":...}}} with N = 0, 1, 2... until
   * {@link #stopSending()}, keeping at most {@code window} messages ahead of what the app has received of it
   * (reported through {@link #received(int, int)}), and never more than its socket's write queue holds.
   */
  void startSending(String padding, int window) {
    sending = true;
    for (Peer peer : peers) {
      peer.pump = () -> {
        while (sending && peer.sent - peer.acknowledged < window && !peer.socket().writeQueueFull()) {
          peer.socket().writeTextMessage("{\"event\":\"bench\",\"data\":{\"seq\":" + peer.sent++ + ",\"pad\":\""
            + padding + "\"}}");
        }
        if (sending && peer.socket().writeQueueFull()) {
          peer.socket().drainHandler(ignored -> peer.pump.run());
        } else if (sending) {
          peer.waitingForApp = true;
        }
      };
      peer.context().runOnContext(ignored -> peer.pump.run());
    }
  }

  /** The app has received {@code count} messages of client {@code index} in order (any thread). */
  void received(int index, int count) {
    Peer peer = peers.get(index);
    peer.context().runOnContext(ignored -> {
      peer.acknowledged = Math.max(peer.acknowledged, count);
      if (peer.waitingForApp) {
        peer.waitingForApp = false;
        peer.pump.run();
      }
    });
  }

  void stopSending() {
    sending = false;
  }

  @Override
  public void close() {
    sending = false;
    List<Future<Void>> closing = new ArrayList<>();
    for (Peer peer : peers) {
      closing.add(peer.socket().close());
    }
    try {
      Future.join(closing).await(60, TimeUnit.SECONDS);
    } catch (Exception ignored) {
      // the broker may already be gone
    }
    client.close();
  }

  private static <T> List<T> awaitAll(List<Future<T>> futures) {
    try {
      Future.all(futures).await(120, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("clients could not connect: " + e.getMessage(), e);
    }
    return futures.stream().map(Future::result).toList();
  }
}
