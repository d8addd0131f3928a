package dev.switchboard.webhook;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.*;

class WebhookBodiesTest {

  private static String encode(WebhookCall call) {
    return WebhookBodies.encode(call).toString(StandardCharsets.UTF_8);
  }

  @Test
  void theBodyHasTheFieldsOfSpec6InTheOriginalsOrder() {
    String body = encode(new WebhookCall(WebhookAction.MESSAGE, "tapr", "n.0.1", "alice", "tok",
      "{\"event\":\"e\", \"data\":[1.50]}".getBytes(StandardCharsets.UTF_8), "c=1"));
    assertEquals("{\"data\":{\"event\":\"e\", \"data\":[1.50]},\"action\":\"message\",\"user_name\":\"alice\","
      + "\"conn_id\":\"n.0.1\",\"token\":\"tok\",\"dialect\":\"tapr\"}", body);
  }

  @Test
  void openAndCloseCarryAnEmptyObjectAndANullToken() {
    JsonObject open = new JsonObject(encode(new WebhookCall(WebhookAction.OPEN, "tapr", "n.0.2", "", null, null, null)));
    assertEquals(new JsonObject().put("data", new JsonObject()).put("action", "open").put("user_name", "")
      .put("conn_id", "n.0.2").putNull("token").put("dialect", "tapr"), open);
    assertEquals("close", new JsonObject(encode(new WebhookCall(WebhookAction.CLOSE, "socketio", "x", "u", "t", null,
      null))).getString("action"));
  }

  @Test
  void textIsEscaped() {
    JsonObject body = new JsonObject(encode(new WebhookCall(WebhookAction.OPEN, "tapr", "n.0.3", "名前 \"q\"\n", "t\\",
      null, null)));
    assertEquals("名前 \"q\"\n", body.getString("user_name"));
    assertEquals("t\\", body.getString("token"));
  }
}
