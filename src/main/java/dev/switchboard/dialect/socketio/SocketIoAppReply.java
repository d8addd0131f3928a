package dev.switchboard.dialect.socketio;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * What the app's 2xx webhook answer asks of a socket (SPEC §6): refuse the connect, join rooms, emit events to
 * it, answer its ack. An empty or non-JSON body asks nothing.
 *
 * @param rejectMessage the CONNECT_ERROR message ({@code open} only), or {@code null}
 * @param rejectData    raw JSON of the CONNECT_ERROR data, or {@code null}
 * @param rooms         rooms to join
 * @param emits         events to send to the socket, in order
 * @param ackArguments  raw JSON array answering the client's ack ({@code message} only), or {@code null}
 */
public record SocketIoAppReply(String rejectMessage, String rejectData, List<String> rooms, List<SocketIoEvent> emits,
                               String ackArguments) {

  public static final SocketIoAppReply NOTHING = new SocketIoAppReply(null, null, List.of(), List.of(), null);

  public static SocketIoAppReply parse(Buffer body) {
    if (body == null || body.length() == 0) {
      return NOTHING;
    }
    JsonObject json;
    try {
      json = new JsonObject(body);
    } catch (RuntimeException notAnObject) {
      return NOTHING;
    }
    String rejectMessage = null;
    String rejectData = null;
    if (json.getValue("reject") instanceof JsonObject reject) {
      rejectMessage = reject.getValue("message") instanceof String message ? message : "rejected";
      rejectData = reject.getValue("data") == null ? null : Json.encode(reject.getValue("data"));
    } else if (json.getValue("reject") instanceof String message) {
      rejectMessage = message;
    }
    List<String> rooms = new ArrayList<>();
    if (json.getValue("rooms") instanceof JsonArray array) {
      array.forEach(room -> {
        if (room instanceof String name) {
          rooms.add(name);
        }
      });
    }
    List<SocketIoEvent> emits = new ArrayList<>();
    if (json.getValue("emit") instanceof JsonArray array) {
      for (Object item : array) {
        if (item instanceof JsonObject emit && emit.getValue("event") instanceof String event) {
          Object args = emit.getValue("args");
          emits.add(new SocketIoEvent(event, args instanceof JsonArray list ? list.encode() : "[]"));
        }
      }
    }
    String ack = null;
    if (json.containsKey("ack")) {
      Object value = json.getValue("ack");
      ack = value instanceof JsonArray list ? list.encode() : new JsonArray().add(value).encode();
    }
    return new SocketIoAppReply(rejectMessage, rejectData, rooms, emits, ack);
  }

  private static final class Json {
    static String encode(Object value) {
      return io.vertx.core.json.Json.encode(value);
    }
  }
}
