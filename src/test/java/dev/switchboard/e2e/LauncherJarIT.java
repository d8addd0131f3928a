package dev.switchboard.e2e;

import dev.switchboard.testing.BrokerProcess;
import dev.switchboard.testing.SyncPeers;
import dev.switchboard.testing.TestSocket;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The fat jar as a user runs it (README): {@code java -jar target/switchboard.jar -conf conf/switchboard.json}
 * serves the sync dialect and reports ready; {@code -h} documents the options; {@code vapid-keys} prints a key
 * pair; a bad configuration stops the start with a message that names the key. Runs after {@code package} (failsafe).
 */
class LauncherJarIT {

  private static final Path JAR = Path.of(System.getProperty("switchboard.jar", "target/switchboard.jar"));

  @Test
  void theJarRunsTheShippedConfigurationAndServesSync() throws Exception {
    assertTrue(Files.isRegularFile(JAR), "build the jar first: " + JAR);
    JsonObject shipped = new JsonObject(Files.readString(Path.of("conf/switchboard.json")));
    Vertx peers = Vertx.vertx();
    try (BrokerProcess broker = BrokerProcess.startJar("launcher-jar", JAR, shipped, Map.of())
      .awaitReady(Duration.ofSeconds(60))) {
      TestSocket service = SyncPeers.service(peers, broker.publicPort(), "svc");
      TestSocket client = SyncPeers.client(peers, broker.publicPort());
      client.send(SyncPeers.request("1", "hello", "world"));
      JsonObject forwarded = service.nextMessage();
      service.send(new JsonObject().put("id", forwarded.getString("id")).put("type", "response").put("method", "hello")
        .put("data", "back"));
      assertEquals("back", client.nextMessage().getString("data"));
      if (System.getProperty("os.name").equals("Linux")
        && (System.getProperty("os.arch").equals("amd64") || System.getProperty("os.arch").equals("aarch64"))) {
        assertTrue(broker.output().contains("native transport"), "the jar runs on epoll:\n" + broker.output());
      }
      service.close();
      client.close();
    } finally {
      peers.close();
    }
  }

  @Test
  void helpListsTheOptionsAndExitsZero() {
    for (String flag : new String[]{"-h", "--help", "-help"}) {
      BrokerProcess.Result result = BrokerProcess.run(JAR, Map.of(), flag);
      assertEquals(0, result.exitCode(), flag + ":\n" + result.output());
      String help = result.output();
      for (String option : new String[]{"-conf", "-cluster", "-instances", "-cluster-host", "-cluster-port",
        "-options", "-h, -help, --help", "vapid-keys [SUBJECT]", "SB_API_TOKEN", "SB_SYNC_REQUEST_TIMEOUT_MS",
        "SB_CLUSTER_NAME", "SB_CLUSTER_MEMBERS", "SB_CLUSTER_KUBERNETES_SERVICE_DNS", "conf/switchboard.json"}) {
        assertTrue(help.contains(option), flag + ": help lacks " + option + ":\n" + help);
      }
      assertTrue(help.startsWith("Switchboard"), "our help, not the launcher's generic usage:\n" + help);
      assertFalse(help.contains("Switchboard node"), "help starts no node:\n" + help);
    }
  }

  @Test
  void vapidKeysPrintsAKeyPairAsAConfigurationFragment() {
    BrokerProcess.Result result = BrokerProcess.run(JAR, Map.of(), "vapid-keys", "mailto:ops@example.org");
    assertEquals(0, result.exitCode(), result.output());
    JsonObject webpush = new JsonObject(result.output().substring(result.output().indexOf('{')))
      .getJsonObject("push").getJsonObject("webpush");
    assertEquals("mailto:ops@example.org", webpush.getString("subject"));
    // An uncompressed P-256 point (65 bytes) and a private scalar (32 bytes), base64url without padding.
    assertEquals(87, webpush.getString("publicKey").length(), webpush.encode());
    assertEquals(43, webpush.getString("privateKey").length(), webpush.encode());
    BrokerProcess.Result bad = BrokerProcess.run(JAR, Map.of(), "vapid-keys", "ops@example.org");
    assertNotEquals(0, bad.exitCode(), bad.output());
  }

  @Test
  void aBadConfigurationStopsTheStartNamingTheKey() {
    BrokerProcess.Result unknown = BrokerProcess.run(JAR, Map.of(), "-conf", "{\"sync\":{\"requestTimeout\":5}}");
    assertNotEquals(0, unknown.exitCode(), unknown.output());
    assertTrue(unknown.output().contains("sync.requestTimeout"), unknown.output());
    BrokerProcess.Result wrongType = BrokerProcess.run(JAR, Map.of("SB_PUBLIC_PORT", "lots"));
    assertNotEquals(0, wrongType.exitCode(), wrongType.output());
    assertTrue(wrongType.output().contains("SB_PUBLIC_PORT"), wrongType.output());
  }
}
