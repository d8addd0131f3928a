package dev.switchboard.dialect.tapr;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.switchboard.codec.JsonBytesWriter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The tapr wire format (SPEC §4), both ways. In: a client frame is classified without building a tree — a
 * {@code {"event":"ping",...}} ping, any other JSON value (forwarded to the app as its bytes), or not JSON.
 * Out: the pong and error frames. Pure and stateless; table-tested in {@code TaprFrameCodecTest}.
 */
public final class TaprFrameCodec {

  /** What a client frame is. */
  public enum Kind { PING, MESSAGE, INVALID }

  /** A classified client frame; {@code problem} says what is wrong with an INVALID one. */
  public record Frame(Kind kind, String problem) {
    static final Frame PING = new Frame(Kind.PING, null);
    static final Frame MESSAGE = new Frame(Kind.MESSAGE, null);
  }

  public static final String INVALID_MESSAGE = "INVALID_MESSAGE";

  private static final JsonFactory JSON = JsonFactory.builder().build();
  private static final byte[] PONG = "{\"event\":\"pong\",\"data\":{}}".getBytes(StandardCharsets.US_ASCII);

  private TaprFrameCodec() {
  }

  /** Classifies a whole text message from a client. */
  public static Frame read(byte[] utf8) {
    try (JsonParser parser = JSON.createParser(utf8)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        return invalid("the frame is empty: send a JSON value such as {\"event\":\"...\",\"data\":{...}}");
      }
      boolean ping = first == JsonToken.START_OBJECT ? readObjectIsPing(parser) : skipValue(parser, first);
      if (parser.nextToken() != null) {
        return invalid("the frame holds more than one JSON value");
      }
      return ping ? Frame.PING : Frame.MESSAGE;
    } catch (JsonProcessingException e) {
      return invalid("the frame is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code {"event":"pong","data":{}}}; the same array every time, never to be changed. */
  public static byte[] pong() {
    return PONG;
  }

  /** {@code {"event":"error","data":{"code":...,"message":...}}}. */
  public static byte[] error(String code, String message) {
    byte[] data = JsonBytesWriter.object(message.length() + 48)
      .stringField("code", code)
      .stringField("message", message)
      .finish();
    return JsonBytesWriter.object(data.length + 32)
      .stringField("event", "error")
      .rawField("data", data)
      .finish();
  }

  /** Reads a top-level object to its end; true when its {@code event} (the last one, as JSON parsers keep) is "ping". */
  private static boolean readObjectIsPing(JsonParser parser) throws IOException {
    boolean ping = false;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      boolean event = "event".equals(parser.currentName());
      JsonToken value = parser.nextToken();
      if (event) {
        ping = value == JsonToken.VALUE_STRING && "ping".equals(parser.getText());
      }
      if (!event || value != JsonToken.VALUE_STRING) {
        skipValue(parser, value);
      }
    }
    // Jackson itself fails on input that ends inside the object, so the loop ends at its END_OBJECT.
    return ping;
  }

  /** Skips a value, validating it all the way (string contents included); always false. */
  private static boolean skipValue(JsonParser parser, JsonToken value) throws IOException {
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
    } else if (value == JsonToken.VALUE_STRING) {
      // Strings are decoded lazily; finishing one is what finds a bad escape or a raw control character.
      parser.finishToken();
    }
    return false;
  }

  private static Frame invalid(String problem) {
    return new Frame(Kind.INVALID, problem);
  }
}
