package dev.switchboard.e2e;

import dev.switchboard.testing.SyncPeers;
import dev.switchboard.testing.TestBroker;
import dev.switchboard.testing.TestSocket;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.switchboard.testing.SyncPeers.request;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Every rule of SPEC §1 (sync dialect) on one real broker node, with real WebSocket clients and services.
 */
class SyncSingleNodeEndToEndTest {

  private static Vertx clients;
  private final List<AutoCloseable> opened = new ArrayList<>();
  private TestBroker broker;

  @BeforeAll
  static void startClients() {
    clients = Vertx.vertx();
  }

  @AfterAll
  static void stopClients() {
    clients.close();
  }

  @AfterEach
  void stopEverything() throws Exception {
    for (AutoCloseable closeable : opened) {
      closeable.close();
    }
    if (broker != null) {
      broker.close();
    }
  }

  private TestBroker broker(JsonObject sync) {
    broker = TestBroker.start(new JsonObject().put("sync", sync));
    return broker;
  }

  private TestBroker broker() {
    return broker(new JsonObject());
  }

  private TestSocket client() {
    return track(SyncPeers.client(clients, broker.publicPort()));
  }

  private TestSocket service(String id) {
    return track(SyncPeers.service(clients, broker.publicPort(), id));
  }

  private TestSocket raw(MultiMap headers, String uri) {
    return track(TestSocket.connect(clients, broker.publicPort(), uri, headers));
  }

  private TestSocket track(TestSocket socket) {
    opened.add(socket);
    return socket;
  }

  private static void assertError(JsonObject frame, String errorCode, String method, Object id) {
    assertEquals("system", frame.getString("type"), frame::encode);
    assertEquals(errorCode, frame.getString("errorCode"), frame::encode);
    assertEquals(method, frame.getString("method"), frame::encode);
    assertEquals(id, frame.getValue("id"), frame::encode);
    assertNotNull(frame.getString("message"), frame::encode);
    assertFalse(frame.getString("message").isBlank());
  }

  private static void assertRefused(TestSocket socket, String errorCode, int closeCode) {
    JsonObject frame = socket.nextMessage();
    assertEquals("system", frame.getString("type"));
    assertEquals("connect", frame.getString("method"));
    assertEquals(errorCode, frame.getString("errorCode"), frame::encode);
    assertNotNull(frame.getString("message"));
    assertEquals(closeCode, socket.awaitClose());
  }

  // ---- connecting and roles ----

  @Test
  void clientAndServiceReceiveConnected() {
    broker();
    client();
    service("svc");
  }

  @Test
  void missingOrUnknownSignIsRefusedWithNoPermission() {
    broker();
    assertRefused(raw(MultiMap.caseInsensitiveMultiMap(), SyncPeers.PATH), "CONNECT_NO_PERMISSION", 4001);
    assertRefused(raw(MultiMap.caseInsensitiveMultiMap().add("websocket-accept-sign", "admin"), SyncPeers.PATH),
      "CONNECT_NO_PERMISSION", 4001);
  }

  @Test
  void serviceWithoutIdIsRefusedWithNoPermissionInBothModes() {
    broker();
    assertRefused(raw(SyncPeers.serviceHeaders(null, "nameless"), SyncPeers.PATH), "CONNECT_NO_PERMISSION", 4001);
    broker.close();
    broker(new JsonObject().put("serviceMode", "multi"));
    assertRefused(raw(SyncPeers.serviceHeaders(null, "nameless"), SyncPeers.PATH), "CONNECT_NO_PERMISSION", 4001);
    broker.close();
    broker = null;
  }

  @Test
  void rolesAreAcceptedAsQueryParametersForBrowsers() {
    broker();
    TestSocket service = SyncPeers.connected(raw(null, SyncPeers.PATH + "?sign=service&signId=q1&signName=Query%20One"));
    TestSocket client = SyncPeers.connected(raw(null, SyncPeers.PATH + "?sign=client"));
    client.send(request("1", "serviceList", null).put("type", "response"));
    JsonObject list = client.nextMessage();
    assertEquals(new JsonArray().add(new JsonObject().put("id", "q1").put("name", "Query One")), list.getJsonArray("data"));
    client.send(request("2", "ping", null));
    JsonObject forwarded = service.nextMessage();
    assertEquals("ping", forwarded.getString("method"));
  }

  @Test
  void configuredTokensAreRequiredInHeaderOrQuery() {
    broker(new JsonObject().put("auth", new JsonObject().put("clientToken", "c-secret").put("serviceToken", "s-secret")));
    assertRefused(raw(SyncPeers.clientHeaders(), SyncPeers.PATH), "CONNECT_NO_PERMISSION", 4001);
    assertRefused(raw(SyncPeers.clientHeaders().add("websocket-accept-sign-token", "wrong"), SyncPeers.PATH),
      "CONNECT_NO_PERMISSION", 4001);
    // The client token does not admit a service.
    assertRefused(raw(SyncPeers.serviceHeaders("s", "S").add("websocket-accept-sign-token", "c-secret"), SyncPeers.PATH),
      "CONNECT_NO_PERMISSION", 4001);
    SyncPeers.connected(raw(SyncPeers.clientHeaders().add("websocket-accept-sign-token", "c-secret"), SyncPeers.PATH));
    SyncPeers.connected(raw(null, SyncPeers.PATH + "?sign=client&token=c-secret"));
    SyncPeers.connected(raw(SyncPeers.serviceHeaders("s", "S").add("websocket-accept-sign-token", "s-secret"), SyncPeers.PATH));
  }

  @Test
  void singleModeRefusesASecondServiceWithAnotherId() {
    broker();
    TestSocket first = service("one");
    assertRefused(raw(SyncPeers.serviceHeaders("two", "Two"), SyncPeers.PATH), "EQUIPMENT_OUT_OF_LIMIT", 4002);
    TestSocket client = client();
    client.send(request("r", "work", 1));
    assertEquals("work", first.nextMessage().getString("method"));
  }

  @Test
  void duplicateServiceIdReplacesTheOlderConnectionByDefault() {
    broker();
    TestSocket older = service("dup");
    TestSocket newer = service("dup");
    assertRefused(older, "SERVICE_REPLACED", 4003);
    TestSocket client = client();
    client.send(request("r1", "work", "x"));
    JsonObject forwarded = newer.nextMessage();
    assertEquals("work", forwarded.getString("method"));
  }

  @Test
  void duplicateServiceIdIsRejectedUnderTheRejectPolicy() {
    broker(new JsonObject().put("duplicateServiceId", "reject"));
    TestSocket first = service("dup");
    assertRefused(raw(SyncPeers.serviceHeaders("dup", "Dup"), SyncPeers.PATH), "SERVICE_ID_CONFLICT", 4004);
    assertFalse(first.isClosed());
    TestSocket client = client();
    client.send(request("r1", "work", "x"));
    assertEquals("work", first.nextMessage().getString("method"));
  }

  @Test
  void multiModeRequiresServiceAndRoutesByIt() {
    broker(new JsonObject().put("serviceMode", "multi"));
    TestSocket alpha = service("alpha");
    TestSocket beta = service("beta");
    TestSocket client = client();
    client.send(request("m1", "work", 1));
    assertError(client.nextMessage(), "MISSING_FIELD_SERVICE", "work", "m1");
    client.send(request("m2", "work", 2).put("service", "beta"));
    JsonObject atBeta = beta.nextMessage();
    assertEquals(2, atBeta.getInteger("data"));
    client.send(request("m3", "work", 3).put("service", "alpha"));
    assertEquals(3, alpha.nextMessage().getInteger("data"));
    // System methods need no service in multi mode.
    client.send(request("m4", "serviceList", null));
    JsonObject list = client.nextMessage();
    assertEquals(2, list.getJsonArray("data").size());
    client.send(request("m5", "work", 5).put("service", "gamma"));
    JsonObject unavailable = client.nextMessage();
    assertEquals("SERVICE_UNAVAILABLE", unavailable.getString("errorCode"));
    assertEquals("m5", unavailable.getString("id"));
  }

  @Test
  void multiModeServiceLimitIsEnforced() {
    broker(new JsonObject().put("serviceMode", "multi").put("serviceLimit", 2));
    service("a");
    TestSocket b = service("b");
    assertRefused(raw(SyncPeers.serviceHeaders("c", "C"), SyncPeers.PATH), "EQUIPMENT_OUT_OF_LIMIT", 4002);
    b.close();
    // The freed place can be taken (the registry converges well within a second).
    long deadline = System.currentTimeMillis() + 5000;
    while (true) {
      TestSocket c = raw(SyncPeers.serviceHeaders("c", "C"), SyncPeers.PATH);
      JsonObject frame = c.nextMessage();
      if ("connected".equals(frame.getString("data"))) {
        break;
      }
      assertTrue(System.currentTimeMillis() < deadline, "the freed service place was never given back");
    }
  }

  // ---- client frame validation ----

  @Test
  void clientFramesAreValidatedInOrderAndTheConnectionStaysOpen() {
    broker();
    service("svc");
    TestSocket client = client();
    client.send(new JsonObject().put("type", "request").put("method", "x"));
    assertError(client.nextMessage(), "MISSING_FIELD_ID", "x", null);
    client.send(new JsonObject().put("id", "a").put("method", "x"));
    assertError(client.nextMessage(), "MISSING_FIELD_TYPE", "x", "a");
    client.send(new JsonObject().put("id", "b").put("type", "notice").put("method", "x"));
    assertError(client.nextMessage(), "INVALID_MESSAGE_TYPE", "x", "b");
    client.send(new JsonObject().put("id", "c").put("type", "request"));
    assertError(client.nextMessage(), "MISSING_FIELD_METHOD", "unknown", "c");
    // Missing id wins over everything else that is missing.
    client.send(new JsonObject().put("data", 1));
    assertError(client.nextMessage(), "MISSING_FIELD_ID", "unknown", null);
    // A numeric id is echoed as a number.
    client.send(new JsonObject().put("id", 42).put("type", "request"));
    assertError(client.nextMessage(), "MISSING_FIELD_METHOD", "unknown", 42);
    assertFalse(client.isClosed());
  }

  @Test
  void nullValuedFieldsCountAsAbsent() {
    broker();
    service("svc");
    TestSocket client = client();
    client.sendText("{\"id\":null,\"type\":\"request\",\"method\":\"x\"}");
    assertError(client.nextMessage(), "MISSING_FIELD_ID", "x", null);
    client.sendText("{\"id\":\"n\",\"type\":null,\"method\":\"x\"}");
    assertError(client.nextMessage(), "MISSING_FIELD_TYPE", "x", "n");
    client.sendText("{\"id\":\"m\",\"type\":\"request\",\"method\":null}");
    assertError(client.nextMessage(), "MISSING_FIELD_METHOD", "unknown", "m");
  }

  @Test
  void invalidJsonNonObjectsAndBinaryFramesGetInvalidMessage() {
    broker();
    TestSocket client = client();
    client.sendText("{not json");
    assertError(client.nextMessage(), "INVALID_MESSAGE", "unknown", null);
    client.sendText("[1,2,3]");
    assertError(client.nextMessage(), "INVALID_MESSAGE", "unknown", null);
    client.sendText("\"just a string\"");
    assertError(client.nextMessage(), "INVALID_MESSAGE", "unknown", null);
    client.sendText("{\"id\":\"1\"} trailing");
    assertError(client.nextMessage(), "INVALID_MESSAGE", "unknown", null);
    client.sendBinary(Buffer.buffer("{\"id\":\"1\",\"type\":\"request\",\"method\":\"x\"}"));
    assertError(client.nextMessage(), "INVALID_MESSAGE", "unknown", null);
    // Still usable afterwards.
    client.send(request("ok", "communicationLinkCount", null));
    assertEquals(0, client.nextMessage().getInteger("data"));
  }

  @Test
  void framesOverTheLimitCloseWith1009() {
    broker = TestBroker.start(new JsonObject().put("public", new JsonObject().put("maxFrameBytes", 1024)));
    TestSocket client = client();
    client.send(request("small", "communicationLinkCount", null));
    client.nextMessage();
    client.send(request("big", "x", "y".repeat(2000)));
    assertEquals(1009, client.awaitClose());
  }

  // ---- system methods ----

  @Test
  void systemMethodsAreAnsweredByTheBroker() {
    broker();
    TestSocket client = client();
    client.send(request("c0", "communicationLinkCount", null));
    JsonObject none = client.nextMessage();
    assertEquals(new JsonObject().put("id", "c0").put("type", "system").put("method", "communicationLinkCount")
      .put("data", 0), none);
    TestSocket service = service("svc");
    // Counts converge through the cluster's summaries: wait for the push before asking.
    client.next(f -> "communicationLinkCount".equals(f.getString("method")) && f.getValue("id") == null);
    client.send(request("c1", "communicationLinkCount", null).put("type", "response"));
    assertEquals(1, client.next(f -> "c1".equals(f.getValue("id"))).getInteger("data"));
    client.send(request("l1", "serviceList", null).put("type", "response"));
    assertEquals(new JsonArray().add(new JsonObject().put("id", "svc").put("name", "svc-name")),
      client.next(f -> "l1".equals(f.getValue("id"))).getJsonArray("data"));
    client.send(request("l2", "serviceList", null));
    assertEquals(1, client.next(f -> "l2".equals(f.getValue("id"))).getJsonArray("data").size());
    // A service asks with type request and learns the client count.
    client();
    service.next(f -> "communicationLinkCount".equals(f.getString("method")) && Integer.valueOf(2).equals(f.getValue("data")));
    service.send(request("s1", "communicationLinkCount", null));
    JsonObject count = service.next(f -> "s1".equals(f.getValue("id")));
    assertEquals("system", count.getString("type"));
    assertEquals(2, count.getInteger("data"));
  }

  @Test
  void linkCountsArePushedToPeersOfTheOppositeKind() {
    broker();
    TestSocket client = client();
    TestSocket service = service("svc");
    JsonObject toClient = client.next(f -> "communicationLinkCount".equals(f.getString("method")));
    assertEquals(new JsonObject().put("type", "system").put("method", "communicationLinkCount").put("data", 1), toClient);
    TestSocket second = client();
    assertEquals(2, service.next(f -> "communicationLinkCount".equals(f.getString("method"))
      && f.getInteger("data") == 2).getInteger("data"));
    second.close();
    assertEquals(1, service.next(f -> "communicationLinkCount".equals(f.getString("method"))
      && f.getInteger("data") == 1).getInteger("data"));
    service.close();
    assertEquals(0, client.next(f -> "communicationLinkCount".equals(f.getString("method"))
      && f.getInteger("data") == 0).getInteger("data"));
  }

  // ---- request routing ----

  @Test
  void requestsGetBrokerIdsAndResponsesReachOnlyTheAskingClient() {
    broker();
    TestSocket service = service("svc");
    TestSocket first = client();
    TestSocket second = client();
    first.send(request("same", "who", "first"));
    second.send(request("same", "who", "second"));
    JsonObject a = service.nextMessage();
    JsonObject b = service.nextMessage();
    assertNotEquals(a.getString("id"), b.getString("id"), "equal client ids must get different broker ids");
    assertNotEquals("same", a.getString("id"));
    assertNotEquals(a.getString("client"), b.getString("client"));
    assertEquals("request", a.getString("type"));
    // Answer in reverse order: each answer must reach the client that asked.
    for (JsonObject forwarded : List.of(b, a)) {
      service.send(new JsonObject().put("id", forwarded.getString("id")).put("type", "response")
        .put("method", "who").put("data", "for-" + forwarded.getString("data")));
    }
    JsonObject toFirst = first.nextMessage();
    JsonObject toSecond = second.nextMessage();
    assertEquals(new JsonObject().put("id", "same").put("service", "svc").put("type", "response").put("method", "who")
      .put("data", "for-first"), toFirst);
    assertEquals("for-second", toSecond.getString("data"));
    first.expectSilence(300);
    second.expectSilence(10);
  }

  @Test
  void payloadsTravelUnchanged() {
    broker();
    TestSocket service = service("svc");
    TestSocket client = client();
    String data = "{\"nested\":{\"list\":[1,2.5,\"three\",null,true],\"unicode\":\"\\u00e9\u4e2d\"},\"big\":12345678901234567890}";
    client.sendText("{\"id\":\"p\",\"type\":\"request\",\"method\":\"echo\",\"data\":" + data + "}");
    JsonObject forwarded = service.nextMessage();
    assertEquals(new JsonObject(data), forwarded.getJsonObject("data"));
    service.sendText("{\"id\":\"" + forwarded.getString("id") + "\",\"type\":\"response\",\"method\":\"echo\",\"data\":"
      + data + "}");
    assertEquals(new JsonObject(data), client.nextMessage().getJsonObject("data"));
  }

  @Test
  void falsyDataIsAValidResponse() {
    broker();
    TestSocket service = service("svc");
    TestSocket client = client();
    Object[] values = {0, false, "", new JsonArray(), new JsonObject()};
    for (int i = 0; i < values.length; i++) {
      client.send(request("f" + i, "falsy", i));
      JsonObject forwarded = service.nextMessage();
      service.send(new JsonObject().put("id", forwarded.getString("id")).put("type", "response").put("method", "falsy")
        .put("data", values[i]));
      JsonObject answer = client.nextMessage();
      assertEquals("f" + i, answer.getString("id"));
      assertTrue(answer.containsKey("data"), answer::encode);
      assertEquals(values[i], answer.getValue("data"));
    }
  }

  @Test
  void errorResponsesAreForwardedWithCodeAndMessage() {
    broker();
    TestSocket service = service("svc");
    TestSocket client = client();
    client.send(request("e", "fail", null));
    JsonObject forwarded = service.nextMessage();
    assertFalse(forwarded.containsKey("data"));
    service.send(new JsonObject().put("id", forwarded.getString("id")).put("type", "response").put("method", "fail")
      .put("errorCode", "NOT_ALLOWED").put("message", "no"));
    JsonObject answer = client.nextMessage();
    assertEquals("NOT_ALLOWED", answer.getString("errorCode"));
    assertEquals("no", answer.getString("message"));
    assertEquals("response", answer.getString("type"));
    assertFalse(answer.containsKey("data"));
  }

  @Test
  void serviceFramesAreValidatedAndARejectedResponseLeavesTheRequestPending() {
    broker();
    TestSocket service = service("svc");
    TestSocket client = client();
    client.send(request("v", "check", null));
    String brokerId = service.nextMessage().getString("id");
    service.send(new JsonObject().put("id", brokerId).put("method", "check").put("data", 1));
    assertError(service.nextMessage(), "MISSING_FIELD_TYPE", "check", brokerId);
    service.send(new JsonObject().put("id", brokerId).put("type", "request").put("method", "check").put("data", 1));
    assertError(service.nextMessage(), "INVALID_MESSAGE_TYPE", "check", brokerId);
    service.send(new JsonObject().put("type", "response").put("method", "check").put("data", 1));
    assertError(service.nextMessage(), "MISSING_FIELD_ID", "check", null);
    service.send(new JsonObject().put("id", brokerId).put("type", "response").put("data", 1));
    assertError(service.nextMessage(), "MISSING_FIELD_METHOD", "unknown", brokerId);
    service.send(new JsonObject().put("id", brokerId).put("type", "response").put("method", "check"));
    assertError(service.nextMessage(), "INVALID_MESSAGE", "check", brokerId);
    service.sendText("{\"id\":\"" + brokerId + "\",\"type\":\"response\",\"method\":\"check\",\"data\":null}");
    assertError(service.nextMessage(), "INVALID_MESSAGE", "check", brokerId);
    service.send(new JsonObject().put("id", brokerId).put("type", "response").put("method", "check").put("data", 1)
      .put("errorCode", "BAD").put("message", "m"));
    assertError(service.nextMessage(), "INVALID_MESSAGE", "check", brokerId);
    service.send(new JsonObject().put("id", brokerId).put("type", "response").put("method", "check")
      .put("errorCode", "lower-case").put("message", "m"));
    assertError(service.nextMessage(), "INVALID_MESSAGE", "check", brokerId);
    service.send(new JsonObject().put("id", brokerId).put("type", "response").put("method", "check")
      .put("errorCode", "NO_MESSAGE"));
    assertError(service.nextMessage(), "INVALID_MESSAGE", "check", brokerId);
    service.sendText("not json");
    assertError(service.nextMessage(), "INVALID_MESSAGE", "unknown", null);
    client.expectSilence(200);
    // A valid response still reaches the client.
    service.send(new JsonObject().put("id", brokerId).put("type", "response").put("method", "check").put("data", "late but fine"));
    JsonObject answer = client.nextMessage();
    assertEquals("v", answer.getString("id"));
    assertEquals("late but fine", answer.getString("data"));
  }

  @Test
  void unansweredRequestsGetGatewayTimeout() {
    broker(new JsonObject().put("requestTimeoutMs", 400));
    TestSocket service = service("svc");
    TestSocket client = client();
    long start = System.currentTimeMillis();
    client.send(request("slow", "wait", null));
    String brokerId = service.nextMessage().getString("id");
    JsonObject answer = client.nextMessage();
    long elapsed = System.currentTimeMillis() - start;
    assertEquals("GATEWAY_TIMEOUT", answer.getString("errorCode"));
    assertEquals("slow", answer.getString("id"));
    assertEquals("response", answer.getString("type"));
    assertEquals("wait", answer.getString("method"));
    assertTrue(elapsed >= 350 && elapsed < 3000, "timed out after " + elapsed + " ms");
    // A response after the timeout is dropped and counted as late.
    long lateBefore = broker.main().stats().syncLateResponses.sum();
    service.send(new JsonObject().put("id", brokerId).put("type", "response").put("method", "wait").put("data", 1));
    client.expectSilence(300);
    assertEquals(lateBefore + 1, broker.main().stats().syncLateResponses.sum());
  }

  @Test
  void requestsWithoutAServiceFailAtOnceWithServiceUnavailable() {
    broker();
    TestSocket client = client();
    long start = System.currentTimeMillis();
    client.send(request("nobody", "work", null));
    JsonObject answer = client.nextMessage();
    assertEquals("SERVICE_UNAVAILABLE", answer.getString("errorCode"));
    assertEquals("nobody", answer.getString("id"));
    assertTrue(System.currentTimeMillis() - start < 2000);
  }

  @Test
  void pendingRequestsFailWithServiceUnavailableWhenTheServiceDisconnects() {
    broker();
    TestSocket service = service("svc");
    TestSocket client = client();
    client.send(request("p1", "work", null));
    client.send(request("p2", "work", null));
    service.nextMessage();
    service.nextMessage();
    service.close();
    JsonObject first = client.nextMessage();
    JsonObject second = client.nextMessage();
    assertEquals("SERVICE_UNAVAILABLE", first.getString("errorCode"));
    assertEquals("SERVICE_UNAVAILABLE", second.getString("errorCode"));
    assertEquals(java.util.Set.of("p1", "p2"), java.util.Set.of(first.getString("id"), second.getString("id")));
  }

  // ---- notices ----

  @Test
  void noticesReachEveryClientStampedWithTheRealServiceId() {
    broker();
    TestSocket service = service("real");
    TestSocket first = client();
    TestSocket second = client();
    service.send(new JsonObject().put("type", "notice").put("service", "forged").put("method", "tick").put("data", 7));
    JsonObject expected = new JsonObject().put("service", "real").put("type", "notice").put("method", "tick").put("data", 7);
    assertEquals(expected, first.nextMessage());
    assertEquals(expected, second.nextMessage());
    service.send(new JsonObject().put("type", "notice").put("method", "alarm").put("errorCode", "OVERHEAT")
      .put("message", "too hot"));
    JsonObject alarm = first.nextMessage();
    assertEquals("OVERHEAT", alarm.getString("errorCode"));
    assertEquals("real", alarm.getString("service"));
    // Services do not receive notices.
    service.expectSilence(200);
  }

  @Test
  void originsOutsideTheAllowedListAreRefusedWith403() throws Exception {
    broker = TestBroker.start(new JsonObject().put("public", new JsonObject()
      .put("allowedOrigins", new JsonArray().add("https://ok.example"))));
    WebSocketClient client = clients.createWebSocketClient();
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(broker.publicPort())
      .setURI(SyncPeers.PATH).addHeader("websocket-accept-sign", "client").addHeader("Origin", "https://evil.example");
    Throwable failure = assertThrows(Exception.class, () -> client.connect(options).await(10, TimeUnit.SECONDS));
    assertTrue(String.valueOf(failure.getMessage()).contains("403"), failure::toString);
    SyncPeers.connected(raw(SyncPeers.clientHeaders().add("Origin", "https://ok.example"), SyncPeers.PATH));
    SyncPeers.connected(raw(SyncPeers.clientHeaders(), SyncPeers.PATH));
  }
}
