package dev.switchboard.testing;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Opens push connections against a test broker the way mpush clients do (SPEC §2). */
public final class PushPeers {

  public static final String PATH = "/push";

  private PushPeers() {
  }

  public static JsonObject packet(String cmd, Object data) {
    JsonObject packet = new JsonObject().put("cmd", cmd);
    if (data != null) {
      packet.put("data", data);
    }
    return packet;
  }

  public static JsonObject auth(String token, String name, String group) {
    JsonObject data = new JsonObject().put("token", token).put("name", name);
    if (group != null) {
      data.put("group", group);
    }
    return packet("AUTH", data);
  }

  public static JsonObject personal(String target, String text) {
    return packet("MESSAGE", new JsonObject().put("sendType", "personal").put("target", target)
      .put("message", new JsonObject().put("text", text).put("desp", "").put("extra", new JsonObject())));
  }

  public static JsonObject group(String target, String text) {
    return packet("MESSAGE", new JsonObject().put("sendType", "group").put("target", target)
      .put("message", new JsonObject().put("text", text).put("desp", "").put("extra", new JsonObject())));
  }

  public static JsonObject callback(String mid) {
    return packet("MESSAGE_CALLBACK", new JsonObject().put("mid", mid));
  }

  /** A connection that has sent AUTH with {@code token} and received code 200. */
  public static TestSocket authenticated(Vertx vertx, int port, String token, String name, String group) {
    TestSocket socket = TestSocket.connect(vertx, port, PATH, null);
    socket.send(auth(token, name, group));
    JsonObject reply = socket.next(f -> "AUTH".equals(f.getString("cmd")));
    assertEquals(200, reply.getJsonObject("data").getInteger("code"), reply::encode);
    return socket;
  }

  /** The next MESSAGE packet's data. */
  public static JsonObject nextMessage(TestSocket socket) {
    return socket.next(f -> "MESSAGE".equals(f.getString("cmd"))).getJsonObject("data");
  }

  /** The next MESSAGE_REPLY packet's data. */
  public static JsonObject nextReply(TestSocket socket) {
    return socket.next(f -> "MESSAGE_REPLY".equals(f.getString("cmd"))).getJsonObject("data");
  }
}
