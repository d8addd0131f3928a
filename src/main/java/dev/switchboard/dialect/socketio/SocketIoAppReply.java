package dev.switchboard.dialect.socketio;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
 * @param ackHasBinary  whether {@code ackArguments} has a {@code $binary} member anywhere, so it may need
 *                      converting to a BINARY_ACK; when false it is valid JSON to send as it is (it was checked
 *                      as it was read)
 */
public record SocketIoAppReply(String rejectMessage, String rejectData, List<String> rooms, List<SocketIoEvent> emits,
                               String ackArguments, boolean ackHasBinary) {

  public static final SocketIoAppReply NOTHING = new SocketIoAppReply(null, null, List.of(), List.of(), null, false);

  private static final JsonFactory JSON = JsonFactory.builder().build();

  /**
   * Reads the answer in one streaming pass (one per client event on the ack path): {@code ack} is kept as the
   * app's own JSON text, not parsed into a tree and encoded again; only the rarer {@code reject} and {@code emit}
   * are read as trees. As with a JSON object, the last of duplicate fields wins.
   */
  public static SocketIoAppReply parse(Buffer body) {
    if (body == null || body.length() == 0) {
      return NOTHING;
    }
    byte[] bytes = body.getBytes();
    try (JsonParser parser = JSON.createParser(bytes)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return NOTHING;
      }
      String rejectMessage = null;
      String rejectData = null;
      List<String> rooms = List.of();
      List<SocketIoEvent> emits = List.of();
      String ack = null;
      boolean ackHasBinary = false;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        switch (field) {
          case "reject" -> {
            rejectMessage = null;
            rejectData = null;
            if (value == JsonToken.START_OBJECT) {
              JsonObject reject = new JsonObject(container(parser, bytes));
              rejectMessage = reject.getValue("message") instanceof String message ? message : "rejected";
              rejectData = reject.getValue("data") == null ? null : Json.encode(reject.getValue("data"));
            } else if (value == JsonToken.VALUE_STRING) {
              rejectMessage = parser.getText();
            } else {
              parser.skipChildren();
            }
          }
          case "rooms" -> rooms = rooms(parser, value);
          case "emit" -> emits = value == JsonToken.START_ARRAY ? emits(new JsonArray(container(parser, bytes)))
            : skipped(parser, List.of());
          case "ack" -> {
            ackHasBinary = false;
            if (value == JsonToken.START_ARRAY || value == JsonToken.START_OBJECT) {
              int from = (int) parser.currentTokenLocation().getByteOffset();
              ackHasBinary = skipNotingBinary(parser);
              String text = new String(bytes, from, (int) parser.currentTokenLocation().getByteOffset() + 1 - from,
                StandardCharsets.UTF_8);
              ack = value == JsonToken.START_ARRAY ? text : "[" + text + "]";
            } else {
              ack = value == JsonToken.VALUE_STRING ? new JsonArray().add(parser.getText()).encode()
                // A number, true, false or null, as written.
                : "[" + parser.getText() + "]";
            }
          }
          default -> parser.skipChildren();
        }
      }
      if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
        return NOTHING;
      }
      return new SocketIoAppReply(rejectMessage, rejectData, rooms, emits, ack, ackHasBinary);
    } catch (IOException | RuntimeException notAnObject) {
      return NOTHING;
    }
  }

  /** The text of the object or array that starts at the current token, which is then past its end. */
  private static String container(JsonParser parser, byte[] bytes) throws IOException {
    int from = (int) parser.currentTokenLocation().getByteOffset();
    parser.skipChildren();
    int to = (int) parser.currentTokenLocation().getByteOffset() + 1;
    return new String(bytes, from, to - from, StandardCharsets.UTF_8);
  }

  /**
   * Skips the object or array that starts at the current token, as {@link JsonParser#skipChildren} does (every
   * token is read, so the text is valid JSON once this returns), and tells whether any object in it has a
   * {@code $binary} member. Saves the ack a second pass to find out whether it is a BINARY_ACK.
   */
  private static boolean skipNotingBinary(JsonParser parser) throws IOException {
    boolean binary = false;
    int open = 1;
    while (open > 0) {
      JsonToken token = parser.nextToken();
      if (token == null) {
        throw new IOException("the answer ends inside its ack");
      }
      if (token.isStructStart()) {
        open++;
      } else if (token.isStructEnd()) {
        open--;
      } else if (token == JsonToken.FIELD_NAME && "$binary".equals(parser.currentName())) {
        binary = true;
      }
    }
    return binary;
  }

  private static <T> T skipped(JsonParser parser, T value) throws IOException {
    parser.skipChildren();
    return value;
  }

  private static List<String> rooms(JsonParser parser, JsonToken value) throws IOException {
    if (value != JsonToken.START_ARRAY) {
      return skipped(parser, List.of());
    }
    List<String> rooms = new ArrayList<>();
    JsonToken item;
    while ((item = parser.nextToken()) != JsonToken.END_ARRAY) {
      if (item == JsonToken.VALUE_STRING) {
        rooms.add(parser.getText());
      } else {
        parser.skipChildren();
      }
    }
    return rooms;
  }

  private static List<SocketIoEvent> emits(JsonArray array) {
    List<SocketIoEvent> emits = new ArrayList<>();
    for (Object item : array) {
      if (item instanceof JsonObject emit && emit.getValue("event") instanceof String event) {
        Object args = emit.getValue("args");
        emits.add(new SocketIoEvent(event, args instanceof JsonArray list ? list.encode() : "[]"));
      }
    }
    return emits;
  }
}
