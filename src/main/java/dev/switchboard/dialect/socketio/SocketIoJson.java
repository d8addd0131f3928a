package dev.switchboard.dialect.socketio;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * One validating pass over a JSON text, with Jackson's streaming parser, that reports what the Socket.IO codec
 * needs without building a tree: the kind of the root value; for a root array, its first element and where the
 * rest begins; and the character ranges of the special objects — binary placeholders
 * ({@code {"_placeholder":true,"num":N}}) and app-side binaries ({@code {"$binary":"<base64>"}}). Payloads are
 * then rewritten by splicing those ranges, so every other character (number spellings, escapes, spacing) reaches
 * the other side exactly as it was written.
 */
final class SocketIoJson {

  private static final JsonFactory JSON = JsonFactory.builder().build();

  private SocketIoJson() {
  }

  /** The kind of a JSON value, as far as the codec's checks go. */
  enum Kind { OBJECT, ARRAY, STRING, NUMBER, BOOLEAN, NULL }

  /**
   * An object of interest and where it sits: {@code from} is its '{', {@code to} one past its '}'.
   * For a placeholder, {@code num} is its index, or -1 when {@code num} is not a non-negative integer;
   * for a binary, {@code base64} is the text of its {@code $binary}.
   */
  record Special(int from, int to, int num, String base64) {
  }

  /**
   * What one pass found.
   *
   * @param root              the kind of the root value
   * @param firstElement      for a root array, the kind of its first element, or {@code null} when it is empty
   *                          (or the root is not an array)
   * @param firstElementText  the first element's text when it is a string (unescaped) or a number (as written)
   * @param arrayStart        for a root array, the offset of its opening '['
   * @param restFrom          for a root array, where its second element starts, or -1 when it has fewer than two
   * @param arrayEnd          for a root array, the offset of its closing ']'
   * @param placeholders      outermost placeholder objects, in order
   * @param binaries          outermost {@code $binary} objects, in order
   */
  record Scan(Kind root, Kind firstElement, String firstElementText, int arrayStart, int restFrom, int arrayEnd,
              List<Special> placeholders, List<Special> binaries) {
  }

  /** Thrown for text that is not exactly one valid JSON value. */
  static final class InvalidJsonException extends Exception {
    InvalidJsonException(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Where the name and the arguments of an event are in its data: the name (unescaped, or a number as written),
   * where the second element starts (-1 when there is none) and the offset of the closing ']'.
   */
  record EventParts(String name, int restFrom, int arrayEnd) {
  }

  /**
   * Reads the name and argument range of EVENT data that has already been validated ({@link #scan} found a root
   * array whose first element is a string or a number), without a parser: this runs once per client event, right
   * after the decoder's scan. Returns {@code null} when the name holds an escape, which only {@link #scan} decodes.
   */
  static EventParts eventParts(String validated) {
    int name = skipSpace(validated, validated.indexOf('[') + 1);
    String text;
    int afterName;
    if (validated.charAt(name) == '"') {
      int close = validated.indexOf('"', name + 1);
      int backslash = validated.indexOf('\\', name + 1);
      if (backslash >= 0 && backslash < close) {
        return null;
      }
      text = validated.substring(name + 1, close);
      afterName = close + 1;
    } else {
      afterName = name;
      while (afterName < validated.length() && isNumberChar(validated.charAt(afterName))) {
        afterName++;
      }
      text = validated.substring(name, afterName);
    }
    int next = skipSpace(validated, afterName);
    int arrayEnd = validated.length() - 1;
    while (validated.charAt(arrayEnd) != ']') {
      arrayEnd--;
    }
    return new EventParts(text, validated.charAt(next) == ',' ? skipSpace(validated, next + 1) : -1, arrayEnd);
  }

  private static int skipSpace(String json, int from) {
    int at = from;
    while (at < json.length() && isSpace(json.charAt(at))) {
      at++;
    }
    return at;
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
  }

  private static boolean isNumberChar(char c) {
    return c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
  }

  /** Reads {@code json} once, fully validating it. */
  static Scan scan(String json) throws InvalidJsonException {
    try (JsonParser parser = JSON.createParser(json)) {
      return new Scanner(parser).run();
    } catch (JsonProcessingException e) {
      throw new InvalidJsonException("not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The state of one object being read: what its direct members say about it. */
  private static final class ObjectFrame {
    final int from;
    String field;
    int members;
    boolean placeholder;
    int num = -1;
    String base64;

    ObjectFrame(int from) {
      this.from = from;
    }
  }

  /** Marks an array on the frame stack. */
  private static final ObjectFrame ARRAY = new ObjectFrame(-1);

  private static final class Scanner {
    private final JsonParser parser;
    /** The open containers, innermost last; an event nests a few levels, so this rarely grows. */
    private ObjectFrame[] frames = new ObjectFrame[8];
    private int depth;
    /** Created at the first find: most payloads hold neither. */
    private List<Special> placeholders = List.of();
    private List<Special> binaries = List.of();
    private Kind root;
    private Kind firstElement;
    private String firstElementText;
    private int elementsOfRoot;
    private int arrayStart = -1;
    private int restFrom = -1;
    private int arrayEnd = -1;

    Scanner(JsonParser parser) {
      this.parser = parser;
    }

    Scan run() throws IOException, InvalidJsonException {
      JsonToken token = parser.nextToken();
      if (token == null) {
        throw new InvalidJsonException("no JSON value");
      }
      root = kindOf(token);
      while (true) {
        read(token);
        if (depth == 0) {
          break;
        }
        token = parser.nextToken();
        if (token == null) {
          throw new InvalidJsonException("the JSON value is not complete");
        }
      }
      if (parser.nextToken() != null) {
        throw new InvalidJsonException("more than one JSON value");
      }
      return new Scan(root, firstElement, firstElementText, arrayStart, restFrom, arrayEnd,
        outermost(placeholders), outermost(binaries));
    }

    /**
     * Where the current token starts. Asked only where an offset is kept: each call allocates a location, and
     * most tokens of an event (field names, scalars, the ends of ordinary objects) need none.
     */
    private int offset() {
      return (int) parser.currentTokenLocation().getCharOffset();
    }

    private void read(JsonToken token) throws IOException {
      if (token == JsonToken.FIELD_NAME) {
        frames[depth - 1].field = parser.currentName();
        return;
      }
      if (token == JsonToken.END_OBJECT) {
        ObjectFrame frame = pop();
        if (frame.placeholder) {
          placeholders = added(placeholders, new Special(frame.from, offset() + 1, frame.num, null));
        }
        if (frame.members == 1 && frame.base64 != null) {
          binaries = added(binaries, new Special(frame.from, offset() + 1, -1, frame.base64));
        }
        return;
      }
      if (token == JsonToken.END_ARRAY) {
        pop();
        if (depth == 0 && root == Kind.ARRAY) {
          arrayEnd = offset();
        }
        return;
      }
      // A value starts here.
      ObjectFrame parent = depth == 0 ? null : frames[depth - 1];
      boolean member = parent != null && parent != ARRAY;
      boolean elementOfRoot = parent == ARRAY && depth == 1 && root == Kind.ARRAY;
      String text = null;
      if (token == JsonToken.VALUE_STRING) {
        if (member && "$binary".equals(parent.field) || elementOfRoot && elementsOfRoot == 0) {
          text = parser.getText();
        } else {
          // Strings are decoded lazily; finishing one is what finds a bad escape or a raw control character.
          parser.finishToken();
        }
      }
      if (member) {
        memberOf(parent, token, text);
      } else if (elementOfRoot) {
        elementOfRoot(token, text);
      }
      if (token == JsonToken.START_OBJECT) {
        push(new ObjectFrame(offset()));
      } else if (token == JsonToken.START_ARRAY) {
        if (depth == 0) {
          arrayStart = offset();
        }
        push(ARRAY);
      }
    }

    private void push(ObjectFrame frame) {
      if (depth == frames.length) {
        frames = Arrays.copyOf(frames, depth * 2);
      }
      frames[depth++] = frame;
    }

    private ObjectFrame pop() {
      ObjectFrame frame = frames[--depth];
      frames[depth] = null;
      return frame;
    }

    private static List<Special> added(List<Special> found, Special special) {
      List<Special> list = found.isEmpty() ? new ArrayList<>(2) : found;
      list.add(special);
      return list;
    }

    /** Records what a direct member says; as in JavaScript, the last of duplicate names wins. */
    private void memberOf(ObjectFrame object, JsonToken token, String text) throws IOException {
      object.members++;
      switch (object.field) {
        case "_placeholder" -> object.placeholder = token == JsonToken.VALUE_TRUE;
        case "num" -> object.num = indexValue(token);
        case "$binary" -> object.base64 = text;
        default -> {
        }
      }
    }

    private void elementOfRoot(JsonToken token, String text) throws IOException {
      elementsOfRoot++;
      if (elementsOfRoot == 1) {
        firstElement = kindOf(token);
        firstElementText = token == JsonToken.VALUE_STRING ? text
          : token.isNumeric() ? parser.getText() : null;
      } else if (elementsOfRoot == 2) {
        restFrom = offset();
      }
    }

    /** A placeholder index: a number with an integral value that fits an int and is not negative, else -1. */
    private int indexValue(JsonToken token) throws IOException {
      if (token == JsonToken.VALUE_NUMBER_INT) {
        if (parser.getNumberType() == JsonParser.NumberType.INT) {
          int value = parser.getIntValue();
          return value >= 0 ? value : -1;
        }
        return -1;
      }
      if (token == JsonToken.VALUE_NUMBER_FLOAT) {
        // JSON.parse("1.0") is the number 1, so the reference takes it as index 1.
        double value = parser.getDoubleValue();
        return value >= 0 && value <= Integer.MAX_VALUE && value == Math.rint(value) ? (int) value : -1;
      }
      return -1;
    }
  }

  private static Kind kindOf(JsonToken token) {
    return switch (token) {
      case START_OBJECT -> Kind.OBJECT;
      case START_ARRAY -> Kind.ARRAY;
      case VALUE_STRING -> Kind.STRING;
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> Kind.NUMBER;
      case VALUE_TRUE, VALUE_FALSE -> Kind.BOOLEAN;
      case VALUE_NULL -> Kind.NULL;
      default -> throw new IllegalStateException("not a value: " + token);
    };
  }

  /** Drops the objects nested in an earlier one: the outer object is replaced whole, its inside never looked at. */
  private static List<Special> outermost(List<Special> found) {
    if (found.size() < 2) {
      return found;
    }
    List<Special> sorted = new ArrayList<>(found);
    sorted.sort(Comparator.comparingInt(Special::from));
    List<Special> outer = new ArrayList<>(sorted.size());
    int end = -1;
    for (Special special : sorted) {
      if (special.from() >= end) {
        outer.add(special);
        end = special.to();
      }
    }
    return outer;
  }
}
