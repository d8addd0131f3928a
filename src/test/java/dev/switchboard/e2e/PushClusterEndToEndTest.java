package dev.switchboard.e2e;

import dev.switchboard.testing.FreePorts;
import dev.switchboard.testing.PushPeers;
import dev.switchboard.testing.TestBroker;
import dev.switchboard.testing.TestResources;
import dev.switchboard.testing.TestSocket;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static dev.switchboard.testing.PushPeers.*;
import static org.junit.jupiter.api.Assertions.*;

/** The push dialect across a real two-node cluster: delivery, takeover and groups span the nodes. */
class PushClusterEndToEndTest {

  private static final String TOKEN = "cluster-push-token";
  private static Vertx peers;
  private static TestBroker nodeA;
  private static TestBroker nodeB;
  private final List<TestSocket> opened = new ArrayList<>();

  @BeforeAll
  static void startCluster() {
    peers = Vertx.vertx();
    String name = "sb-push-cluster-" + UUID.randomUUID();
    int base = FreePorts.consecutive(2);
    JsonObject config = new JsonObject().put("push", new JsonObject().put("token", TOKEN).put("retryMs", 60_000));
    nodeA = TestBroker.start(config, TestBroker.clusterMember(name, base, 2, 0));
    nodeB = TestBroker.start(config, TestBroker.clusterMember(name, base, 2, 1));
  }

  @AfterAll
  static void stopCluster() throws Exception {
    TestResources.closeAll(nodeB, nodeA, peers);
  }

  @AfterEach
  void closeSockets() {
    opened.forEach(TestSocket::close);
  }

  private TestSocket user(TestBroker node, String name, String group) {
    TestSocket socket = PushPeers.authenticated(peers, node.publicPort(), TOKEN, name, group);
    opened.add(socket);
    return socket;
  }

  @Test
  void aMessageCrossesNodesAndTheReplyComesBack() {
    TestSocket alice = user(nodeA, "alice-1", null);
    TestSocket bob = user(nodeB, "bob-1", null);
    alice.send(personal("bob-1", "across"));
    JsonObject message = nextMessage(bob);
    assertEquals("across", message.getJsonObject("message").getString("text"));
    bob.send(callback(message.getString("mid")));
    assertEquals(new JsonObject().put("bob-1", "ok"), nextReply(alice).getJsonObject("status"));
  }

  @Test
  void aNameTakenOverOnAnotherNodeKeepsItsQueue() {
    TestSocket alice = user(nodeA, "alice-2", null);
    TestSocket first = user(nodeA, "bob-2", null);
    alice.send(personal("bob-2", "pending"));
    String mid = nextMessage(first).getString("mid");
    TestSocket second = user(nodeB, "bob-2", null);
    assertEquals(4005, first.awaitClose());
    assertEquals(mid, nextMessage(second).getString("mid"));
    second.send(callback(mid));
    alice.send(personal("bob-2", "next"));
    assertEquals("next", nextMessage(second).getJsonObject("message").getString("text"));
  }

  @Test
  void groupsSpanNodes() {
    TestSocket alice = user(nodeA, "alice-3", null);
    TestSocket onA = user(nodeA, "carol-3", "ops-3");
    TestSocket onB = user(nodeB, "dave-3", "ops-3");
    alice.send(group("ops-3", "all hands"));
    JsonObject toCarol = nextMessage(onA);
    JsonObject toDave = nextMessage(onB);
    onA.send(callback(toCarol.getString("mid")));
    onB.send(callback(toDave.getString("mid")));
    assertEquals(new JsonObject().put("carol-3", "ok").put("dave-3", "ok"), nextReply(alice).getJsonObject("status"));
  }
}
