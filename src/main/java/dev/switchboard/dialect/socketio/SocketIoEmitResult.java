package dev.switchboard.dialect.socketio;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * The outcome of an emit (SPEC §5 {@code POST /api/send}): how many live sockets it was handed to, and, when an
 * ack was asked, one item per socket: {@code {"conn":id,"args":[...]}} or {@code {"conn":id,"error":"TIMEOUT"}}.
 */
public record SocketIoEmitResult(int reached, List<JsonObject> acks) {

  public SocketIoEmitResult {
    acks = acks == null ? null : List.copyOf(acks);
  }

  /** The API's reply body. */
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("reached", reached);
    if (acks != null) {
      json.put("acks", new JsonArray(List.copyOf(acks)));
    }
    return json;
  }
}
