package dev.switchboard.cluster;

import dev.switchboard.bus.Addresses;
import dev.switchboard.bus.NodeIdentity;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Connection counts of every gateway instance in the cluster, so any node can answer "how many clients /
 * services are connected" without a cluster read. Each instance publishes its own counts (coalesced, at
 * most every {@value #PUBLISH_DELAY_MS} ms) and keeps everyone else's; a member's counts are dropped when it
 * leaves, so a dead node never leaves stale numbers. One per gateway instance, on its event loop.
 *
 * <p>It also knows which instances there are ({@link #instances()}), including those that never had a
 * connection: on start an instance asks every instance (itself included) to publish, so it hears of all the
 * running ones and they of it; an instance is dropped with its member. Each user passes its own pair of addresses,
 * so the set is the instances of one dialect (the socket.io endpoints keep theirs on {@code sb.socketio.instances}:
 * a node with the dialect disabled is not in it).
 */
public final class ConnectionSummaries {

  static final long PUBLISH_DELAY_MS = 20;

  private record Summary(String member, Map<String, Long> counts) {
  }

  private final Vertx vertx;
  private final NodeIdentity node;
  private final String ownKey;
  private final String summariesAddress;
  private final String requestAddress;
  private final Runnable onTotalsChanged;
  private final Map<String, Summary> byInstance = new HashMap<>();
  private final Map<String, Long> ownCounts = new HashMap<>();
  private final Set<String> departedMembers = new HashSet<>();
  /** Instances of departed members: node ids are never reused, so such an instance never comes back. */
  private final Set<String> departedInstances = new HashSet<>();
  private final List<MessageConsumer<?>> consumers = new ArrayList<>();
  private boolean publishScheduled;

  public ConnectionSummaries(Vertx vertx, NodeIdentity node, int instance, Runnable onTotalsChanged) {
    this(vertx, node, instance, Addresses.SUMMARIES, Addresses.SUMMARY_REQUEST, onTotalsChanged);
  }

  /**
   * @param summariesAddress where summaries are published
   * @param requestAddress   where a starting instance asks everyone to publish
   * @param onTotalsChanged  run when a total may have changed or an instance came or went
   */
  public ConnectionSummaries(Vertx vertx, NodeIdentity node, int instance, String summariesAddress,
                             String requestAddress, Runnable onTotalsChanged) {
    this.vertx = vertx;
    this.summariesAddress = summariesAddress;
    this.requestAddress = requestAddress;
    this.node = node;
    this.ownKey = node.id() + "." + instance;
    this.onTotalsChanged = onTotalsChanged;
  }

  public Future<Void> start() {
    MessageConsumer<JsonObject> summaries = vertx.eventBus().consumer(summariesAddress, m -> receive(m.body()));
    MessageConsumer<String> requests = vertx.eventBus().consumer(requestAddress, m -> publishNow());
    MessageConsumer<String> departures = vertx.eventBus().localConsumer(Addresses.MEMBER_LEFT, m -> memberLeft(m.body()));
    consumers.add(summaries);
    consumers.add(requests);
    consumers.add(departures);
    byInstance.put(ownKey, new Summary(node.memberId(), Map.copyOf(ownCounts)));
    return Future.all(summaries.completion(), requests.completion(), departures.completion())
      .onSuccess(ignored -> vertx.eventBus().publish(requestAddress, ownKey))
      .mapEmpty();
  }

  public Future<Void> stop() {
    return Future.join(consumers.stream().map(MessageConsumer::unregister).toList()).mapEmpty();
  }

  /**
   * Tells every instance that this one is leaving (its node drains): they drop it at once, as when its member
   * leaves, instead of counting on it until the cluster notices the member gone.
   */
  public void leave() {
    vertx.eventBus().publish(summariesAddress,
      new JsonObject().put("instance", ownKey).put("member", node.memberId()).put("leaving", true));
  }

  /** Changes this instance's count of {@code key} by {@code delta}. */
  public void adjust(String key, long delta) {
    ownCounts.merge(key, delta, Long::sum);
    byInstance.put(ownKey, new Summary(node.memberId(), Map.copyOf(ownCounts)));
    onTotalsChanged.run();
    if (!publishScheduled) {
      publishScheduled = true;
      vertx.setTimer(PUBLISH_DELAY_MS, id -> publishNow());
    }
  }

  /** The cluster-wide total of {@code key}. */
  public long total(String key) {
    long total = 0;
    for (Summary summary : byInstance.values()) {
      total += summary.counts().getOrDefault(key, 0L);
    }
    return total;
  }

  /** This node's totals per key (over the instances of this node that this instance knows of). */
  public Map<String, Long> nodeTotals(String nodeId) {
    Map<String, Long> totals = new HashMap<>();
    byInstance.forEach((key, summary) -> {
      if (key.startsWith(nodeId + ".")) {
        summary.counts().forEach((name, count) -> totals.merge(name, count, Long::sum));
      }
    });
    return totals;
  }

  /**
   * Whether the instance {@code <node>.<instance>} is known to be gone: it announced its leaving ({@link #leave}) or
   * its member left the cluster. An instance never heard of is not "gone" (it may be starting).
   */
  public boolean hasLeft(String instanceKey) {
    return departedInstances.contains(instanceKey);
  }

  /** The keys ({@code <node>.<instance>}) of every instance known to run, this one included (a live view). */
  public Set<String> instances() {
    return Collections.unmodifiableSet(byInstance.keySet());
  }

  private void publishNow() {
    publishScheduled = false;
    JsonObject counts = new JsonObject();
    ownCounts.forEach(counts::put);
    vertx.eventBus().publish(summariesAddress,
      new JsonObject().put("instance", ownKey).put("member", node.memberId()).put("counts", counts));
  }

  private void receive(JsonObject message) {
    String key = message.getString("instance");
    String member = message.getString("member");
    if (ownKey.equals(key) || departedMembers.contains(member) || departedInstances.contains(key)) {
      return;
    }
    if (message.getBoolean("leaving", false)) {
      departedInstances.add(key);
      if (byInstance.remove(key) != null) {
        onTotalsChanged.run();
      }
      return;
    }
    Map<String, Long> counts = new HashMap<>();
    message.getJsonObject("counts").forEach(e -> counts.put(e.getKey(), ((Number) e.getValue()).longValue()));
    Summary previous = byInstance.put(key, new Summary(member, Map.copyOf(counts)));
    if (previous == null || !previous.counts().equals(counts)) {
      onTotalsChanged.run();
    }
  }

  private void memberLeft(String member) {
    departedMembers.add(member);
    boolean removed = false;
    for (Iterator<Map.Entry<String, Summary>> it = byInstance.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Summary> entry = it.next();
      if (entry.getValue().member().equals(member)) {
        departedInstances.add(entry.getKey());
        it.remove();
        removed = true;
      }
    }
    if (removed) {
      onTotalsChanged.run();
    }
  }
}
