package dev.switchboard.dialect.push;

import java.nio.charset.StandardCharsets;

/**
 * The fast path of {@link PushFrameParser}: reads the packets clients send all the time (plain ASCII JSON, the
 * fields the broker needs unescaped) with a byte loop instead of Jackson, which cost a sixth of the broker's Java
 * time on one node. It is strict and gives up on anything else: {@link #scan} answers {@code null} for any input
 * it does not fully accept (non-ASCII bytes, escapes in a field the broker reads, invalid JSON, deep nesting...),
 * and the caller then parses with Jackson, which has the last word on such input and on every error message.
 * What it accepts it reads exactly as {@link PushFrameParser} does (same fields, same byte ranges, the last of
 * repeated keys wins); {@code PushFrameParserTest} runs every case through both.
 */
final class PushFrameScanner {

  private static final byte[] CMD = ascii("cmd");
  private static final byte[] DATA = ascii("data");
  private static final byte[] SEND_TYPE = ascii("sendType");
  private static final byte[] TARGET = ascii("target");
  private static final byte[] MID = ascii("mid");
  private static final byte[] MESSAGE = ascii("message");
  /** Deeper values are left to Jackson. */
  private static final int MAX_DEPTH = 32;

  /** Thrown inside the scanner when it gives up; never leaves it. */
  private static final class GiveUp extends RuntimeException {
    GiveUp() {
      super(null, null, false, false);
    }
  }

  private static final GiveUp GIVE_UP = new GiveUp();

  private final byte[] in;
  private int at;
  /** Start and end (exclusive) of the last string read, without its quotes. */
  private int stringFrom;
  private int stringTo;

  private PushFrameScanner(byte[] in) {
    this.in = in;
  }

  /** The packet, or {@code null} when the scanner leaves this input to Jackson. */
  static PushFrame scan(byte[] bytes) {
    try {
      return new PushFrameScanner(bytes).packet();
    } catch (GiveUp | ArrayIndexOutOfBoundsException e) {
      return null;
    }
  }

  private PushFrame packet() {
    PushFrame frame = new PushFrame(in);
    skipSpace();
    expect('{');
    skipSpace();
    if (!closes('}')) {
      do {
        readKey();
        if (keyIs(CMD)) {
          frame.cmd = stringOrSkip(1);
        } else if (keyIs(DATA)) {
          data(frame);
        } else {
          skipValue(1);
        }
        skipSpace();
      } while (next(','));
      expect('}');
    }
    skipSpace();
    if (at != in.length) {
      throw GIVE_UP;
    }
    return frame;
  }

  private void data(PushFrame frame) {
    frame.forgetData();
    byte first = in[at];
    if (first != '{') {
      frame.dataKind = first == 'n' ? PushFrame.DataKind.NULL : PushFrame.DataKind.OTHER;
      skipValue(1);
      return;
    }
    frame.dataKind = PushFrame.DataKind.OBJECT;
    frame.dataFrom = at;
    at++;
    skipSpace();
    if (!closes('}')) {
      do {
        readKey();
        if (keyIs(SEND_TYPE)) {
          frame.sendType = stringOrSkip(2);
        } else if (keyIs(TARGET)) {
          frame.target = stringOrSkip(2);
        } else if (keyIs(MID)) {
          frame.mid = stringOrSkip(2);
        } else if (keyIs(MESSAGE)) {
          frame.messageFrom = -1;
          frame.messageTo = -1;
          frame.messageNotObject = false;
          if (in[at] == '{') {
            frame.messageFrom = at;
            skipValue(2);
            frame.messageTo = at;
          } else {
            frame.messageNotObject = !isNull();
            skipValue(2);
          }
        } else {
          skipValue(2);
        }
        skipSpace();
      } while (next(','));
      expect('}');
    }
    frame.dataTo = at;
  }

  /** After a key: a string value as text (plain ASCII only), or {@code null} for any other (valid) value. */
  private String stringOrSkip(int depth) {
    if (in[at] != '"') {
      skipValue(depth);
      return null;
    }
    readString(true);
    return new String(in, stringFrom, stringTo - stringFrom, StandardCharsets.ISO_8859_1);
  }

  /** A key and its colon; the scanner is then at the value. */
  private void readKey() {
    skipSpace();
    if (in[at] != '"') {
      throw GIVE_UP;
    }
    readString(true);
    skipSpace();
    expect(':');
    skipSpace();
  }

  private boolean keyIs(byte[] name) {
    int length = stringTo - stringFrom;
    if (length != name.length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (in[stringFrom + i] != name[i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * A string at {@code at}: printable ASCII only, and without escapes when {@code plain} (then its bytes are its
   * text); with escapes otherwise, each one checked.
   */
  private void readString(boolean plain) {
    int i = at + 1;
    stringFrom = i;
    while (true) {
      byte b = in[i];
      if (b == '"') {
        break;
      }
      if (b < 0x20 || b == 0x7f) {
        throw GIVE_UP;
      }
      if (b == '\\') {
        if (plain) {
          throw GIVE_UP;
        }
        i = escape(i + 1);
      } else {
        i++;
      }
    }
    stringTo = i;
    at = i + 1;
  }

  /** An escape after its backslash; answers the index after it. */
  private int escape(int i) {
    switch (in[i]) {
      case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> {
        return i + 1;
      }
      case 'u' -> {
        for (int k = 1; k <= 4; k++) {
          if (Character.digit(in[i + k], 16) < 0) {
            throw GIVE_UP;
          }
        }
        return i + 5;
      }
      default -> throw GIVE_UP;
    }
  }

  /**
   * Checks and skips any JSON value at {@code at}, leaving the scanner right after it; {@code depth} counts the
   * enclosing containers.
   */
  private void skipValue(int depth) {
    byte b = in[at];
    switch (b) {
      case '"' -> readString(false);
      case '{' -> container('}', depth, true);
      case '[' -> container(']', depth, false);
      case 't' -> literal("true");
      case 'f' -> literal("false");
      case 'n' -> literal("null");
      default -> number();
    }
  }

  private void container(char close, int depth, boolean object) {
    if (depth >= MAX_DEPTH) {
      throw GIVE_UP;
    }
    at++;
    skipSpace();
    if (closes(close)) {
      return;
    }
    do {
      if (object) {
        readKey();
      }
      skipValue(depth + 1);
      skipSpace();
    } while (next(','));
    expect(close);
  }

  private boolean isNull() {
    return in[at] == 'n';
  }

  private void literal(String word) {
    for (int i = 0; i < word.length(); i++) {
      if (in[at + i] != word.charAt(i)) {
        throw GIVE_UP;
      }
    }
    at += word.length();
    endOfToken();
  }

  /** {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}, then a delimiter. */
  private void number() {
    if (in[at] == '-') {
      at++;
    }
    if (in[at] == '0') {
      at++;
    } else {
      digits();
    }
    if (in[at] == '.') {
      at++;
      digits();
    }
    if (in[at] == 'e' || in[at] == 'E') {
      at++;
      if (in[at] == '+' || in[at] == '-') {
        at++;
      }
      digits();
    }
    endOfToken();
  }

  private void digits() {
    if (!isDigit(in[at])) {
      throw GIVE_UP;
    }
    while (isDigit(in[at])) {
      at++;
    }
  }

  private static boolean isDigit(byte b) {
    return b >= '0' && b <= '9';
  }

  /** A literal or number ends at a delimiter (the top level is an object, so it is never the last byte). */
  private void endOfToken() {
    byte b = in[at];
    if (b != ',' && b != '}' && b != ']' && b != ' ' && b != '\t' && b != '\n' && b != '\r') {
      throw GIVE_UP;
    }
  }

  private void skipSpace() {
    while (at < in.length) {
      byte b = in[at];
      if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
        return;
      }
      at++;
    }
  }

  /** Consumes {@code c} (and the space after it) if it is next. */
  private boolean next(char c) {
    if (in[at] == c) {
      at++;
      skipSpace();
      return true;
    }
    return false;
  }

  /** Consumes {@code c} if it is next, answering whether it was (an empty container). */
  private boolean closes(char c) {
    if (in[at] == c) {
      at++;
      return true;
    }
    return false;
  }

  private void expect(char c) {
    if (in[at] != c) {
      throw GIVE_UP;
    }
    at++;
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
