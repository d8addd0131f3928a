package dev.switchboard.e2e;

import dev.switchboard.testing.SyncPeers;
import dev.switchboard.testing.TestBroker;
import dev.switchboard.testing.TestSocket;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The public port's common rules (SPEC §0): heartbeats find dead peers, slow consumers are closed with 4008,
 * unknown paths get a JSON 404 — with real sockets against a real broker.
 */
class GatewayEndToEndTest {

  private static Vertx peers;

  @BeforeAll
  static void start() {
    peers = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    peers.close();
  }

  @Test
  void aPeerThatNeverAnswersPingsIsClosedAndALivePeerIsNot() throws Exception {
    try (TestBroker broker = TestBroker.start(new JsonObject().put("public", new JsonObject().put("pingIntervalMs", 200)));
         TestSocket live = SyncPeers.client(peers, broker.publicPort());
         Socket dead = new Socket(InetAddress.getLoopbackAddress(), broker.publicPort())) {
      dead.setSoTimeout(10_000);
      OutputStream out = dead.getOutputStream();
      out.write(("GET /sync/server HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
        + "websocket-accept-sign: client\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      DataInputStream in = new DataInputStream(dead.getInputStream());
      String status = readHeaders(in);
      assertTrue(status.startsWith("HTTP/1.1 101"), status);
      List<Integer> opcodes = new ArrayList<>();
      int closeCode = -1;
      long start = System.currentTimeMillis();
      try {
        while (true) {
          int first = in.readUnsignedByte();
          int length = in.readUnsignedByte() & 0x7f;
          if (length == 126) {
            length = in.readUnsignedShort();
          }
          byte[] payload = new byte[length];
          in.readFully(payload);
          int opcode = first & 0x0f;
          opcodes.add(opcode);
          if (opcode == 8) {
            closeCode = ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
            break;
          }
        }
      } catch (EOFException e) {
        fail("closed without a close frame; frames seen: " + opcodes);
      }
      long elapsed = System.currentTimeMillis() - start;
      assertTrue(opcodes.contains(9), "the broker pinged before giving up: " + opcodes);
      assertEquals(4000, closeCode);
      assertTrue(elapsed < 5000, "took " + elapsed + " ms");
      // The Vert.x client answers pings by itself: it is still connected after many intervals.
      live.send(SyncPeers.request("alive", "communicationLinkCount", null));
      assertEquals("alive", live.next(f -> "alive".equals(f.getValue("id"))).getString("id"));
      assertFalse(live.isClosed());
    }
  }

  @Test
  void aConsumerThatStopsReadingIsClosedWith4008() throws Exception {
    try (TestBroker broker = TestBroker.start(new JsonObject().put("public", new JsonObject().put("maxQueuedBytes", 65536)));
         TestSocket service = SyncPeers.service(peers, broker.publicPort(), "svc")) {
      WebSocketClient client = peers.createWebSocketClient();
      CompletableFuture<Short> closed = new CompletableFuture<>();
      WebSocket slow = client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(broker.publicPort())
        .setURI(SyncPeers.PATH).addHeader("websocket-accept-sign", "client")).map(ws -> {
          ws.closeHandler(ignored -> closed.complete(ws.closeStatusCode()));
          ws.pause();
          return ws;
        }).await(10, TimeUnit.SECONDS);
      String bulk = "x".repeat(16_000);
      int sent = 0;
      while (broker.main().stats().slowConsumerCloses.sum() == 0 && sent < 4000) {
        service.send(new JsonObject().put("type", "notice").put("method", "bulk").put("data", bulk));
        sent++;
        if (sent % 50 == 0) {
          Thread.sleep(20);
        }
      }
      assertEquals(1, broker.main().stats().slowConsumerCloses.sum(), "no slow-consumer close after " + sent + " notices");
      slow.resume();
      assertEquals((short) 4008, closed.get(10, TimeUnit.SECONDS));
      client.close();
    }
  }

  @Test
  void unknownPathsAreRefusedWithJson404() throws Exception {
    try (TestBroker broker = TestBroker.start(new JsonObject())) {
      HttpClient http = peers.createHttpClient();
      JsonObject body = http.request(HttpMethod.GET, broker.publicPort(), "127.0.0.1", "/nothing")
        .compose(request -> request.send().compose(response -> {
          assertEquals(404, response.statusCode());
          assertEquals("application/json", response.getHeader("Content-Type"));
          return response.body();
        })).await(10, TimeUnit.SECONDS).toJsonObject();
      assertEquals("NOT_FOUND", body.getString("code"));
      WebSocketClient ws = peers.createWebSocketClient();
      Exception refused = assertThrows(Exception.class, () -> ws.connect(broker.publicPort(), "127.0.0.1", "/nowhere")
        .await(10, TimeUnit.SECONDS));
      assertTrue(String.valueOf(refused.getMessage()).contains("404"), refused::toString);
      http.close();
      ws.close();
    }
  }

  private static String readHeaders(DataInputStream in) throws Exception {
    StringBuilder headers = new StringBuilder();
    while (!headers.toString().endsWith("\r\n\r\n")) {
      headers.append((char) in.readUnsignedByte());
    }
    return headers.toString();
  }
}
