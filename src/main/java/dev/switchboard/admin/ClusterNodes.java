package dev.switchboard.admin;

import dev.switchboard.bus.Addresses;
import dev.switchboard.bus.ConnectionId;
import dev.switchboard.gateway.ConnectionDescription;
import dev.switchboard.routing.ClusterQuery;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The server API's way to the nodes of the cluster: asks every live member ({@link ClusterQuery}, one request
 * each, to {@link Addresses#apiOfMember}) or the one node a connection id names ({@link Addresses#apiOfNode}),
 * and reads their {@link NodeApiResponder}'s answers. A member that does not answer within
 * {@value #TIMEOUT_MS} ms is logged and left out, so one hung node costs a call that long and no more.
 */
final class ClusterNodes {

  static final long TIMEOUT_MS = 2000;

  private static final System.Logger LOG = System.getLogger(ClusterNodes.class.getName());

  private final Vertx vertx;
  private final ClusterQuery everyMember;

  ClusterNodes(Vertx vertx) {
    this.vertx = vertx;
    this.everyMember = new ClusterQuery(vertx, TIMEOUT_MS);
  }

  /** Every node's summary ({@link NodeReport#summary()}). */
  Future<List<JsonObject>> summaries() {
    return askEveryMember(question(NodeApiResponder.SUMMARY));
  }

  /** Every node's counters ({@link NodeReport#stats}). */
  Future<List<JsonObject>> stats() {
    return askEveryMember(question(NodeApiResponder.STATS));
  }

  /**
   * Up to {@code count} matching connections of every node ({@code node} null), or of that node only, unsorted
   * across nodes. An unknown node has none.
   */
  Future<List<ConnectionDescription>> list(String node, ConnectionFilter filter, int count) {
    JsonObject question = question(NodeApiResponder.LIST).put("filter", filter.toJson()).put("count", count);
    Future<List<JsonObject>> answers = node == null ? askEveryMember(question)
      : askNode(node, question).map(answer -> answer == null ? List.<JsonObject>of() : List.of(answer));
    return answers.map(all -> {
      List<ConnectionDescription> items = new ArrayList<>();
      for (JsonObject answer : all) {
        JsonArray page = answer.getJsonArray("items");
        for (int i = 0; i < page.size(); i++) {
          items.add(ConnectionDescription.fromJson(page.getJsonObject(i)));
        }
      }
      return items;
    });
  }

  /** One open connection anywhere in the cluster, or {@code null}. */
  Future<ConnectionDescription> describe(String connectionId) {
    return askHolder(connectionId, question(NodeApiResponder.DESCRIBE).put("id", connectionId),
      answer -> answer.getJsonObject("item") != null)
      .map(answer -> answer == null ? null : NodeApiResponder.itemOf(answer));
  }

  /** Closes one connection anywhere in the cluster; false when it is not open. */
  Future<Boolean> close(String connectionId) {
    return askHolder(connectionId, question(NodeApiResponder.CLOSE).put("id", connectionId),
      answer -> answer.getBoolean("closed"))
      .map(answer -> answer != null && answer.getBoolean("closed"));
  }

  /** Writes a frame to the selected connections (one node for a connection id, else every node); the count reached. */
  Future<Integer> write(ConnectionSelector selector, String frame) {
    JsonObject question = question(NodeApiResponder.WRITE).put("selector", selector.toJson()).put("frame", frame);
    Future<List<JsonObject>> answers = selector.kind() == ConnectionSelector.Kind.CONNECTION
      ? askOwner(selector.key(), question).map(answer -> answer == null ? List.<JsonObject>of() : List.of(answer))
      : askEveryMember(question);
    return answers.map(all -> all.stream().mapToInt(answer -> answer.getInteger("reached")).sum());
  }

  private static JsonObject question(String operation) {
    return new JsonObject().put("op", operation);
  }

  private Future<List<JsonObject>> askEveryMember(JsonObject question) {
    return everyMember.<JsonObject>askEveryMember(Addresses::apiOfMember, question).map(gathered -> {
      if (!gathered.silentMembers().isEmpty()) {
        LOG.log(System.Logger.Level.WARNING, "server API: no answer to '" + question.getString("op") + "' within "
          + TIMEOUT_MS + " ms from member(s) " + gathered.silentMembers() + "; they are missing from this answer");
      }
      return gathered.answers();
    });
  }

  /**
   * Asks the node a connection id names and, when it does not hold the connection ({@code found} is false, or the
   * node is gone), every node: a socket.io socket recovered elsewhere keeps the id its first node gave it. The
   * first answer that found it, or {@code null}. The question must change nothing where the connection is not.
   */
  private Future<JsonObject> askHolder(String connectionId, JsonObject question, Predicate<JsonObject> found) {
    if (ConnectionId.parse(connectionId) == null) {
      return Future.succeededFuture(null);
    }
    return askOwner(connectionId, question).compose(answer -> answer != null && found.test(answer)
      ? Future.succeededFuture(answer)
      : askEveryMember(question).map(all -> all.stream().filter(found).findFirst().orElse(null)));
  }

  /** Asks the node a connection id names; {@code null} when the id names no live node. */
  private Future<JsonObject> askOwner(String connectionId, JsonObject question) {
    ConnectionId id = ConnectionId.parse(connectionId);
    return id == null ? Future.succeededFuture(null) : askNode(id.node(), question);
  }

  /**
   * Asks one node by id; {@code null} when no such node is in the cluster (nobody listens on its address). A node
   * that is there but does not answer in time fails the call with 504.
   */
  private Future<JsonObject> askNode(String node, JsonObject question) {
    return vertx.eventBus().<JsonObject>request(Addresses.apiOfNode(node), question,
        new DeliveryOptions().setSendTimeout(TIMEOUT_MS))
      .map(Message::body)
      .recover(failure -> {
        if (failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.NO_HANDLERS) {
          return Future.succeededFuture(null);
        }
        if (failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.TIMEOUT) {
          return Future.failedFuture(new ApiException(504, "NODE_TIMEOUT", "node " + node + " did not answer within "
            + TIMEOUT_MS + " ms"));
        }
        return Future.failedFuture(failure);
      });
  }
}
