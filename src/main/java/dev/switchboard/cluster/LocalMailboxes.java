package dev.switchboard.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Mailboxes of a node that is not clustered: in memory, shared by the node's gateway instances. Each mailbox is
 * an insertion-ordered map by key, so an append and a remove are O(1); it is only touched inside the
 * {@code ConcurrentHashMap}'s per-key compute, which serialises the instances' changes to one mailbox.
 */
final class LocalMailboxes implements Mailboxes, Shareable {

  private final ConcurrentHashMap<String, LinkedHashMap<String, byte[]>> boxes = new ConcurrentHashMap<>();

  static LocalMailboxes shared(Vertx vertx, String name) {
    LocalMap<String, LocalMailboxes> registry = vertx.sharedData().getLocalMap("sb.mailboxes");
    LocalMailboxes created = new LocalMailboxes();
    LocalMailboxes existing = registry.putIfAbsent(name, created);
    return existing == null ? created : existing;
  }

  @Override
  public Future<Void> append(String mailbox, String key, byte[] payload) {
    boxes.compute(mailbox, (name, items) -> {
      LinkedHashMap<String, byte[]> box = items == null ? new LinkedHashMap<>() : items;
      box.putIfAbsent(key, payload);
      return box;
    });
    return Future.succeededFuture();
  }

  @Override
  public Future<List<Item>> read(String mailbox) {
    List<Item> items = new ArrayList<>();
    boxes.computeIfPresent(mailbox, (name, box) -> {
      box.forEach((key, payload) -> items.add(new Item(key, payload)));
      return box;
    });
    return Future.succeededFuture(items);
  }

  @Override
  public Future<Boolean> remove(String mailbox, String key) {
    boolean[] removed = new boolean[1];
    boxes.computeIfPresent(mailbox, (name, box) -> {
      removed[0] = box.remove(key) != null;
      return box.isEmpty() ? null : box;
    });
    return Future.succeededFuture(removed[0]);
  }
}
