package dev.switchboard.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The load clients of the socket.io benchmark: a compact Engine.IO v4 / Socket.IO v5 client, WebSocket transport
 * only, namespace {@code /}, the same code against Switchboard and the Node server. It answers the server's ping
 * ({@code 2} → {@code 3}), sends the namespace CONNECT ({@code 40}) after the Engine.IO open and counts the socket
 * connected at the server's {@code 40{...}}. Received events ({@code 42[...]}) are counted, and their latency taken
 * from the {@code "t":<nanoTime>} the emitter put in them; the client's own events ask for acks
 * ({@code 42<id>[...]}), answered by {@code 43<id>[...]}. Frames are read by prefix, never parsed into JSON trees,
 * so the clients cost both servers the same.
 */
final class SocketIoBenchClients implements AutoCloseable {

  /** One socket.io connection; its fields are touched on its own event loop only. */
  static final class Peer {
    private final int index;
    private WebSocket socket;
    private Context context;
    private final Promise<Peer> connected = Promise.promise();
    /** Ack id → when the event was due (nanoTime). */
    private final Map<Long, Long> pending = new HashMap<>();
    private long nextAckId;
    private LatencyHistogram latencies;

    private Peer(int index) {
      this.index = index;
    }

    Context context() {
      return context;
    }

    int outstanding() {
      return pending.size();
    }
  }

  /** Called on the peer's event loop when one of its acks arrives. */
  interface AckListener {
    /** {@code appNanos}: when the app answered, from the {@code "a"} it put in the ack's arguments, or -1. */
    void acked(Peer peer, long dueNanos, long nowNanos, long appNanos);
  }

  private final Vertx vertx;
  private final WebSocketClient client;
  private final List<Peer> peers = new ArrayList<>();
  private final AtomicLong events = new AtomicLong();
  private final AtomicLong acks = new AtomicLong();
  private final AtomicLong unexpected = new AtomicLong();
  /** Every {@code sampleEvery}-th peer records event latencies while {@link #recording} is on. */
  private final int sampleEvery;
  private volatile boolean recording;
  private volatile AckListener ackListener = (peer, due, now, app) -> {
  };

  SocketIoBenchClients(Vertx vertx, int sampleEvery) {
    this.vertx = vertx;
    this.sampleEvery = sampleEvery;
    // Held for the whole run: Vert.x closes an unreachable client and its connections.
    this.client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(100_000)
      .setMaxFrameSize(1 << 20).setMaxMessageSize(1 << 20));
  }

  /** Connects {@code count} more sockets to {@code /socket.io/} on {@code port}, {@code batch} handshakes at a time. */
  void connect(int port, int count, int batch) {
    List<Future<Peer>> connecting = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Peer peer = new Peer(peers.size() + connecting.size());
      if (peer.index % sampleEvery == 0) {
        peer.latencies = new LatencyHistogram();
      }
      WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
        .setURI("/socket.io/?EIO=4&transport=websocket");
      // Handlers go in at once, on the socket's own event loop, so no frame is missed.
      connecting.add(client.connect(options).compose(socket -> {
        peer.socket = socket;
        peer.context = Vertx.currentContext();
        socket.textMessageHandler(text -> received(peer, text));
        return peer.connected.future();
      }));
      if (connecting.size() == batch) {
        peers.addAll(awaitAll(connecting));
        connecting.clear();
      }
    }
    peers.addAll(awaitAll(connecting));
  }

  private void received(Peer peer, String text) {
    if (text.isEmpty()) {
      unexpected.incrementAndGet();
      return;
    }
    switch (text.charAt(0)) {
      case '2' -> peer.socket.writeTextMessage("3");
      case '0' -> peer.socket.writeTextMessage("40");
      case '4' -> socketIo(peer, text);
      default -> unexpected.incrementAndGet();
    }
  }

  private void socketIo(Peer peer, String text) {
    char type = text.length() > 1 ? text.charAt(1) : ' ';
    if (type == '2') {
      events.incrementAndGet();
      if (recording && peer.latencies != null) {
        long sent = sentNanos(text);
        if (sent > 0) {
          peer.latencies.record(System.nanoTime() - sent);
        }
      }
    } else if (type == '3') {
      int open = text.indexOf('[');
      long id = Long.parseLong(text, 2, open, 10);
      Long due = peer.pending.remove(id);
      if (due == null) {
        unexpected.incrementAndGet();
        return;
      }
      acks.incrementAndGet();
      ackListener.acked(peer, due, System.nanoTime(), nanosField(text, "\"a\":"));
    } else if (type == '0') {
      peer.connected.tryComplete(peer);
    } else if (type == '4') {
      peer.connected.tryFail("CONNECT_ERROR " + text);
    } else {
      unexpected.incrementAndGet();
    }
  }

  /** The {@code "t":<nanoTime>} an emitted event carries, or -1. */
  static long sentNanos(String frame) {
    return nanosField(frame, "\"t\":");
  }

  /** The number after {@code key} (e.g. {@code "t":}) in a frame, or -1. */
  static long nanosField(String frame, String key) {
    int at = frame.indexOf(key);
    if (at < 0) {
      return -1;
    }
    long value = 0;
    for (int i = at + key.length(); i < frame.length() && Character.isDigit(frame.charAt(i)); i++) {
      value = value * 10 + (frame.charAt(i) - '0');
    }
    return value;
  }

  /**
   * Sends {@code ["bench",{"seq":N,"t":<nanoTime now>,"pad":...}]} asking for an ack; on the peer's event loop.
   * The app, in this JVM, reads {@code t} to time the way in.
   */
  void emitWithAck(Peer peer, long dueNanos, String padding) {
    long id = peer.nextAckId++;
    peer.pending.put(id, dueNanos);
    peer.socket.writeTextMessage("42" + id + "[\"bench\",{\"seq\":" + id + ",\"t\":" + System.nanoTime()
      + ",\"pad\":\"" + padding + "\"}]");
  }

  void onAck(AckListener listener) {
    this.ackListener = listener;
  }

  List<Peer> peers() {
    return peers;
  }

  long events() {
    return events.get();
  }

  long acks() {
    return acks.get();
  }

  long unexpected() {
    return unexpected.get();
  }

  void recording(boolean on) {
    recording = on;
  }

  /** The sampled peers' event latencies, merged (read after recording stopped). */
  LatencyHistogram eventLatencies() {
    LatencyHistogram all = new LatencyHistogram();
    List<Future<Void>> merged = new ArrayList<>();
    for (Peer peer : peers) {
      if (peer.latencies != null) {
        Promise<Void> done = Promise.promise();
        peer.context.runOnContext(ignored -> {
          synchronized (all) {
            all.add(peer.latencies);
          }
          done.complete();
        });
        merged.add(done.future());
      }
    }
    awaitAll(merged);
    return all;
  }

  @Override
  public void close() {
    List<Future<Void>> closing = new ArrayList<>();
    for (Peer peer : peers) {
      closing.add(peer.socket.close());
    }
    try {
      Future.join(closing).await(60, TimeUnit.SECONDS);
    } catch (Exception ignored) {
      // the server may already be gone
    }
    client.close();
  }

  Vertx vertx() {
    return vertx;
  }

  private static <T> List<T> awaitAll(List<Future<T>> futures) {
    try {
      Future.all(futures).await(120, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("socket.io clients could not connect: " + e.getMessage(), e);
    }
    return futures.stream().map(Future::result).toList();
  }
}
