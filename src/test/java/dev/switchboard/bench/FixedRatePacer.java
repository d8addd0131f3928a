package dev.switchboard.bench;

import io.netty.channel.EventLoop;
import io.vertx.core.Context;
import io.vertx.core.internal.ContextInternal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Starts events at a fixed total rate, round robin over the peers: slot {@code j} is due {@code j / rate} seconds
 * after the start and belongs to peer {@code j mod n}. Each event loop of the peers runs its own slots from a Netty
 * timer, so an event starts on its peer's thread at its due time with no hand-over between threads, and the
 * latency is taken from that due time: a late event counts as it would for a real client (no coordinated
 * omission).
 * <p>Why not Vert.x timers: they take whole milliseconds, and so does the JDK selector's sleep; events left up to
 * a millisecond after they were due, a floor under every round trip of both servers that hid the difference
 * between them. On the native transport Netty's timers wake within tens of microseconds.
 */
final class FixedRatePacer<P> implements AutoCloseable {

  /** Starts one event of {@code peer}, due at {@code dueNanos}; called on the peer's event loop. */
  interface Starter<P> {
    void start(P peer, long dueNanos);
  }

  private volatile boolean running = true;

  FixedRatePacer(List<P> peers, Function<P, Context> contextOf, int perSecond, Starter<P> starter) {
    long start = System.nanoTime() + 1_000_000;
    Map<EventLoop, boolean[]> lanes = new LinkedHashMap<>();
    for (int i = 0; i < peers.size(); i++) {
      EventLoop loop = ((ContextInternal) contextOf.apply(peers.get(i))).nettyEventLoop();
      lanes.computeIfAbsent(loop, ignored -> new boolean[peers.size()])[i] = true;
    }
    lanes.forEach((loop, mine) -> {
      Lane<P> lane = new Lane<>(this, loop, peers, mine, start, perSecond, starter);
      loop.execute(lane::schedule);
    });
  }

  /** Stops starting events; those already started still finish. */
  @Override
  public void close() {
    running = false;
  }

  /** The slots of the peers on one event loop; touched on that loop only. */
  private static final class Lane<P> implements Runnable {
    private final FixedRatePacer<P> pacer;
    private final EventLoop loop;
    private final List<P> peers;
    private final boolean[] mine;
    private final long startNanos;
    private final int perSecond;
    private final Starter<P> starter;
    private long slot;

    Lane(FixedRatePacer<P> pacer, EventLoop loop, List<P> peers, boolean[] mine, long startNanos, int perSecond,
         Starter<P> starter) {
      this.pacer = pacer;
      this.loop = loop;
      this.peers = peers;
      this.mine = mine;
      this.startNanos = startNanos;
      this.perSecond = perSecond;
      this.starter = starter;
      skipToOwnSlot();
    }

    private long due(long slot) {
      return startNanos + slot * 1_000_000_000L / perSecond;
    }

    private void skipToOwnSlot() {
      while (!mine[(int) (slot % peers.size())]) {
        slot++;
      }
    }

    @Override
    public void run() {
      if (!pacer.running) {
        return;
      }
      long now = System.nanoTime();
      while (due(slot) <= now) {
        starter.start(peers.get((int) (slot % peers.size())), due(slot));
        slot++;
        skipToOwnSlot();
      }
      schedule();
    }

    void schedule() {
      loop.schedule(this, Math.max(0, due(slot) - System.nanoTime()), TimeUnit.NANOSECONDS);
    }
  }
}
