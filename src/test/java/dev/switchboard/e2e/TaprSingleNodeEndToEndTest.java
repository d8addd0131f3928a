package dev.switchboard.e2e;

import dev.switchboard.testing.TaprApp;
import dev.switchboard.testing.TaprClient;
import dev.switchboard.testing.TaprFixture;
import dev.switchboard.testing.TaprFixture.Opened;
import dev.switchboard.testing.TaprSidecar;
import dev.switchboard.testing.TaprSidecar.Answer;
import dev.switchboard.testing.TestBroker;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/**
 * SPEC §4 and the tapr half of §6 on one real node: real WebSocket clients with the proxy's user header and
 * cookies, a real HTTP server as the app, and the sidecar API over real HTTP.
 */
class TaprSingleNodeEndToEndTest {

  private static TaprFixture fixture;
  private static TestBroker broker;
  private static TaprApp app;
  private static TaprSidecar sidecar;

  @BeforeAll
  static void start() {
    fixture = new TaprFixture();
    app = fixture.app();
    broker = fixture.broker(new JsonObject().put("tapr", new JsonObject().put("app",
      new JsonObject().put("url", "/websocket/message"))));
    sidecar = fixture.sidecar(broker);
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @BeforeEach
  void answerAtOnce() {
    app.respond(body -> io.vertx.core.Future.succeededFuture(200));
  }

  private static Opened open(String user) {
    return fixture.open(broker, user);
  }

  // ---- connecting ----

  @Test
  void theOpenWebhookCarriesTheUserTheTokenTheCookieAndTheDialect() {
    Opened alice = open("alice-open");
    JsonObject body = alice.open().body();
    assertEquals(new JsonObject(), body.getJsonObject("data"));
    assertEquals("open", body.getString("action"));
    assertEquals("alice-open", body.getString("user_name"));
    assertEquals("token-alice-open", body.getString("token"));
    assertEquals("tapr", body.getString("dialect"));
    assertTrue(alice.id().startsWith(broker.nodeId() + "."), alice.id());
    assertEquals(Set.of("data", "action", "user_name", "conn_id", "token", "dialect"), body.fieldNames());
    assertEquals("theme=dark; auth_token=token-alice-open; lang=en", alice.open().cookie());
    assertEquals("/websocket/message", alice.open().headers().get(":path"));
    assertEquals("POST", alice.open().headers().get(":method"));
    assertEquals("application/json", alice.open().headers().get("Content-Type"));
  }

  @Test
  void withoutTheUserHeaderTheUserIsEmptyAndWithoutTheCookieTheTokenIsNull() {
    Opened anonymous = fixture.open(broker, "", MultiMap.caseInsensitiveMultiMap().add("User-Agent", "anon-agent"));
    assertEquals("", anonymous.open().body().getString("user_name"));
    assertTrue(anonymous.open().body().containsKey("token"));
    assertNull(anonymous.open().body().getValue("token"));
    assertNull(anonymous.open().cookie());
  }

  @Test
  void theRequestedSubprotocolIsEchoed() {
    TaprClient client = fixture.connect(broker, TaprClient.headers("proto-user", null)
      .add("Sec-WebSocket-Protocol", "tapr-v1"));
    assertEquals("tapr-v1", client.subProtocol());
  }

  // ---- frames ----

  @Test
  void everyJsonFrameIsForwardedAsDataInOrderWithTheCookie() {
    Opened bob = open("bob-messages");
    List<String> frames = List.of(
      "{\"event\":\"chat\",\"data\":{\"text\":\"hi\",\"n\":1.50}}",
      "[1,2,{\"a\":null}]",
      "\"just a string\"",
      "42",
      "{\"no\":\"event field\"}",
      "{\"event\":\"pingish\",\"data\":{}}");
    frames.forEach(bob.client()::send);
    for (String frame : frames) {
      TaprApp.Call call = app.nextOf(bob.id());
      assertEquals("message", call.action());
      assertEquals(io.vertx.core.json.Json.decodeValue(frame), call.data());
      assertEquals("bob-messages", call.body().getString("user_name"));
      assertEquals("token-bob-messages", call.body().getString("token"));
      assertEquals("tapr", call.body().getString("dialect"));
      assertEquals("theme=dark; auth_token=token-bob-messages; lang=en", call.cookie());
    }
  }

  @Test
  void aPingIsAnsweredWithPongAndNotForwarded() {
    Opened carol = open("carol-ping");
    carol.client().ping();
    assertEquals(new JsonObject().put("event", "pong").put("data", new JsonObject()), carol.client().nextObject());
    carol.client().send("{\"event\":\"ping\",\"data\":{\"t\":1}}");
    assertEquals("{\"event\":\"pong\",\"data\":{}}", carol.client().nextText());
    app.expectNothingOf(carol.id(), 300);
  }

  @Test
  void invalidFramesGetAnErrorAndTheConnectionStaysOpen() {
    Opened dave = open("dave-invalid");
    for (String bad : List.of("not json", "{\"event\":", "{} {}", "")) {
      dave.client().send(bad);
      JsonObject error = dave.client().nextObject();
      assertEquals("error", error.getString("event"), bad);
      assertEquals("INVALID_MESSAGE", error.getJsonObject("data").getString("code"));
      assertFalse(error.getJsonObject("data").getString("message").isBlank());
    }
    dave.client().sendBinary(Buffer.buffer("{\"event\":\"x\"}"));
    JsonObject binary = dave.client().nextObject();
    assertEquals("INVALID_MESSAGE", binary.getJsonObject("data").getString("code"));
    assertTrue(binary.getJsonObject("data").getString("message").contains("binary"));
    app.expectNothingOf(dave.id(), 200);
    dave.client().send("{\"event\":\"after\",\"data\":1}");
    assertEquals("message", app.nextOf(dave.id()).action());
    assertFalse(dave.client().isClosed());
  }

  @Test
  void theCloseComesLastAfterEveryMessage() {
    Opened erin = open("erin-close");
    for (int i = 0; i < 20; i++) {
      erin.client().send(new JsonObject().put("event", "n").put("data", i));
    }
    erin.client().close();
    for (int i = 0; i < 20; i++) {
      TaprApp.Call call = app.nextOf(erin.id());
      assertEquals("message", call.action());
      assertEquals(i, ((JsonObject) call.data()).getInteger("data"));
    }
    TaprApp.Call close = app.nextOf(erin.id());
    assertEquals("close", close.action());
    assertEquals(new JsonObject(), close.data());
    assertEquals("token-erin-close", close.body().getString("token"));
    assertEquals("theme=dark; auth_token=token-erin-close; lang=en", close.cookie());
  }

  // ---- sidecar: send ----

  @Test
  void sendToOneConnectionWritesExactlyThePayload() {
    Opened frank = open("frank-send");
    Opened other = open("frank-other");
    Answer answer = sidecar.post("/tapr/ws/conn/send",
      "{\"conn_id\":\"" + frank.id() + "\",\"payload\":{\"event\":\"reply\",\"data\":{\"n\":1,\"list\":[true,null]}}}");
    assertEquals(200, answer.status());
    assertEquals("application/json", answer.contentType());
    assertEquals(new JsonObject().put("code", 0).put("message", "success"), answer.json());
    assertEquals("{\"event\":\"reply\",\"data\":{\"n\":1,\"list\":[true,null]}}", frank.client().nextText());
    sidecar.post("/tapr/ws/conn/send", "{\"conn_id\":\"" + frank.id() + "\",\"payload\":[1,\"two\"]}");
    assertEquals("[1,\"two\"]", frank.client().nextText());
    sidecar.post("/tapr/ws/conn/send", "{\"conn_id\":\"" + frank.id() + "\",\"payload\":\"text\"}");
    assertEquals("\"text\"", frank.client().nextText());
    other.client().expectSilence(200);
  }

  @Test
  void dataIsAnAliasOfPayload() {
    Opened gina = open("gina-alias");
    assertEquals(0, sidecar.send(new JsonObject().put("conn_id", gina.id())
      .put("data", new JsonObject().put("via", "data"))).json().getInteger("code"));
    assertEquals(new JsonObject().put("via", "data"), gina.client().nextObject());
    sidecar.send(new JsonObject().put("conn_id", gina.id()).put("data", "ignored").put("payload", "wins"));
    assertEquals("\"wins\"", gina.client().nextText());
  }

  @Test
  void sendToUsersReachesAllTheirConnectionsAndNoOneElse() {
    Opened h1 = open("hank-users");
    Opened h2 = open("hank-users");
    Opened ivy = open("ivy-users");
    Opened bystander = open("jack-users");
    Answer answer = sidecar.send(new JsonObject().put("users", new JsonArray().add("hank-users").add("ivy-users"))
      .put("payload", new JsonObject().put("event", "news")));
    assertEquals(0, answer.json().getInteger("code"));
    for (Opened target : List.of(h1, h2, ivy)) {
      assertEquals(new JsonObject().put("event", "news"), target.client().nextObject());
    }
    bystander.client().expectSilence(300);
    // One frame per connection, however many users of the call it matches.
    h1.client().expectSilence(50);
    h2.client().expectSilence(0);
  }

  @Test
  void connectionAndUsersTogetherSendToTheIntersection() {
    Opened kate = open("kate-both");
    sidecar.send(new JsonObject().put("conn_id", kate.id()).put("users", new JsonArray().add("someone-else"))
      .put("payload", "not for kate"));
    sidecar.send(new JsonObject().put("conn_id", kate.id()).put("users", new JsonArray().add("x").add("kate-both"))
      .put("payload", "for kate"));
    assertEquals("\"for kate\"", kate.client().nextText());
    kate.client().expectSilence(200);
  }

  @Test
  void aSendWithoutTargetOrWithBadJsonIsRefusedWith400() {
    JsonObject nil = new JsonObject().put("code", 400).put("message", "send message target is nil");
    for (String body : List.of("{\"payload\":{}}", "{\"conn_id\":\"\",\"users\":[],\"payload\":1}", "null",
      "{\"conn_id\":null,\"users\":null}")) {
      Answer answer = sidecar.post("/tapr/ws/conn/send", body);
      assertEquals(400, answer.status(), body);
      assertEquals("application/json", answer.contentType());
      assertEquals(nil, answer.json(), body);
    }
    for (String body : List.of("{\"conn_id\":", "[1]", "{\"conn_id\":5}", "{\"users\":\"alice\"}", "")) {
      Answer answer = sidecar.post("/tapr/ws/conn/send", body);
      assertEquals(400, answer.status(), body);
      assertEquals(400, answer.json().getInteger("code"));
      assertTrue(answer.json().getString("message").startsWith("send data invalid, "), answer.text());
    }
  }

  // ---- sidecar: close ----

  @Test
  void closeByConnectionByUserAndTheirIntersectionAndTheAppHearsEachClose() {
    Opened byConn = open("lena-close");
    Opened spared = open("lena-close");
    Opened u1 = open("mike-close");
    Opened u2 = open("mike-close");
    assertEquals(0, sidecar.close(new JsonObject().put("conns", new JsonArray().add(byConn.id()))).json().getInteger("code"));
    assertEquals(1000, byConn.client().awaitClose());
    assertEquals("close", app.nextOf(byConn.id()).action());
    sidecar.close(new JsonObject().put("users", new JsonArray().add("mike-close")));
    assertEquals(1000, u1.client().awaitClose());
    assertEquals(1000, u2.client().awaitClose());
    assertEquals("close", app.nextOf(u1.id()).action());
    assertEquals("close", app.nextOf(u2.id()).action());
    // Intersection: the connection is spared when its user is not among the users.
    sidecar.close(new JsonObject().put("conns", new JsonArray().add(spared.id())).put("users", new JsonArray().add("nobody")));
    spared.client().ping();
    assertEquals("{\"event\":\"pong\",\"data\":{}}", spared.client().nextText());
    assertFalse(spared.client().isClosed());
    sidecar.close(new JsonObject().put("conns", new JsonArray().add(spared.id())).put("users", new JsonArray().add("lena-close")));
    assertEquals(1000, spared.client().awaitClose());
  }

  @Test
  void aCloseWithoutTargetClosesNothing() {
    Opened survivor = open("nina-survivor");
    JsonObject nil = new JsonObject().put("code", 400).put("message", "close target is nil");
    for (String body : List.of("", "{}", "{\"conns\":[],\"users\":[]}", "{\"all\":false}", "null")) {
      Answer answer = sidecar.post("/tapr/ws/conn/close", body);
      assertEquals(400, answer.status(), body);
      assertEquals(nil, answer.json(), body);
    }
    Answer bad = sidecar.post("/tapr/ws/conn/close", "{\"conns\":");
    assertEquals(400, bad.status());
    assertEquals(400, bad.json().getInteger("code"));
    survivor.client().ping();
    assertEquals("{\"event\":\"pong\",\"data\":{}}", survivor.client().nextText());
    app.expectNothingOf(survivor.id(), 200);
  }

  // ---- sidecar: list ----

  @Test
  void theListGroupsConnectionsByUserWithTheUserAgentAndItsMd5() throws Exception {
    String agent = "Mozilla/5.0 (X11; Linux x86_64) Test/1.0";
    Opened first = fixture.open(broker, "oscar-list", TaprClient.headers("oscar-list", null).add("User-Agent", agent));
    Opened second = fixture.open(broker, "oscar-list", TaprClient.headers("oscar-list", null).add("User-Agent", "other"));
    Answer answer = sidecar.list();
    assertEquals(200, answer.status());
    JsonObject list = answer.json();
    assertEquals(0, list.getInteger("code"));
    assertEquals("success", list.getString("message"));
    JsonObject oscar = list.getJsonArray("data").stream().map(JsonObject.class::cast)
      .filter(user -> "oscar-list".equals(user.getString("name"))).findFirst().orElseThrow();
    assertEquals(Set.of("name", "conns", "conns_number"), oscar.fieldNames());
    assertEquals(2, oscar.getInteger("conns_number"));
    String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(agent.getBytes(StandardCharsets.UTF_8)));
    assertEquals(new JsonArray()
        .add(new JsonObject().put("id", first.id()).put("userAgent", agent).put("userAgentTag", md5))
        .add(new JsonObject().put("id", second.id()).put("userAgent", "other")
          .put("userAgentTag", HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest("other".getBytes(StandardCharsets.UTF_8))))),
      oscar.getJsonArray("conns"));
    first.client().close();
    app.nextOf(first.id());
    JsonObject after = sidecar.list().json().getJsonArray("data").stream().map(JsonObject.class::cast)
      .filter(user -> "oscar-list".equals(user.getString("name"))).findFirst().orElseThrow();
    assertEquals(1, after.getInteger("conns_number"));
    assertEquals(Set.of(second.id()), after.getJsonArray("conns").stream()
      .map(c -> ((JsonObject) c).getString("id")).collect(Collectors.toSet()));
  }

  // ---- sidecar: HTTP errors ----

  @Test
  void unknownPathsWrongMethodsAndLargeBodiesGetJsonErrors() {
    Answer notFound = sidecar.request("GET", "/tapr/ws/conn/nothing", null);
    assertEquals(404, notFound.status());
    assertEquals(404, notFound.json().getInteger("code"));
    assertNotNull(notFound.json().getString("message"));
    Answer wrongMethod = sidecar.request("GET", "/tapr/ws/conn/send", null);
    assertEquals(405, wrongMethod.status());
    assertEquals(405, wrongMethod.json().getInteger("code"));
    Answer postList = sidecar.request("POST", "/tapr/ws/conn/list", "{}");
    assertEquals(405, postList.status());
    String big = "{\"users\":[\"x\"],\"payload\":\"" + "a".repeat(1_048_576) + "\"}";
    Answer tooLarge = sidecar.post("/tapr/ws/conn/send", big);
    assertEquals(413, tooLarge.status());
    assertEquals(413, tooLarge.json().getInteger("code"));
    assertEquals("application/json", tooLarge.contentType());
  }
}
