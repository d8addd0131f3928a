package dev.switchboard.dialect.tapr;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class TaprSidecarRequestsTest {

  private static TaprSidecarRequests.Send send(String body) {
    return TaprSidecarRequests.send(body.getBytes(StandardCharsets.UTF_8));
  }

  private static TaprSidecarRequests.Close close(String body) {
    return TaprSidecarRequests.close(body.getBytes(StandardCharsets.UTF_8));
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  @Test
  void thePayloadIsKeptAsItsOwnJsonText() {
    assertEquals("{\"a\": 1.50, \"b\":[true,null]}",
      text(send("{\"conn_id\":\"n.0.1\",\"payload\":{\"a\": 1.50, \"b\":[true,null]}}").payload()));
    assertEquals("\"text \\u00e9\"", text(send("{\"payload\":\"text \\u00e9\",\"users\":[\"u\"]}").payload()));
    assertEquals("12345678901234567890", text(send("{\"payload\":12345678901234567890,\"users\":[\"u\"]}").payload()));
    assertEquals("-0.5e3", text(send("{\"users\":[\"u\"],\"payload\":-0.5e3}").payload()));
    assertEquals("false", text(send("{\"payload\":false,\"users\":[\"u\"]}").payload()));
    assertEquals("[]", text(send("{\"payload\":[]}").payload()));
  }

  @Test
  void dataIsAnAliasAndPayloadWins() {
    assertEquals("{\"x\":1}", text(send("{\"data\":{\"x\":1},\"conn_id\":\"c\"}").payload()));
    assertEquals("2", text(send("{\"data\":1,\"payload\":2}").payload()));
    assertEquals("2", text(send("{\"payload\":2,\"data\":1}").payload()));
  }

  @Test
  void aMissingOrNullPayloadIsSentAsNullAsTheOriginalDid() {
    assertEquals("null", text(send("{\"conn_id\":\"c\"}").payload()));
    assertEquals("null", text(send("{\"conn_id\":\"c\",\"payload\":null}").payload()));
  }

  @Test
  void targetsAreReadWithNullAndEmptyAsAbsent() {
    TaprSidecarRequests.Send both = send("{\"conn_id\":\"n.0.1\",\"users\":[\"a\",\"b\",\"a\"],\"payload\":1,\"other\":{}}");
    assertEquals("n.0.1", both.connectionId());
    assertEquals(List.of("a", "b"), both.users());
    assertTrue(both.hasTarget());
    assertFalse(send("{\"payload\":1}").hasTarget());
    assertFalse(send("{\"conn_id\":\"\",\"users\":[]}").hasTarget());
    assertFalse(send("{\"conn_id\":null,\"users\":null}").hasTarget());
    assertFalse(send("null").hasTarget());
    assertTrue(send("{\"users\":[\"\"]}").hasTarget(), "\"\" is the user of connections without a user header");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "{", "[1]", "\"s\"", "{\"conn_id\":5}", "{\"users\":\"a\"}", "{\"users\":[1]}",
    "{} {}", "{\"payload\":\"bad \\q\"}", "{\"conn_id\":\"c\",}"})
  void badSendBodiesAreRefusedWithAReason(String body) {
    InvalidSidecarRequestException refused = assertThrows(InvalidSidecarRequestException.class, () -> send(body));
    assertFalse(refused.getMessage().isBlank());
  }

  @Test
  void closeTargets() {
    TaprSidecarRequests.Close close = close("{\"conns\":[\"n.0.1\",\"\",\"n.0.1\"],\"users\":[\"u\"]}");
    assertEquals(List.of("n.0.1"), close.connections());
    assertEquals(List.of("u"), close.users());
    assertFalse(close.all());
    assertTrue(close("{\"all\":true}").all());
    assertTrue(close("{\"all\":true}").hasTarget());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " \n", "{}", "null", "{\"conns\":[],\"users\":[]}", "{\"conns\":null}", "{\"all\":false}",
    "{\"conns\":[\"\"]}", "{\"unknown\":1}"})
  void aCloseWithoutTargetHasNone(String body) {
    assertFalse(close(body).hasTarget(), body);
  }

  @ParameterizedTest
  @ValueSource(strings = {"{", "[]", "{\"conns\":\"a\"}", "{\"all\":\"yes\"}", "{\"users\":[null]}"})
  void badCloseBodiesAreRefused(String body) {
    assertThrows(InvalidSidecarRequestException.class, () -> close(body));
  }
}
