package dev.switchboard.dialect.socketio;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class SocketIoAppReplyTest {

  private static SocketIoAppReply parse(String body) {
    return SocketIoAppReply.parse(Buffer.buffer(body));
  }

  @Test
  void theAckKeepsTheAppsJsonText() {
    assertEquals("[{\"seq\":1,\"pad\":\"x\"},2.50,\"é\"]",
      parse("{\"ack\":[{\"seq\":1,\"pad\":\"x\"},2.50,\"é\"]}").ackArguments());
    assertEquals("[ 1 , [] ]", parse("{ \"ack\" : [ 1 , [] ] }").ackArguments());
    assertEquals("[]", parse("{\"ack\":[]}").ackArguments());
  }

  @Test
  void theReplyTellsWhetherItsAckHoldsBinaries() {
    assertTrue(parse("{\"ack\":[1,{\"x\":{\"$binary\":\"AQID\"}}]}").ackHasBinary());
    // An escaped name is the same name.
    assertTrue(parse("{\"ack\":{\"\\u0024binary\":\"AQID\"}}").ackHasBinary());
    assertFalse(parse("{\"ack\":[1,{\"a\":\"$binary\"},[\"$binary\"]]}").ackHasBinary());
    assertFalse(parse("{\"ack\":\"$binary\"}").ackHasBinary());
    assertFalse(parse("{\"ack\":[{\"$binary\":\"AQID\"}],\"ack\":[2]}").ackHasBinary());
    assertFalse(parse("{\"rooms\":[{\"$binary\":\"AQID\"}]}").ackHasBinary());
  }

  @Test
  void anAckThatIsNoArrayIsTheOnlyArgument() {
    assertEquals("[{\"a\":[1]}]", parse("{\"ack\":{\"a\":[1]}}").ackArguments());
    assertEquals("[\"ok \\\"x\\\"\"]", parse("{\"ack\":\"ok \\\"x\\\"\"}").ackArguments());
    assertEquals("[7]", parse("{\"ack\":7}").ackArguments());
    assertEquals("[true]", parse("{\"ack\":true}").ackArguments());
    assertEquals("[null]", parse("{\"ack\":null}").ackArguments());
    assertNull(parse("{\"rooms\":[]}").ackArguments());
  }

  @Test
  void roomsEmitsAndRejectAreRead() {
    SocketIoAppReply reply = parse("{\"x\":{\"y\":[1,{}]},\"rooms\":[\"a\",1,{\"b\":2},[\"c\"],\"d\"],"
      + "\"emit\":[{\"event\":\"hi\",\"args\":[1,\"two\"]},{\"event\":\"bare\"},{\"args\":[]},5],"
      + "\"reject\":{\"message\":\"no\",\"data\":{\"code\":4}},\"ack\":[1]}");
    assertEquals(List.of("a", "d"), reply.rooms());
    assertEquals(List.of(new SocketIoEvent("hi", "[1,\"two\"]"), new SocketIoEvent("bare", "[]")), reply.emits());
    assertEquals("no", reply.rejectMessage());
    assertEquals(new JsonObject().put("code", 4), new JsonObject(reply.rejectData()));
    assertEquals("[1]", reply.ackArguments());

    assertEquals("go away", parse("{\"reject\":\"go away\"}").rejectMessage());
    assertEquals("rejected", parse("{\"reject\":{}}").rejectMessage());
    assertNull(parse("{\"reject\":{}}").rejectData());
    assertNull(parse("{\"reject\":false}").rejectMessage());
  }

  @Test
  void theLastOfDuplicateFieldsWins() {
    SocketIoAppReply reply = parse("{\"ack\":[1],\"rooms\":[\"a\"],\"reject\":\"no\",\"ack\":[2],\"rooms\":[\"b\"],"
      + "\"reject\":{\"message\":\"later\"}}");
    assertEquals("[2]", reply.ackArguments());
    assertEquals(List.of("b"), reply.rooms());
    assertEquals("later", reply.rejectMessage());
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {"", "   ", "[]", "\"x\"", "{", "{\"ack\":[1}", "{\"ack\":[1]", "{\"ack\":[1]} x",
    "{\"ack\":[1]}{}", "{\"rooms\":[\"a\"", "{\"ack\":\"\\x\"}", "not json",
    // The ack is sent on as written, so what it holds must be valid too.
    "{\"ack\":[\"\\x\"]}", "{\"ack\":[\"\u0001\"]}", "{\"ack\":{\"a\":[1,]}}", "{\"ack\":[01]}"})
  void aBodyThatIsNoJsonObjectAsksNothing(String body) {
    assertSame(SocketIoAppReply.NOTHING, parse(body));
  }

  @Test
  void noBodyAsksNothing() {
    assertSame(SocketIoAppReply.NOTHING, SocketIoAppReply.parse(null));
    assertSame(SocketIoAppReply.NOTHING, SocketIoAppReply.parse(Buffer.buffer()));
  }

  @Test
  void theMessageWebhookDataSplicesTheArgumentsIn() {
    byte[] data = SocketIoEndpoint.messageData("/chat \"1\"", new SocketIoEvent("say", "[1.0,{\"a\":\"é\"}]"));
    assertEquals("{\"namespace\":\"/chat \\\"1\\\"\",\"event\":\"say\",\"args\":[1.0,{\"a\":\"é\"}]}",
      new String(data, StandardCharsets.UTF_8));
  }
}
