package dev.switchboard.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Mailboxes of a node that is not clustered: in memory, shared by the node's gateway instances.
 */
final class LocalMailboxes implements Mailboxes, Shareable {

  private final ConcurrentHashMap<String, String> boxes = new ConcurrentHashMap<>();

  static LocalMailboxes shared(Vertx vertx, String name) {
    LocalMap<String, LocalMailboxes> registry = vertx.sharedData().getLocalMap("sb.mailboxes");
    LocalMailboxes created = new LocalMailboxes();
    LocalMailboxes existing = registry.putIfAbsent(name, created);
    return existing == null ? created : existing;
  }

  @Override
  public Future<Void> append(String mailbox, String key, String payload) {
    boxes.compute(mailbox, (name, text) -> MailboxText.append(text, key, payload));
    return Future.succeededFuture();
  }

  @Override
  public Future<List<Item>> read(String mailbox) {
    return Future.succeededFuture(MailboxText.items(boxes.get(mailbox)));
  }

  @Override
  public Future<Boolean> remove(String mailbox, String key) {
    AtomicBoolean removed = new AtomicBoolean();
    boxes.computeIfPresent(mailbox, (name, text) -> {
      String next = MailboxText.remove(text, key);
      removed.set(next == null || next.length() != text.length());
      return next;
    });
    return Future.succeededFuture(removed.get());
  }
}
