package dev.switchboard.dialect.push;

import dev.switchboard.bus.Addresses;
import dev.switchboard.gateway.Gateway;
import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Push messages sent through the server API (SPEC §5, {@code POST /api/send} with dialect {@code push}): a
 * MESSAGE to a name or a group, accepted exactly like one from a client ({@link PushEndpoint#accept}: written to
 * every recipient's mailbox before the answer, then delivered with the usual window, retries and statuses), from
 * {@code {method:"http", name:<"from" or "api">}}. Nobody is owed a MESSAGE_REPLY: the API answers with the
 * statuses at acceptance. Every push endpoint of a node listens on the node's local address
 * ({@link Addresses#pushApiMessages}); the event bus hands each request to one of them, on its event loop.
 *
 * <p>Request: {@code {sendType, target, message, from?}}. Answer: {@code {status:{name:status}, reached:N}}, where
 * {@code reached} counts the recipients that had a live session (a connection, or a webhook client) right after
 * acceptance — an offline name is 0, its message waits in its mailbox.
 */
final class PushApiMessages {

  static final String DEFAULT_SENDER = "api";

  private final Gateway gateway;
  private final PushEndpoint endpoint;

  private PushApiMessages(Gateway gateway, PushEndpoint endpoint) {
    this.gateway = gateway;
    this.endpoint = endpoint;
  }

  /** Starts taking the node's API push messages on this endpoint's event loop. */
  static MessageConsumer<JsonObject> listen(Gateway gateway, PushEndpoint endpoint) {
    PushApiMessages messages = new PushApiMessages(gateway, endpoint);
    return gateway.vertx().eventBus().localConsumer(Addresses.pushApiMessages(gateway.node().id()), messages::accept);
  }

  private void accept(Message<JsonObject> request) {
    PushMessageRequest message;
    try {
      message = PushMessageRequest.parse(request.body());
    } catch (IllegalArgumentException e) {
      request.fail(400, e.getMessage());
      return;
    }
    String from = request.body().getValue("from") instanceof String name ? name : DEFAULT_SENDER;
    endpoint.accept(message, "http", from, null, null)
      .compose(statuses -> countLive(statuses).map(reached -> {
        JsonObject status = new JsonObject();
        statuses.forEach((name, value) -> status.put(name, value.wire()));
        return new JsonObject().put("status", status).put("reached", reached);
      }))
      .onSuccess(request::reply)
      .onFailure(failure -> request.fail(500, "message not accepted: " + failure.getMessage()));
  }

  /** How many of the accepted recipients have a live session to hand the message to. */
  private Future<Integer> countLive(Map<String, PushStatus> statuses) {
    List<String> queued = new ArrayList<>();
    statuses.forEach((name, status) -> {
      if (status != PushStatus.NO) {
        queued.add(name);
      }
    });
    if (queued.isEmpty()) {
      return Future.succeededFuture(0);
    }
    return gateway.vertx().sharedData().<String, String>getAsyncMap(PushDirectory.SESSIONS).compose(sessions -> {
      List<Future<String>> reads = new ArrayList<>(queued.size());
      queued.forEach(name -> reads.add(sessions.get(name)));
      return Future.join(reads).map(ignored -> (int) reads.stream()
        .filter(read -> read.succeeded() && read.result() != null).count());
    });
  }
}
