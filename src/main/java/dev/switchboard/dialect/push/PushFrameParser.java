package dev.switchboard.dialect.push;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Reads a push packet from its UTF-8 bytes with a streaming parser (no tree): the counterpart of the sync
 * dialect's {@code SyncFrameParser}. Pure and stateless; table-tested in {@code PushFrameParserTest}.
 */
final class PushFrameParser {

  /** Why a frame is not a packet; the text is the INFO the client gets. */
  static final class InvalidPushFrameException extends RuntimeException {
    InvalidPushFrameException(String message) {
      super(message, null, false, false);
    }
  }

  static final String NOT_JSON = "invalid packet: not valid JSON";
  static final String NOT_OBJECT = "invalid packet: it must be a JSON object {cmd, data}";
  private static final JsonFactory JSON = JsonFactory.builder().build();

  private PushFrameParser() {
  }

  /**
   * Parses a frame. Of repeated keys the last one counts, as with a JSON tree. Plain packets are read by
   * {@link PushFrameScanner}; whatever it leaves (and every invalid frame) is read by Jackson.
   *
   * @throws InvalidPushFrameException when the bytes are not JSON, or not one JSON object
   */
  static PushFrame parse(byte[] bytes) {
    PushFrame scanned = PushFrameScanner.scan(bytes);
    return scanned != null ? scanned : parseWithJackson(bytes);
  }

  /** {@link #parse} with Jackson only (the reference the scanner is tested against). */
  static PushFrame parseWithJackson(byte[] bytes) {
    PushFrame frame = new PushFrame(bytes);
    try (JsonParser parser = JSON.createParser(bytes)) {
      JsonToken first = parser.nextToken();
      if (first != JsonToken.START_OBJECT) {
        // Still tell invalid JSON apart from valid JSON that is not an object.
        parser.skipChildren();
        if (first == null || parser.nextToken() != null) {
          throw new InvalidPushFrameException(NOT_JSON);
        }
        throw new InvalidPushFrameException(NOT_OBJECT);
      }
      JsonToken token;
      while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        switch (field) {
          case "cmd" -> frame.cmd = stringOrSkip(parser, value);
          case "data" -> readData(parser, value, frame);
          default -> parser.skipChildren();
        }
      }
      if (token != JsonToken.END_OBJECT || parser.nextToken() != null) {
        throw new InvalidPushFrameException(NOT_JSON);
      }
    } catch (JsonProcessingException e) {
      throw new InvalidPushFrameException(NOT_JSON);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return frame;
  }

  private static void readData(JsonParser parser, JsonToken value, PushFrame frame) throws IOException {
    frame.forgetData();
    if (value != JsonToken.START_OBJECT) {
      frame.dataKind = value == JsonToken.VALUE_NULL ? PushFrame.DataKind.NULL : PushFrame.DataKind.OTHER;
      parser.skipChildren();
      return;
    }
    frame.dataFrom = (int) parser.currentTokenLocation().getByteOffset();
    frame.dataKind = PushFrame.DataKind.OBJECT;
    JsonToken token;
    while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken fieldValue = parser.nextToken();
      switch (field) {
        case "sendType" -> frame.sendType = stringOrSkip(parser, fieldValue);
        case "target" -> frame.target = stringOrSkip(parser, fieldValue);
        case "mid" -> frame.mid = stringOrSkip(parser, fieldValue);
        case "message" -> {
          frame.messageFrom = -1;
          frame.messageTo = -1;
          frame.messageNotObject = false;
          if (fieldValue == JsonToken.START_OBJECT) {
            frame.messageFrom = (int) parser.currentTokenLocation().getByteOffset();
            parser.skipChildren();
            frame.messageTo = (int) parser.currentLocation().getByteOffset();
          } else if (fieldValue != JsonToken.VALUE_NULL) {
            frame.messageNotObject = true;
            parser.skipChildren();
          }
        }
        default -> parser.skipChildren();
      }
    }
    if (token != JsonToken.END_OBJECT) {
      throw new InvalidPushFrameException(NOT_JSON);
    }
    frame.dataTo = (int) parser.currentLocation().getByteOffset();
  }

  private static String stringOrSkip(JsonParser parser, JsonToken value) throws IOException {
    if (value == JsonToken.VALUE_STRING) {
      return parser.getText();
    }
    parser.skipChildren();
    return null;
  }
}
