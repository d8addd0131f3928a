package dev.switchboard.dialect.sync;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.*;

/** The streaming sync frame parser: fields, raw id/data ranges, null-as-absent, refusals. */
class SyncFrameParserTest {

  private static SyncFrame parse(String text) {
    return SyncFrameParser.parse(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String text(byte[] bytes) {
    return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
  }

  @Test
  void readsFieldsAndKeepsIdAndDataRaw() {
    SyncFrame frame = parse("{ \"id\" : \"a\\\"b\", \"type\":\"request\",\"method\":\"m\",\"service\":\"s\","
      + "\"data\" : {\"x\": [1, 2.50, \"\\u00e9\"]} , \"other\":{\"deep\":[{}]}}");
    assertEquals("\"a\\\"b\"", text(frame.idJson()));
    assertEquals("a\"b", frame.idText());
    assertEquals("request", frame.type());
    assertEquals("m", frame.method());
    assertEquals("s", frame.service());
    assertEquals("{\"x\": [1, 2.50, \"\\u00e9\"]}", text(frame.dataJson()));
    assertNull(frame.problem);
  }

  @Test
  void scalarDataKeepsItsExactText() {
    assertEquals("0", text(parse("{\"data\":0}").dataJson()));
    assertEquals("false", text(parse("{\"data\":false}").dataJson()));
    assertEquals("\"\"", text(parse("{\"data\":\"\"}").dataJson()));
    assertEquals("12345678901234567890123", text(parse("{\"data\":12345678901234567890123}").dataJson()));
    assertEquals("-1.5e10", text(parse("{\"data\":-1.5e10,\"id\":7}").dataJson()));
    assertEquals("\"\u4e2d\u6587\"", text(parse("{\"data\":\"\u4e2d\u6587\"}").dataJson()));
    assertEquals("7", text(parse("{\"data\":1,\"id\":7}").idJson()));
  }

  @Test
  void nullValuesCountAsAbsent() {
    SyncFrame frame = parse("{\"id\":null,\"type\":null,\"method\":null,\"data\":null,\"errorCode\":null}");
    assertFalse(frame.hasId());
    assertNull(frame.type());
    assertFalse(frame.typeNotString);
    assertNull(frame.method());
    assertFalse(frame.hasData());
    assertNull(frame.errorCode());
    assertNull(frame.problem);
  }

  @Test
  void wrongFieldTypesAreNamed() {
    assertEquals("method must be a string", parse("{\"method\":5}").problem);
    assertEquals("id must be a string or a number", parse("{\"id\":{\"a\":1}}").problem);
    assertEquals("errorCode must be a string", parse("{\"errorCode\":[1]}").problem);
    assertTrue(parse("{\"type\":1}").typeNotString);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "{", "{\"a\":}", "[1]", "\"s\"", "12", "null", "{\"a\":1} {}", "{\"a\":1}x", "{'a':1}"})
  void refusesWhatIsNotOneJsonObject(String text) {
    assertThrows(InvalidSyncFrameException.class, () -> parse(text));
  }
}
