package dev.switchboard.dialect.socketio;

import dev.switchboard.dialect.socketio.SocketIoJson.InvalidJsonException;
import dev.switchboard.dialect.socketio.SocketIoJson.Kind;
import dev.switchboard.dialect.socketio.SocketIoJson.Scan;
import dev.switchboard.dialect.socketio.SocketIoJson.Special;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class SocketIoJsonTest {

  private static Scan scan(String json) {
    try {
      return SocketIoJson.scan(json);
    } catch (InvalidJsonException e) {
      throw new AssertionError(json + ": " + e.getMessage());
    }
  }

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource(delimiter = '|', value = {
    "{}           | OBJECT", "[]   | ARRAY", "\"a\" | STRING", "1.5e3 | NUMBER", "-0 | NUMBER", "true | BOOLEAN",
    "false        | BOOLEAN", "null | NULL"})
  void rootKinds(String json, Kind kind) {
    assertEquals(kind, scan(json).root());
  }

  @Test
  void jsonWhitespaceAroundTheValueIsFine() {
    assertEquals(Kind.ARRAY, scan(" \t\r\n[ ] \n").root());
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {"", " ", "{", "[1,]", "{'a':1}", "[1] [2]", "{}x", "01", "NaN", "\"\\x\"", "\"a\u0001\"",
    "[\"a\" 1]", "tru", "{\"a\"}", "{\"a\":1,}", "\ufeff{}", "[1]\u001e"})
  void invalidJson(String json) {
    assertThrows(InvalidJsonException.class, () -> SocketIoJson.scan(json));
  }

  @Test
  void theFirstElementAndTheRestOfARootArray() {
    Scan scan = scan("[ \"ev\\u0041\" , 1, {\"a\":[2]} ]");
    assertEquals(Kind.STRING, scan.firstElement());
    assertEquals("evA", scan.firstElementText());
    assertEquals(0, scan.arrayStart());
    assertEquals("1, {\"a\":[2]} ", "[ \"ev\\u0041\" , 1, {\"a\":[2]} ]".substring(scan.restFrom(), scan.arrayEnd()));

    Scan number = scan("[1.50]");
    assertEquals(Kind.NUMBER, number.firstElement());
    assertEquals("1.50", number.firstElementText());
    assertEquals(-1, number.restFrom());

    Scan empty = scan(" [ ] ");
    assertNull(empty.firstElement());
    assertEquals(1, empty.arrayStart());
    assertEquals(3, empty.arrayEnd());
  }

  @Test
  void specialObjectsAreFoundByCharacterOffsetsEvenPastSurrogatePairs() {
    String json = "[\"😀é\",{\"$binary\":\"AQID\"},{\"x\":{\"_placeholder\":true,\"num\":3}}]";
    Scan scan = scan(json);
    Special binary = scan.binaries().get(0);
    assertEquals("{\"$binary\":\"AQID\"}", json.substring(binary.from(), binary.to()));
    assertEquals("AQID", binary.base64());
    Special placeholder = scan.placeholders().get(0);
    assertEquals("{\"_placeholder\":true,\"num\":3}", json.substring(placeholder.from(), placeholder.to()));
    assertEquals(3, placeholder.num());
  }

  @Test
  void offsetsHoldPastTheParsersBuffer() {
    String padding = "😀x".repeat(40_000);
    String json = "[\"" + padding + "\",{\"$binary\":\"AQID\"},\"" + padding + "\",{\"_placeholder\":true,\"num\":0}]";
    Scan scan = scan(json);
    Special binary = scan.binaries().get(0);
    assertEquals("{\"$binary\":\"AQID\"}", json.substring(binary.from(), binary.to()));
    Special placeholder = scan.placeholders().get(0);
    assertEquals("{\"_placeholder\":true,\"num\":0}", json.substring(placeholder.from(), placeholder.to()));
    assertEquals(json.length() - 1, scan.arrayEnd());
    assertEquals(json.indexOf("{\"$binary"), scan.restFrom());
  }

  @Test
  void onlyOutermostPlaceholdersCountAndTheLastDuplicateWins() {
    Scan nested = scan("{\"_placeholder\":true,\"num\":0,\"x\":{\"_placeholder\":true,\"num\":1}}");
    assertEquals(1, nested.placeholders().size());
    assertEquals(0, nested.placeholders().get(0).num());
    assertEquals(List.of(), scan("{\"_placeholder\":true,\"_placeholder\":false,\"num\":0}").placeholders());
    assertEquals(5, scan("{\"_placeholder\":true,\"num\":1,\"num\":5}").placeholders().get(0).num());
    assertEquals(List.of(), scan("{\"_placeholder\":\"true\",\"num\":0}").placeholders());
  }

  @Test
  void binariesHaveExactlyOneStringMember() {
    assertEquals(List.of(), scan("{\"$binary\":\"AA\",\"x\":1}").binaries());
    assertEquals(List.of(), scan("{\"$binary\":1}").binaries());
    assertEquals(List.of(), scan("{\"$binary\":{\"$binary\":\"AA\"}}").binaries().subList(0, 0));
    assertEquals(1, scan("{\"$binary\":{\"$binary\":\"AA\"}}").binaries().size(), "the inner one is a binary");
    assertEquals(2, scan("[{\"$binary\":\"\"},[{\"$binary\":\"AA==\"}]]").binaries().size());
  }
}
