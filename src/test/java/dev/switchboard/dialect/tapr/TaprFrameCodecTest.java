package dev.switchboard.dialect.tapr;

import dev.switchboard.dialect.tapr.TaprFrameCodec.Kind;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.*;

class TaprFrameCodecTest {

  private static TaprFrameCodec.Frame read(String text) {
    return TaprFrameCodec.read(text.getBytes(StandardCharsets.UTF_8));
  }

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource(delimiter = '|', value = {
    "{\"event\":\"ping\",\"data\":{}}                | PING",
    "{\"event\":\"ping\"}                            | PING",
    "{\"data\":{\"x\":[1,2]},\"event\":\"ping\"}     | PING",
    "  {\"event\" : \"ping\" , \"data\" : null }     | PING",
    "{\"event\":\"pong\",\"data\":{}}                | MESSAGE",
    "{\"event\":\"Ping\"}                            | MESSAGE",
    "{\"event\":{\"ping\":1}}                        | MESSAGE",
    "{\"event\":\"ping\",\"event\":\"chat\"}         | MESSAGE",
    "{\"data\":{\"event\":\"ping\"}}                 | MESSAGE",
    "{\"event\":\"chat\",\"data\":{\"text\":\"hi\"}} | MESSAGE",
    "{}                                               | MESSAGE",
    "[1,2,3]                                          | MESSAGE",
    "\"a string\"                                     | MESSAGE",
    "42                                               | MESSAGE",
    "true                                             | MESSAGE",
    "null                                             | MESSAGE",
    "not json                                         | INVALID",
    "{\"event\":                                      | INVALID",
    "{} {}                                            | INVALID",
    "[1,2                                             | INVALID",
    "{\"a\":\"bad \\q escape\"}                       | INVALID",
    "{'event':'ping'}                                 | INVALID",
    "[\"x\" 1]                                        | INVALID",
  })
  void classifiesFrames(String text, Kind expected) {
    assertEquals(expected, read(text).kind(), text);
  }

  @Test
  void anEmptyOrBlankFrameIsInvalidWithAReason() {
    assertEquals(Kind.INVALID, read("").kind());
    assertEquals(Kind.INVALID, read("   ").kind());
    assertTrue(read("").problem().contains("empty"));
  }

  @Test
  void aRawControlCharacterInAStringIsInvalid() {
    assertEquals(Kind.INVALID, read("{\"data\":\"line\nbreak\"}").kind());
    assertEquals(Kind.INVALID, read("\"tab\there\"").kind());
  }

  @Test
  void invalidUtf8IsInvalid() {
    byte[] bytes = {'"', (byte) 0xC3, (byte) 0x28, '"'};
    assertEquals(Kind.INVALID, TaprFrameCodec.read(bytes).kind());
  }

  @Test
  void theProblemOfNotJsonNamesIt() {
    String problem = read("not json").problem();
    assertTrue(problem.startsWith("the frame is not valid JSON"), problem);
  }

  @Test
  void pongIsExact() {
    assertEquals("{\"event\":\"pong\",\"data\":{}}", new String(TaprFrameCodec.pong(), StandardCharsets.UTF_8));
  }

  @Test
  void errorFramesEscapeTheirMessage() {
    String frame = new String(TaprFrameCodec.error("INVALID_MESSAGE", "bad \"quote\"\n"), StandardCharsets.UTF_8);
    assertEquals(new JsonObject().put("event", "error").put("data", new JsonObject().put("code", "INVALID_MESSAGE")
      .put("message", "bad \"quote\"\n")), new JsonObject(frame));
  }
}
