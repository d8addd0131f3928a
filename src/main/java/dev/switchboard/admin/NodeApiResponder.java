package dev.switchboard.admin;

import dev.switchboard.bus.Addresses;
import dev.switchboard.bus.NodeIdentity;
import dev.switchboard.gateway.ConnectionDescription;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * This node's side of the server API: answers, for the API of any node, questions about this node and its
 * connections — its summary, its counters, a page of its connections, one connection, closing one, writing a
 * frame to some. Listens on {@link Addresses#apiOfMember} (how {@link ClusterNodes} asks every member) and
 * {@link Addresses#apiOfNode} (how it asks the node a connection id names). Requests and answers are JSON
 * objects; {@code op} says which question. One per node, started by the admin verticle.
 */
final class NodeApiResponder {

  static final String SUMMARY = "summary";
  static final String STATS = "stats";
  static final String LIST = "list";
  static final String DESCRIBE = "describe";
  static final String CLOSE = "close";
  static final String WRITE = "write";

  private final Vertx vertx;
  private final NodeIdentity node;
  private final NodeConnections connections;
  private final NodeReport report;
  private List<MessageConsumer<JsonObject>> consumers = List.of();

  NodeApiResponder(Vertx vertx, NodeIdentity node, NodeConnections connections, NodeReport report) {
    this.vertx = vertx;
    this.node = node;
    this.connections = connections;
    this.report = report;
  }

  Future<Void> start() {
    consumers = List.of(
      vertx.eventBus().consumer(Addresses.apiOfMember(node.memberId()), this::answer),
      vertx.eventBus().consumer(Addresses.apiOfNode(node.id()), this::answer));
    return Future.all(consumers.stream().map(MessageConsumer::completion).toList()).mapEmpty();
  }

  Future<Void> stop() {
    return Future.join(consumers.stream().map(MessageConsumer::unregister).toList()).mapEmpty();
  }

  private void answer(Message<JsonObject> request) {
    JsonObject body = request.body();
    Future<JsonObject> answer = switch (String.valueOf(body.getString("op"))) {
      case SUMMARY -> Future.succeededFuture(report.summary());
      case STATS -> connections.pendingDeliveries().map(report::stats);
      case LIST -> connections.list(ConnectionFilter.fromJson(body.getJsonObject("filter")), body.getInteger("count"))
        .map(page -> {
          JsonArray items = new JsonArray();
          page.forEach(item -> items.add(item.toJson()));
          return new JsonObject().put("items", items);
        });
      case DESCRIBE -> connections.describe(body.getString("id"))
        .map(item -> new JsonObject().put("item", item == null ? null : item.toJson()));
      case CLOSE -> connections.close(body.getString("id")).map(closed -> new JsonObject().put("closed", closed));
      case WRITE -> connections.write(ConnectionSelector.fromJson(body.getJsonObject("selector")),
          body.getString("frame").getBytes(StandardCharsets.UTF_8))
        .map(reached -> new JsonObject().put("reached", reached));
      default -> Future.failedFuture("unknown server API question: " + body.getString("op"));
    };
    answer.onSuccess(request::reply).onFailure(failure -> request.fail(500, String.valueOf(failure.getMessage())));
  }

  static ConnectionDescription itemOf(JsonObject answer) {
    JsonObject item = answer.getJsonObject("item");
    return item == null ? null : ConnectionDescription.fromJson(item);
  }
}
