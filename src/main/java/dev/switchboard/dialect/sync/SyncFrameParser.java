package dev.switchboard.dialect.sync;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Reads a sync frame from its UTF-8 bytes with a streaming parser: no tree is built, and {@code id} and
 * {@code data} are located, not copied. Pure and stateless; table-tested in {@code SyncFrameParserTest}.
 */
public final class SyncFrameParser {

  private static final JsonFactory JSON = JsonFactory.builder().build();

  private SyncFrameParser() {
  }

  /**
   * Parses a frame.
   *
   * @throws InvalidSyncFrameException when the bytes are not JSON or not a JSON object
   */
  public static SyncFrame parse(byte[] bytes) {
    SyncFrame frame = new SyncFrame(bytes);
    try (JsonParser parser = JSON.createParser(bytes)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new InvalidSyncFrameException("a frame must be a JSON object");
      }
      JsonToken token;
      while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        switch (field) {
          case "id" -> readId(parser, value, frame);
          case "type" -> {
            if (value == JsonToken.VALUE_STRING) {
              frame.type = parser.getText();
              frame.typeNotString = false;
            } else if (value == JsonToken.VALUE_NULL) {
              frame.type = null;
              frame.typeNotString = false;
            } else {
              frame.type = null;
              frame.typeNotString = true;
              parser.skipChildren();
            }
          }
          case "method" -> frame.method = readString(parser, value, "method", frame);
          case "service" -> frame.service = readString(parser, value, "service", frame);
          case "errorCode" -> frame.errorCode = readString(parser, value, "errorCode", frame);
          case "message" -> frame.message = readString(parser, value, "message", frame);
          case "data" -> {
            if (value == JsonToken.VALUE_NULL) {
              frame.dataFrom = -1;
              frame.dataTo = -1;
            } else {
              int[] range = valueRange(parser, value);
              frame.dataFrom = range[0];
              frame.dataTo = range[1];
            }
          }
          default -> parser.skipChildren();
        }
      }
      if (token != JsonToken.END_OBJECT || parser.nextToken() != null) {
        throw new InvalidSyncFrameException("a frame must be a single JSON object");
      }
    } catch (JsonProcessingException e) {
      throw new InvalidSyncFrameException("not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return frame;
  }

  private static void readId(JsonParser parser, JsonToken value, SyncFrame frame) throws IOException {
    if (value == JsonToken.VALUE_NULL) {
      frame.idFrom = -1;
      frame.idTo = -1;
      return;
    }
    if (value != JsonToken.VALUE_STRING && value != JsonToken.VALUE_NUMBER_INT && value != JsonToken.VALUE_NUMBER_FLOAT) {
      frame.problem = "id must be a string or a number";
      parser.skipChildren();
      return;
    }
    int[] range = valueRange(parser, value);
    frame.idFrom = range[0];
    frame.idTo = range[1];
  }

  private static String readString(JsonParser parser, JsonToken value, String field, SyncFrame frame) throws IOException {
    if (value == JsonToken.VALUE_STRING) {
      return parser.getText();
    }
    if (value != JsonToken.VALUE_NULL) {
      if (frame.problem == null) {
        frame.problem = field + " must be a string";
      }
      parser.skipChildren();
    }
    return null;
  }

  /** The byte range of the current value, which the parser is positioned on; leaves it at the value's end. */
  private static int[] valueRange(JsonParser parser, JsonToken value) throws IOException {
    int from = (int) parser.currentTokenLocation().getByteOffset();
    if (value.isStructStart()) {
      parser.skipChildren();
    } else {
      parser.finishToken();
    }
    int to = (int) parser.currentLocation().getByteOffset();
    return new int[]{from, to};
  }

  /** Decodes the JSON string literal at {@code from..to} (quotes included). */
  static String decodeString(byte[] bytes, int from, int to) {
    try (JsonParser parser = JSON.createParser(bytes, from, to - from)) {
      parser.nextToken();
      return parser.getText();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
