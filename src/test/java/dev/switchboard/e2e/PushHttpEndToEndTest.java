package dev.switchboard.e2e;

import dev.switchboard.testing.PushPeers;
import dev.switchboard.testing.TestBroker;
import dev.switchboard.testing.TestSocket;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.switchboard.testing.PushPeers.*;
import static org.junit.jupiter.api.Assertions.*;

/** The push dialect's HTTP API (SPEC §2): shortcuts, JSON and form POSTs, auth, callbacks, errors. */
class PushHttpEndToEndTest {

  private static final String TOKEN = "http-push-token";
  private Vertx peers;
  private HttpClient http;
  private TestBroker broker;
  private final List<TestSocket> opened = new ArrayList<>();

  /** An HTTP answer: status and JSON body. */
  record Answer(int status, JsonObject body) {
  }

  @BeforeEach
  void start() {
    peers = Vertx.vertx();
    http = peers.createHttpClient();
  }

  @AfterEach
  void stop() {
    opened.forEach(TestSocket::close);
    if (broker != null) {
      broker.close();
    }
    peers.close();
  }

  private void broker(JsonObject push) {
    broker = TestBroker.start(new JsonObject().put("push", new JsonObject().put("token", TOKEN).put("waitTimeoutMs", 800)
      .put("retryMs", 60_000).mergeIn(push)));
  }

  private TestSocket user(String name, String group) {
    TestSocket socket = PushPeers.authenticated(peers, broker.publicPort(), TOKEN, name, group);
    opened.add(socket);
    return socket;
  }

  private Future<Answer> call(HttpMethod method, String uri, MultiMap headers, Buffer body) {
    RequestOptions options = new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(broker.publicPort())
      .setURI(uri);
    if (headers != null) {
      options.setHeaders(headers);
    }
    return http.request(options)
      .compose(request -> (body == null ? request.send() : request.send(body))
        .compose(response -> response.body().map(bytes -> new Answer(response.statusCode(),
          bytes.length() == 0 ? new JsonObject() : bytes.toJsonObject()))));
  }

  private Answer await(Future<Answer> answer) throws Exception {
    return answer.await(15, TimeUnit.SECONDS);
  }

  private Answer post(JsonObject packet, MultiMap headers) throws Exception {
    return await(call(HttpMethod.POST, "/push", headers, packet.toBuffer()));
  }

  private String authToken(String name) throws Exception {
    Answer auth = post(auth(TOKEN, name, null), null);
    assertEquals(200, auth.status());
    return auth.body().getJsonObject("data").getString("auth");
  }

  @Test
  void getSendDeliversWithQueryExtrasAndRepliesWhenAcknowledged() throws Exception {
    broker(new JsonObject().put("waitTimeoutMs", 5000));
    TestSocket bob = user("bob", null);
    Future<Answer> pending = call(HttpMethod.GET, "/push/bob.send?text=hi&desp=there&color=red&n=1", null, null);
    JsonObject message = nextMessage(bob);
    assertEquals(new JsonObject().put("method", "http").put("name", "anonymous"), message.getJsonObject("from"));
    assertEquals(new JsonObject().put("text", "hi").put("desp", "there")
      .put("extra", new JsonObject().put("color", "red").put("n", "1")), message.getJsonObject("message"));
    bob.send(callback(message.getString("mid")));
    Answer answer = await(pending);
    assertEquals(200, answer.status());
    assertEquals(new JsonObject().put("cmd", "MESSAGE_REPLY").put("data", new JsonObject()
      .put("mid", message.getString("mid")).put("status", new JsonObject().put("bob", "ok"))), answer.body());
  }

  @Test
  void getGroupReachesTheGroupAndAnswersWithStatusesAfterTheWait() throws Exception {
    broker(new JsonObject());
    TestSocket carol = user("carol", "ops");
    Answer answer = await(call(HttpMethod.GET, "/push/ops.group?text=alert", null, null));
    assertEquals("group", nextMessage(carol).getString("sendType"));
    assertEquals(new JsonObject().put("carol", "wait"), answer.body().getJsonObject("data").getJsonObject("status"));
  }

  @Test
  void postAuthIssuesATokenThatNamesTheSender() throws Exception {
    broker(new JsonObject());
    Answer refused = post(auth("wrong", "alice", null), null);
    assertEquals(403, refused.status());
    assertEquals(new JsonObject().put("code", 403).put("msg", "Token invalid"), refused.body().getJsonObject("data"));
    String aliceToken = authToken("alice");
    TestSocket bob = user("bob", null);
    post(personal("bob", "json body").put("auth", aliceToken), null);
    assertEquals(new JsonObject().put("method", "http").put("name", "alice"), nextMessage(bob).getJsonObject("from"));
    MultiMap bearer = MultiMap.caseInsensitiveMultiMap().add("Authorization", "Bearer " + aliceToken);
    post(personal("bob", "bearer"), bearer);
    assertEquals("alice", nextMessage(bob).getJsonObject("from").getString("name"));
    Answer forged = post(personal("bob", "x").put("auth", "not.a.jwt"), null);
    assertEquals(401, forged.status());
    assertEquals("INFO", forged.body().getString("cmd"));
  }

  @Test
  void aFormEncodedPostIsAPacket() throws Exception {
    broker(new JsonObject());
    TestSocket bob = user("bob", null);
    MultiMap form = MultiMap.caseInsensitiveMultiMap().add("Content-Type", "application/x-www-form-urlencoded");
    Answer answer = await(call(HttpMethod.POST, "/push", form,
      Buffer.buffer("cmd=MESSAGE&sendType=personal&target=bob&text=from+a+form&desp=d%26e")));
    JsonObject message = nextMessage(bob);
    assertEquals("from a form", message.getJsonObject("message").getString("text"));
    assertEquals("d&e", message.getJsonObject("message").getString("desp"));
    assertEquals(200, answer.status());
  }

  @Test
  void callbacksOverHttpConfirmOnlyTheAddresseesMessages() throws Exception {
    broker(new JsonObject().put("retryMs", 300));
    TestSocket alice = user("alice", null);
    TestSocket bob = user("bob", null);
    alice.send(personal("bob", "confirm me"));
    String mid = nextMessage(bob).getString("mid");
    Answer wrongName = post(callback(mid).put("auth", authToken("mallory")), null);
    assertEquals(404, wrongName.status());
    assertEquals("INFO", wrongName.body().getString("cmd"));
    assertEquals(mid, nextMessage(bob).getString("mid"), "still pending after another name's callback");
    Answer anonymous = post(callback(mid), null);
    assertEquals(401, anonymous.status());
    Answer ok = post(callback(mid).put("auth", authToken("bob")), null);
    assertEquals(200, ok.status());
    assertEquals(new JsonObject().put("cmd", "INFO").put("data", "ok"), ok.body());
    assertEquals(new JsonObject().put("bob", "ok"), nextReply(alice).getJsonObject("status"));
    bob.expectSilence(800);
  }

  @Test
  void badRequestsGetFourHundredsWithInfo() throws Exception {
    broker(new JsonObject());
    Answer notJson = await(call(HttpMethod.POST, "/push", null, Buffer.buffer("{nope")));
    assertEquals(400, notJson.status());
    assertEquals("INFO", notJson.body().getString("cmd"));
    assertEquals("Unknown cmd: FLY", post(packet("FLY", new JsonObject()), null).body().getString("data"));
    assertEquals("target property is required",
      post(packet("MESSAGE", new JsonObject().put("sendType", "personal")), null).body().getString("data"));
    assertEquals(413, await(call(HttpMethod.POST, "/push", null, Buffer.buffer("x".repeat(1_100_000)))).status());
    assertEquals(404, await(call(HttpMethod.GET, "/push/bob.shout", null, null)).status());
    assertEquals(405, await(call(HttpMethod.PUT, "/push", null, Buffer.buffer("{}"))).status());
    assertEquals(405, await(call(HttpMethod.POST, "/push/bob.send", null, Buffer.buffer("{}"))).status());
  }

  @Test
  void verifyTokenRequiresTheRawTokenOrAnAuthToken() throws Exception {
    broker(new JsonObject().put("http", new JsonObject().put("verifyToken", true)));
    TestSocket bob = user("bob", null);
    assertEquals(401, await(call(HttpMethod.GET, "/push/bob.send?text=no", null, null)).status());
    MultiMap raw = MultiMap.caseInsensitiveMultiMap().add("Authorization", TOKEN);
    assertEquals(200, await(call(HttpMethod.GET, "/push/bob.send?text=raw", raw, null)).status());
    assertEquals("raw", nextMessage(bob).getJsonObject("message").getString("text"));
    assertEquals(200, post(personal("bob", "jwt").put("auth", authToken("alice")), null).status());
    assertEquals("jwt", nextMessage(bob).getJsonObject("message").getString("text"));
  }
}
