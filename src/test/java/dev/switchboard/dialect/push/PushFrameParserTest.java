package dev.switchboard.dialect.push;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.*;

/** The streaming push packet parser: what it finds, and the INFO texts of what it refuses (SPEC §2). */
class PushFrameParserTest {

  private static PushFrame parse(String text) {
    return PushFrameParser.parse(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String refusal(String text) {
    return assertThrows(PushFrameParser.InvalidPushFrameException.class, () -> parse(text)).getMessage();
  }

  @Test
  void aMessageIsReadWithItsMessageObjectAsTheBytesSent() {
    PushFrame frame = parse("{\"cmd\":\"MESSAGE\",\"data\":{\"sendType\":\"personal\",\"target\":\"bob\","
      + "\"message\":{ \"text\" : \"h\\u00e9\\\"\", \"extra\":{\"k\":[1,2]}}, \"other\":[{}]}, \"x\":1}");
    assertEquals("MESSAGE", frame.cmd);
    assertEquals(PushFrame.DataKind.OBJECT, frame.dataKind);
    assertEquals("personal", frame.sendType);
    assertEquals("bob", frame.target);
    assertEquals("{ \"text\" : \"h\\u00e9\\\"\", \"extra\":{\"k\":[1,2]}}",
      new String(frame.messageJson(), StandardCharsets.UTF_8));
    PushMessageRequest request = PushMessageRequest.of(frame);
    assertEquals("h\u00e9\"", new JsonObject(new String(request.message(), StandardCharsets.UTF_8)).getString("text"));
  }

  @Test
  void fieldsInAnyOrderAndTheLastOfRepeatedKeysCount() {
    PushFrame frame = parse("{\"data\":{\"mid\":\"a\",\"mid\":\"b\"},\"cmd\":\"X\",\"cmd\":\"MESSAGE_CALLBACK\"}");
    assertEquals("MESSAGE_CALLBACK", frame.cmd);
    assertEquals("b", frame.mid);
  }

  @Test
  void nonStringValuesAreAbsent() {
    PushFrame frame = parse("{\"cmd\":5,\"data\":{\"sendType\":1,\"target\":{\"a\":1},\"mid\":null,\"message\":\"m\"}}");
    assertNull(frame.cmd);
    assertNull(frame.sendType);
    assertNull(frame.target);
    assertNull(frame.mid);
    assertTrue(frame.messageNotObject);
    assertEquals(PushFrame.DataKind.OTHER, parse("{\"cmd\":\"A\",\"data\":[1]}").dataKind);
    assertEquals(PushFrame.DataKind.NULL, parse("{\"cmd\":\"A\",\"data\":null}").dataKind);
    assertEquals(PushFrame.DataKind.ABSENT, parse("{\"cmd\":\"A\"}").dataKind);
    assertNull(parse("{\"cmd\":\"A\",\"data\":\"x\"}").dataObject());
  }

  @Test
  void dataIsDecodedOnDemandForTheRareCommands() {
    PushFrame frame = parse("{\"cmd\":\"AUTH\",\"data\":{\"token\":\"t\",\"name\":\"n\",\"group\":null}}");
    assertEquals(new JsonObject().put("token", "t").put("name", "n").putNull("group"), frame.dataObject());
  }

  @Test
  void invalidJsonAndNonObjectsAreToldApart() {
    for (String text : new String[]{"", "{", "{nope", "{\"cmd\":\"PING\"} x", "{\"cmd\":\"PING\"}{}", "[1,", "{\"data\":{\"a\":}}"}) {
      assertEquals(PushFrameParser.NOT_JSON, refusal(text), text);
    }
    for (String text : new String[]{"[1]", "\"cmd\"", "5", "null", "true"}) {
      assertEquals(PushFrameParser.NOT_OBJECT, refusal(text), text);
    }
  }

  @Test
  void messageRequestsAreValidatedInTheSpecOrder() {
    assertEquals("data property must be an object {sendType, target, message}", requestRefusal("{\"cmd\":\"MESSAGE\"}"));
    assertEquals("sendType property must be 'personal' or 'group'",
      requestRefusal("{\"cmd\":\"MESSAGE\",\"data\":{\"sendType\":\"all\",\"target\":\"\"}}"));
    assertEquals("target property is required",
      requestRefusal("{\"cmd\":\"MESSAGE\",\"data\":{\"sendType\":\"group\",\"target\":\"\"}}"));
    assertEquals("message property must be an object {text, desp, extra}",
      requestRefusal("{\"cmd\":\"MESSAGE\",\"data\":{\"sendType\":\"group\",\"target\":\"g\",\"message\":[]}}"));
    PushMessageRequest noMessage = PushMessageRequest.of(parse("{\"cmd\":\"MESSAGE\",\"data\":{\"sendType\":\"group\",\"target\":\"g\"}}"));
    assertEquals("{}", new String(noMessage.message(), StandardCharsets.UTF_8));
  }

  private static String requestRefusal(String text) {
    return assertThrows(IllegalArgumentException.class, () -> PushMessageRequest.of(parse(text))).getMessage();
  }

  /** Every packet shape the tests above use, and the corners of the scanner's own grammar. */
  private static final String[] SCANNER_CASES = {
    "{\"cmd\":\"MESSAGE\",\"data\":{\"sendType\":\"personal\",\"target\":\"bob\",\"message\":{\"text\":\"hi\",\"n\":-1.5e+3}}}",
    " { \"cmd\" : \"MESSAGE_CALLBACK\" , \"data\" : { \"mid\" : \"n.0.x.1\" } } \n",
    "{\"cmd\":\"MESSAGE\",\"data\":{\"sendType\":\"personal\",\"target\":\"bob\",\"message\":{ \"text\" : \"a\\\"b\\u00e9\\n\", "
      + "\"extra\":{\"k\":[1,2,[],{},true,false,null,0,-0.5,\"\"]}} , \"other\":[{}]}, \"x\":1}",
    "{\"data\":{\"mid\":\"a\",\"mid\":\"b\"},\"cmd\":\"X\",\"cmd\":\"MESSAGE_CALLBACK\"}",
    "{\"data\":{\"mid\":\"a\",\"message\":{}},\"data\":{\"target\":\"t\"}}",
    "{\"cmd\":5,\"data\":{\"sendType\":1,\"target\":{\"a\":1},\"mid\":null,\"message\":\"m\"}}",
    "{\"cmd\":\"A\",\"data\":{\"message\":{\"a\":1},\"message\":null}}",
    "{\"cmd\":\"A\",\"data\":{\"message\":[1]}}",
    "{\"cmd\":\"A\",\"data\":[1]}", "{\"cmd\":\"A\",\"data\":null}", "{\"cmd\":\"A\",\"data\":\"x\"}",
    "{\"cmd\":\"A\"}", "{}", "{ }", "{\"cmd\":\"PING\",\"data\":{}}",
    "{\"cmd\":\"AUTH\",\"data\":{\"token\":\"t\",\"name\":\"n\",\"group\":null}}",
    // Left to Jackson: non-ASCII, escapes in a field read, odd numbers and literals, and every invalid frame.
    "{\"cmd\":\"MESSAGE\",\"data\":{\"sendType\":\"personal\",\"target\":\"b\u00f6b\"}}",
    "{\"cmd\":\"MES\\u0053AGE\"}", "{\"c\\u006dd\":\"X\"}", "{\"cmd\":\"A\",\"x\":01}", "{\"cmd\":\"A\",\"x\":1.}",
    "{\"cmd\":\"A\",\"x\":tru}", "{\"cmd\":\"A\",\"x\":truex}", "{\"cmd\":\"A\",\"x\":\"\\q\"}", "{\"cmd\":\"A\",\"x\":\"\\u12g4\"}",
    "{\"cmd\":\"A\",\"x\":\"tab\there\"}", "\ufeff{\"cmd\":\"A\"}",
    "", "{", "{nope", "{\"cmd\":\"PING\"} x", "{\"cmd\":\"PING\"}{}", "[1,", "{\"data\":{\"a\":}}", "{\"a\":[1,]}",
    "{\"a\":{\"b\":1,}}", "{\"a\" 1}", "{\"a\":1 \"b\":2}", "[1]", "\"cmd\"", "5", "null", "true",
    "{\"a\":" + "[".repeat(40) + "]".repeat(40) + "}",
  };

  @Test
  void theScannerReadsWhatJacksonReadsAndLeavesTheRestToIt() {
    int scanned = 0;
    for (String text : SCANNER_CASES) {
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      PushFrame fast = PushFrameScanner.scan(bytes);
      PushFrame reference;
      try {
        reference = PushFrameParser.parseWithJackson(bytes);
      } catch (PushFrameParser.InvalidPushFrameException e) {
        assertNull(fast, "the scanner accepted invalid " + text);
        assertEquals(e.getMessage(), refusal(text), text);
        continue;
      }
      if (fast == null) {
        continue;
      }
      scanned++;
      assertEquals(describe(reference), describe(fast), text);
    }
    assertEquals(16, scanned, "plain packets must take the fast path");
  }

  private static String describe(PushFrame frame) {
    return String.join("|", String.valueOf(frame.cmd), String.valueOf(frame.dataKind), String.valueOf(frame.sendType),
      String.valueOf(frame.target), String.valueOf(frame.mid), String.valueOf(frame.messageNotObject),
      frame.dataFrom + ".." + frame.dataTo, frame.messageFrom + ".." + frame.messageTo);
  }
}
