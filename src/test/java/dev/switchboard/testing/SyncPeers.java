package dev.switchboard.testing;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Opens sync clients and services against a test broker the way real peers do (SPEC §1). */
public final class SyncPeers {

  public static final String PATH = "/sync/server";

  private SyncPeers() {
  }

  public static MultiMap clientHeaders() {
    return MultiMap.caseInsensitiveMultiMap().add("websocket-accept-sign", "client");
  }

  public static MultiMap serviceHeaders(String id, String name) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("websocket-accept-sign", "service");
    if (id != null) {
      headers.add("websocket-accept-sign-id", id);
    }
    if (name != null) {
      headers.add("websocket-accept-sign-name", name);
    }
    return headers;
  }

  /** A client that has received its {@code connected} frame. */
  public static TestSocket client(Vertx vertx, int port) {
    return connected(TestSocket.connect(vertx, port, PATH, clientHeaders()));
  }

  /** A service that has received its {@code connected} frame. */
  public static TestSocket service(Vertx vertx, int port, String id) {
    return connected(TestSocket.connect(vertx, port, PATH, serviceHeaders(id, id + "-name")));
  }

  public static TestSocket connected(TestSocket socket) {
    JsonObject frame = socket.nextMessage();
    assertEquals(new JsonObject().put("type", "system").put("method", "connect").put("data", "connected"), frame);
    return socket;
  }

  /** Asks {@code communicationLinkCount} until it answers {@code expected} (counts converge within a second). */
  public static void awaitLinkCount(TestSocket peer, int expected) {
    long deadline = System.currentTimeMillis() + 5000;
    for (int attempt = 0; ; attempt++) {
      String id = "await-count-" + attempt;
      peer.send(request(id, "communicationLinkCount", null));
      int count = peer.next(f -> id.equals(f.getValue("id"))).getInteger("data");
      if (count == expected) {
        return;
      }
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("the link count never became " + expected + ", last " + count);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  public static JsonObject request(String id, String method, Object data) {
    JsonObject frame = new JsonObject().put("id", id).put("type", "request").put("method", method);
    if (data != null) {
      frame.put("data", data);
    }
    return frame;
  }
}
