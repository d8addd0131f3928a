package dev.switchboard.e2e;

import dev.switchboard.testing.FreePorts;
import dev.switchboard.testing.PushPeers;
import dev.switchboard.testing.TestBroker;
import dev.switchboard.testing.TestSocket;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.switchboard.testing.PushPeers.*;
import static org.junit.jupiter.api.Assertions.*;

/** Webhook clients (SPEC §2): configured names receive their messages as POSTs; 2xx acknowledges, others retry. */
class PushWebhookClientEndToEndTest {

  @Test
  void aWebhookClientIsRetriedUntilItAnswers2xxInOrder() throws Exception {
    Vertx peers = Vertx.vertx();
    BlockingQueue<JsonObject> received = new LinkedBlockingQueue<>();
    AtomicInteger calls = new AtomicInteger();
    int appPort = FreePorts.next();
    HttpServer app = peers.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      received.add(body.toJsonObject());
      // The first call fails: the broker must send the same message again.
      request.response().setStatusCode(calls.incrementAndGet() == 1 ? 500 : 200).end();
    })).listen(appPort, "127.0.0.1").await(10, TimeUnit.SECONDS);
    try (TestBroker broker = TestBroker.start(new JsonObject().put("push", new JsonObject().put("token", "t")
      .put("retryMs", 300).put("inflight", 1).put("waitTimeoutMs", 5000)
      .put("webhooks", new JsonObject().put("bot", "http://127.0.0.1:" + appPort + "/hook"))))) {
      TestSocket alice = PushPeers.authenticated(peers, broker.publicPort(), "t", "alice", null);
      for (int i = 0; i < 3; i++) {
        alice.send(personal("bot", "job " + i));
      }
      List<String> delivered = new ArrayList<>();
      JsonObject first = received.poll(10, TimeUnit.SECONDS);
      assertNotNull(first, "the webhook was never called");
      assertEquals("MESSAGE", first.getString("cmd"));
      JsonObject retried = received.poll(10, TimeUnit.SECONDS);
      assertEquals(first.getJsonObject("data").getString("mid"), retried.getJsonObject("data").getString("mid"),
        "the failed call is repeated with the same message");
      delivered.add(retried.getJsonObject("data").getJsonObject("message").getString("text"));
      for (int i = 1; i < 3; i++) {
        delivered.add(received.poll(10, TimeUnit.SECONDS).getJsonObject("data").getJsonObject("message").getString("text"));
      }
      assertEquals(List.of("job 0", "job 1", "job 2"), delivered);
      for (int i = 0; i < 3; i++) {
        assertEquals(new JsonObject().put("bot", "ok"), nextReply(alice).getJsonObject("status"));
      }
      assertNull(received.poll(1, TimeUnit.SECONDS), "nothing is sent again once acknowledged");
      alice.close();
    } finally {
      app.close();
      peers.close();
    }
  }
}
