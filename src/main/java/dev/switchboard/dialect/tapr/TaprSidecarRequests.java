package dev.switchboard.dialect.tapr;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Reads the bodies of the sidecar's send and close calls (SPEC §4) with a streaming parser. The payload is
 * located, not decoded: the frame each target receives is the payload's own JSON text. Field types follow the
 * original sidecar: {@code conn_id} a string, {@code users}/{@code conns} arrays of strings, a {@code null} counts as
 * absent, unknown fields are ignored. Pure; tested in {@code TaprSidecarRequestsTest}.
 */
final class TaprSidecarRequests {

  private static final JsonFactory JSON = JsonFactory.builder().build();
  private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);

  /**
   * A send: the frame to write and its targets.
   *
   * @param payload      the JSON text of {@code payload} (or its alias {@code data}); {@code null} when absent, as
   *                     the original sent it
   * @param connectionId {@code conn_id}, or {@code null} when absent or empty
   * @param users        {@code users} without repeats, empty when absent
   */
  record Send(byte[] payload, String connectionId, List<String> users) {
    boolean hasTarget() {
      return connectionId != null || !users.isEmpty();
    }
  }

  /**
   * A close: its targets.
   *
   * @param connections {@code conns} without repeats (empty strings dropped), empty when absent
   * @param users       {@code users} without repeats, empty when absent
   * @param all         {@code "all": true}
   */
  record Close(List<String> connections, List<String> users, boolean all) {
    boolean hasTarget() {
      return all || !connections.isEmpty() || !users.isEmpty();
    }
  }

  private TaprSidecarRequests() {
  }

  /**
   * Reads a send body.
   *
   * @throws InvalidSidecarRequestException when it is not a JSON object or a field has the wrong type
   */
  static Send send(byte[] body) {
    byte[] payload = null;
    byte[] dataAlias = null;
    String connectionId = null;
    List<String> users = List.of();
    try (JsonParser parser = JSON.createParser(body)) {
      if (!startObject(parser)) {
        return new Send(NULL, null, List.of());
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        switch (field) {
          case "payload" -> payload = rawValue(parser, value, body);
          case "data" -> dataAlias = rawValue(parser, value, body);
          case "conn_id" -> connectionId = nonEmpty(string(parser, value, field));
          case "users" -> users = strings(parser, value, field);
          default -> skip(parser, value);
        }
      }
      requireEnd(parser);
    } catch (JsonProcessingException e) {
      throw new InvalidSidecarRequestException(e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // "data" is an alias [beyond]; when both are there, "payload" wins.
    byte[] frame = payload != null ? payload : dataAlias != null ? dataAlias : NULL;
    return new Send(frame, connectionId, users);
  }

  /**
   * Reads a close body; an empty body is a close without targets.
   *
   * @throws InvalidSidecarRequestException when it is not a JSON object or a field has the wrong type
   */
  static Close close(byte[] body) {
    List<String> connections = List.of();
    List<String> users = List.of();
    boolean all = false;
    if (isBlank(body)) {
      return new Close(connections, users, false);
    }
    try (JsonParser parser = JSON.createParser(body)) {
      if (!startObject(parser)) {
        return new Close(connections, users, false);
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        switch (field) {
          case "conns" -> connections = strings(parser, value, field).stream().filter(id -> !id.isEmpty()).toList();
          case "users" -> users = strings(parser, value, field);
          case "all" -> {
            if (value != JsonToken.VALUE_TRUE && value != JsonToken.VALUE_FALSE && value != JsonToken.VALUE_NULL) {
              throw new InvalidSidecarRequestException("all must be a boolean");
            }
            all = value == JsonToken.VALUE_TRUE;
          }
          default -> skip(parser, value);
        }
      }
      requireEnd(parser);
    } catch (JsonProcessingException e) {
      throw new InvalidSidecarRequestException(e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Close(connections, users, all);
  }

  /** True at the start of an object, false for a {@code null} body (no fields, as the original read it). */
  private static boolean startObject(JsonParser parser) throws IOException {
    JsonToken first = parser.nextToken();
    if (first == null) {
      throw new InvalidSidecarRequestException("the body is empty");
    }
    if (first == JsonToken.VALUE_NULL) {
      requireEnd(parser);
      return false;
    }
    if (first != JsonToken.START_OBJECT) {
      throw new InvalidSidecarRequestException("the body must be a JSON object");
    }
    return true;
  }

  private static void requireEnd(JsonParser parser) throws IOException {
    if (parser.nextToken() != null) {
      throw new InvalidSidecarRequestException("the body holds more than one JSON value");
    }
  }

  /** The JSON text of the current value; {@code null} for a JSON null (which counts as absent). */
  private static byte[] rawValue(JsonParser parser, JsonToken value, byte[] body) throws IOException {
    if (value == JsonToken.VALUE_NULL) {
      return null;
    }
    int from = (int) parser.currentTokenLocation().getByteOffset();
    skip(parser, value);
    int to = (int) parser.currentLocation().getByteOffset();
    return Arrays.copyOfRange(body, from, to);
  }

  private static String string(JsonParser parser, JsonToken value, String field) throws IOException {
    if (value == JsonToken.VALUE_NULL) {
      return null;
    }
    if (value != JsonToken.VALUE_STRING) {
      throw new InvalidSidecarRequestException(field + " must be a string");
    }
    return parser.getText();
  }

  private static List<String> strings(JsonParser parser, JsonToken value, String field) throws IOException {
    if (value == JsonToken.VALUE_NULL) {
      return List.of();
    }
    if (value != JsonToken.START_ARRAY) {
      throw new InvalidSidecarRequestException(field + " must be an array of strings");
    }
    LinkedHashSet<String> values = new LinkedHashSet<>();
    JsonToken item;
    while ((item = parser.nextToken()) != JsonToken.END_ARRAY) {
      if (item != JsonToken.VALUE_STRING) {
        throw new InvalidSidecarRequestException(field + " must be an array of strings");
      }
      values.add(parser.getText());
    }
    return new ArrayList<>(values);
  }

  /** Skips a value, decoding strings on the way so a bad escape is found here, not by a client. */
  private static void skip(JsonParser parser, JsonToken value) throws IOException {
    if (value.isStructStart()) {
      int depth = 1;
      while (depth > 0) {
        JsonToken token = parser.nextToken();
        if (token.isStructStart()) {
          depth++;
        } else if (token.isStructEnd()) {
          depth--;
        } else if (token == JsonToken.VALUE_STRING) {
          parser.finishToken();
        }
      }
    } else {
      parser.finishToken();
    }
  }

  private static String nonEmpty(String value) {
    return value == null || value.isEmpty() ? null : value;
  }

  private static boolean isBlank(byte[] body) {
    for (byte b : body) {
      if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
        return false;
      }
    }
    return true;
  }
}
