package dev.switchboard.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongConsumer;

/**
 * Mailboxes of a node that is not clustered: in memory, shared by the node's gateway instances. Each mailbox is
 * a {@link MailboxContents} (insertion-ordered by key, so an append and a remove are O(1)); it is only touched
 * inside the {@code ConcurrentHashMap}'s per-key compute, which serialises the instances' changes to one mailbox.
 * A periodic sweep drops the mailboxes whose items have all outlived {@code retainMs} and tells {@code expired}
 * how many items each held: inside the compute that drops it, so no remove can count one of them as well.
 */
final class LocalMailboxes implements Mailboxes, Shareable {

  /** How often the sweep looks at most: a mailbox outlives its items by at most this (or retainMs if shorter). */
  private static final long SWEEP_EVERY_MS = 60_000;

  private final ConcurrentHashMap<String, MailboxContents> boxes = new ConcurrentHashMap<>();
  private final long retainMs;
  private final LongConsumer expired;

  private LocalMailboxes(long retainMs, LongConsumer expired) {
    this.retainMs = retainMs;
    this.expired = expired;
  }

  static LocalMailboxes shared(Vertx vertx, String name, long retainMs, LongConsumer expired) {
    LocalMap<String, LocalMailboxes> registry = vertx.sharedData().getLocalMap("sb.mailboxes");
    LocalMailboxes created = new LocalMailboxes(retainMs, expired);
    LocalMailboxes existing = registry.putIfAbsent(name, created);
    if (existing != null) {
      return existing;
    }
    vertx.setPeriodic(Math.max(10, Math.min(retainMs, SWEEP_EVERY_MS)), id -> created.sweep());
    return created;
  }

  @Override
  public Future<Void> append(String mailbox, String key, byte[] payload) {
    long now = System.currentTimeMillis();
    boxes.compute(mailbox, (name, items) -> {
      MailboxContents box = items == null ? new MailboxContents() : items;
      box.append(key, payload, now);
      return box;
    });
    return Future.succeededFuture();
  }

  @Override
  public Future<List<Item>> read(String mailbox) {
    List<Item> items = new ArrayList<>();
    boxes.computeIfPresent(mailbox, (name, box) -> {
      items.addAll(box.items());
      return box;
    });
    return Future.succeededFuture(items);
  }

  @Override
  public Future<Boolean> remove(String mailbox, String key) {
    boolean[] removed = new boolean[1];
    boxes.computeIfPresent(mailbox, (name, box) -> {
      removed[0] = box.remove(key);
      return box.isEmpty() ? null : box;
    });
    return Future.succeededFuture(removed[0]);
  }

  /** The number of mailboxes held (for tests of the sweep). */
  int size() {
    return boxes.size();
  }

  private void sweep() {
    long now = System.currentTimeMillis();
    boxes.forEach((name, unused) -> boxes.computeIfPresent(name, (key, box) -> {
      if (box.retainedFor(retainMs, now) > 0) {
        return box;
      }
      expired.accept(box.size());
      return null;
    }));
  }
}
