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
import java.util.concurrent.atomic.LongAdder;

/**
 * The push clients of the benchmark: {@code pairs} receivers and as many senders, sender i sending personal
 * MESSAGEs to receiver i only.
 * <ul>
 *   <li>A <b>receiver</b> AUTHs under its own name and answers every MESSAGE at once with
 *   {@code MESSAGE_CALLBACK {mid}}.</li>
 *   <li>A <b>sender</b> AUTHs under its own name and keeps {@code window} messages <i>outstanding</i>: a message
 *   is outstanding from the moment it is written until its MESSAGE_REPLY arrives. The broker sends that reply
 *   when the receiver's callback has been processed (status {@code ok}), or after {@code push.waitTimeoutMs}
 *   with the statuses of that moment; only {@code ok} replies count as acknowledged messages.</li>
 * </ul>
 * Every message carries its send time ({@code System.nanoTime()} of this JVM) in {@code desp}: the receiver
 * measures send → receipt and files {@code mid → send time} with the pair, the sender measures send →
 * MESSAGE_REPLY (= send → callback processed by the broker, plus the hop back), the figure reported as p50/p99.
 * <p>
 * Both sockets of a pair are opened from the same event-loop context, so all of a pair's state is touched by
 * one thread and needs no lock; pairs are spread round-robin over the generator's event loops. Frames are
 * read with {@code indexOf}, not a JSON parser, to leave the shared cores to the broker.
 */
final class PushBenchClients implements AutoCloseable {

  static final String TOKEN = "push-bench-token";

  /** One sender → receiver pair and everything it measures; touched only on {@link #context}. */
  private final class Pair {
    final int index;
    final String senderName;
    final String receiverName;
    final Context context;
    final String messagePrefix;
    WebSocket sender;
    WebSocket receiver;
    /** mid → send time, filed by the receiver on receipt, taken by the sender on MESSAGE_REPLY. */
    final Map<String, Long> sentAt = new HashMap<>();
    final LatencyHistogram replyLatency = new LatencyHistogram();
    final LatencyHistogram receiptLatency = new LatencyHistogram();
    Promise<Void> senderAuth;
    Promise<Void> receiverAuth;
    long sent;
    int outstanding;
    long wrongThread;

    Pair(int index, Context context, String senderName, String receiverName) {
      this.index = index;
      this.context = context;
      this.senderName = senderName;
      this.receiverName = receiverName;
      this.messagePrefix = "{\"cmd\":\"MESSAGE\",\"data\":{\"sendType\":\"personal\",\"target\":\"" + receiverName
        + "\",\"message\":{\"text\":\"" + padding + " #";
    }

    void pump() {
      while (sending && outstanding < window && sent < maxPerPair) {
        long now = System.nanoTime();
        long seq = sent++;
        outstanding++;
        sender.writeTextMessage(messagePrefix + seq + "\",\"desp\":\"" + now + "\",\"extra\":{\"seq\":" + seq + "}}}}");
      }
    }

    void onSenderFrame(String text) {
      checkThread();
      if (text.startsWith(REPLY)) {
        String mid = stringAfter(text, "\"mid\":\"");
        Long start = mid == null ? null : sentAt.remove(mid);
        long now = System.nanoTime();
        if (text.contains("\":\"ok\"")) {
          acknowledged.increment();
        } else {
          notAcknowledged.increment();
        }
        if (start == null) {
          repliesWithoutReceipt.increment();
        } else if (start >= windowStart && start < windowEnd) {
          replyLatency.record(now - start);
        }
        outstanding--;
        pump();
      } else if (text.startsWith(AUTH)) {
        authenticated(senderAuth, senderName, text);
      } else {
        other(text);
      }
    }

    void onReceiverFrame(String text) {
      checkThread();
      if (text.startsWith(MESSAGE)) {
        String mid = stringAfter(text, "\"mid\":\"");
        String desp = stringAfter(text, "\"desp\":\"");
        if (mid == null || desp == null) {
          other(text);
          return;
        }
        receiver.writeTextMessage("{\"cmd\":\"MESSAGE_CALLBACK\",\"data\":{\"mid\":\"" + mid + "\"}}");
        long start = Long.parseLong(desp);
        received.increment();
        if (sentAt.put(mid, start) != null) {
          duplicates.increment();
        }
        if (start >= windowStart && start < windowEnd) {
          receiptLatency.record(System.nanoTime() - start);
        }
      } else if (text.startsWith(AUTH)) {
        authenticated(receiverAuth, receiverName, text);
      } else {
        other(text);
      }
    }

    private void checkThread() {
      if (Vertx.currentContext() != context) {
        wrongThread++;
      }
    }
  }

  private static final String REPLY = "{\"cmd\":\"MESSAGE_REPLY\"";
  private static final String MESSAGE = "{\"cmd\":\"MESSAGE\"";
  private static final String AUTH = "{\"cmd\":\"AUTH\"";

  private final Vertx vertx;
  private final WebSocketClient client;
  private final String padding;
  private final int window;
  private final long maxPerPair;
  private final List<Pair> pairs = new ArrayList<>();
  private final LongAdder acknowledged = new LongAdder();
  private final LongAdder notAcknowledged = new LongAdder();
  private final LongAdder received = new LongAdder();
  private final LongAdder duplicates = new LongAdder();
  private final LongAdder repliesWithoutReceipt = new LongAdder();
  private final LongAdder otherFrames = new LongAdder();
  private final List<String> otherSamples = new ArrayList<>();
  private volatile boolean sending;
  private volatile long windowStart = Long.MAX_VALUE;
  private volatile long windowEnd = Long.MAX_VALUE;

  PushBenchClients(Vertx vertx, int padBytes, int window, long maxPerPair) {
    this.vertx = vertx;
    // Held for the whole run: Vert.x closes an unreachable client and its connections.
    this.client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(100_000));
    this.padding = "x".repeat(Math.max(0, padBytes));
    this.window = window;
    this.maxPerPair = maxPerPair;
  }

  /**
   * Connects and authenticates {@code count} receivers on {@code receiverPort}, then as many senders on
   * {@code senderPort} (the same port for one node, another node's for the cluster case). Each pair gets a
   * fresh context, i.e. the next event loop of the generator.
   */
  void connect(int senderPort, int receiverPort, int count, String prefix) {
    for (int i = 0; i < count; i++) {
      pairs.add(new Pair(i, vertx.getOrCreateContext(), prefix + "-s" + i, prefix + "-r" + i));
    }
    // Receivers first: a sender's first message must find its receiver known (and online).
    List<Future<Void>> receivers = new ArrayList<>();
    for (Pair pair : pairs) {
      receivers.add(open(pair, receiverPort, false));
    }
    await(Future.all(receivers), "receivers connect and AUTH");
    List<Future<Void>> senders = new ArrayList<>();
    for (Pair pair : pairs) {
      senders.add(open(pair, senderPort, true));
    }
    await(Future.all(senders), "senders connect and AUTH");
  }

  private Future<Void> open(Pair pair, int port, boolean sender) {
    Promise<Void> authenticated = Promise.promise();
    String name = sender ? pair.senderName : pair.receiverName;
    pair.context.runOnContext(ignored -> {
      if (sender) {
        pair.senderAuth = authenticated;
      } else {
        pair.receiverAuth = authenticated;
      }
      client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/push"))
        .onFailure(authenticated::tryFail)
        .onSuccess(socket -> {
          if (sender) {
            pair.sender = socket;
            socket.textMessageHandler(pair::onSenderFrame);
          } else {
            pair.receiver = socket;
            socket.textMessageHandler(pair::onReceiverFrame);
          }
          socket.writeTextMessage("{\"cmd\":\"AUTH\",\"data\":{\"token\":\"" + TOKEN + "\",\"name\":\"" + name
            + "\",\"group\":\"push-bench\"}}");
        });
    });
    return authenticated.future();
  }

  private void authenticated(Promise<Void> waiting, String name, String text) {
    if (waiting == null) {
      other(text);
    } else if (text.contains("\"code\":200")) {
      waiting.tryComplete();
    } else {
      waiting.tryFail("AUTH of " + name + " refused: " + text);
    }
  }

  private void other(String text) {
    otherFrames.increment();
    synchronized (otherSamples) {
      if (otherSamples.size() < 5) {
        otherSamples.add(text.length() > 200 ? text.substring(0, 200) + "…" : text);
      }
    }
  }

  void start() {
    sending = true;
    for (Pair pair : pairs) {
      pair.context.runOnContext(ignored -> pair.pump());
    }
  }

  /** Latencies are recorded for messages sent from now on (until {@link #closeWindow()}). */
  void openWindow() {
    windowStart = System.nanoTime();
    windowEnd = Long.MAX_VALUE;
  }

  void closeWindow() {
    windowEnd = System.nanoTime();
  }

  /** Stops sending and waits (at most {@code maxSeconds}) until every outstanding message has its reply. */
  long stopAndDrain(int maxSeconds) {
    sending = false;
    long deadline = System.nanoTime() + maxSeconds * 1_000_000_000L;
    long left;
    do {
      Sleep.millis(100);
      left = outstanding();
    } while (left > 0 && System.nanoTime() < deadline);
    return left;
  }

  private long outstanding() {
    List<Future<Integer>> counts = new ArrayList<>();
    for (Pair pair : pairs) {
      Promise<Integer> count = Promise.promise();
      pair.context.runOnContext(ignored -> count.complete(pair.outstanding));
      counts.add(count.future());
    }
    await(Future.all(counts), "outstanding count");
    return counts.stream().mapToLong(Future::result).sum();
  }

  long acknowledged() {
    return acknowledged.sum();
  }

  long notAcknowledged() {
    return notAcknowledged.sum();
  }

  long received() {
    return received.sum();
  }

  long duplicates() {
    return duplicates.sum();
  }

  long repliesWithoutReceipt() {
    return repliesWithoutReceipt.sum();
  }

  long otherFrames() {
    return otherFrames.sum();
  }

  List<String> otherSamples() {
    synchronized (otherSamples) {
      return List.copyOf(otherSamples);
    }
  }

  /** The latencies of the window, merged over all pairs (read on each pair's context). */
  LatencyHistogram[] latencies() {
    LatencyHistogram reply = new LatencyHistogram();
    LatencyHistogram receipt = new LatencyHistogram();
    long[] wrong = {0};
    List<Future<Void>> merged = new ArrayList<>();
    for (Pair pair : pairs) {
      Promise<Void> done = Promise.promise();
      pair.context.runOnContext(ignored -> {
        synchronized (reply) {
          reply.add(pair.replyLatency);
          receipt.add(pair.receiptLatency);
          wrong[0] += pair.wrongThread;
        }
        done.complete();
      });
      merged.add(done.future());
    }
    await(Future.all(merged), "latency merge");
    if (wrong[0] > 0) {
      throw new IllegalStateException(wrong[0] + " frames were handled off their pair's event loop");
    }
    synchronized (reply) {
      return new LatencyHistogram[] {reply, receipt};
    }
  }

  @Override
  public void close() {
    sending = false;
    List<Future<Void>> closing = new ArrayList<>();
    for (Pair pair : pairs) {
      if (pair.sender != null) {
        closing.add(pair.sender.close());
      }
      if (pair.receiver != null) {
        closing.add(pair.receiver.close());
      }
    }
    try {
      Future.join(closing).await(30, TimeUnit.SECONDS);
    } catch (Exception ignored) {
      // the broker may already be gone
    }
    client.close();
  }

  /** The JSON string value after {@code key} (no escapes in what the benchmark sends), or null. */
  static String stringAfter(String text, String key) {
    int start = text.indexOf(key);
    if (start < 0) {
      return null;
    }
    start += key.length();
    int end = text.indexOf('"', start);
    return end < 0 ? null : text.substring(start, end);
  }

  private static <T> T await(Future<T> future, String what) {
    try {
      return future.await(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(what + " failed: " + e.getMessage(), e);
    }
  }
}
