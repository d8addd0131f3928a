package dev.switchboard.e2e;

import dev.switchboard.testing.ApiClient;
import dev.switchboard.testing.ApiClient.Answer;
import dev.switchboard.testing.SyncPeers;
import dev.switchboard.testing.TestBroker;
import dev.switchboard.testing.TestSocket;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code GET /api/openapi.yaml} held to the running server: every operation it documents answers something other
 * than 404/405, and every route the API port has is documented.
 */
class ApiOpenApiEndToEndTest {

  private static final String TOKEN = "openapi-test-token";
  private static final Pattern PATH = Pattern.compile("^  (/\\S*):\\s*$");
  private static final Pattern OPERATION = Pattern.compile("^    (get|put|post|delete|patch|head|options):\\s*$");

  /** The operations of the document's {@code paths} section, as {@code METHOD /path/{param}}. */
  static Set<String> documentedOperations(String yaml) {
    Set<String> operations = new TreeSet<>();
    boolean inPaths = false;
    String path = null;
    for (String line : yaml.split("\n")) {
      if (!line.startsWith(" ") && !line.isBlank()) {
        inPaths = line.startsWith("paths:");
        path = null;
        continue;
      }
      if (!inPaths) {
        continue;
      }
      Matcher pathLine = PATH.matcher(line);
      if (pathLine.matches()) {
        path = pathLine.group(1);
        continue;
      }
      Matcher operationLine = OPERATION.matcher(line);
      if (path != null && operationLine.matches()) {
        operations.add(operationLine.group(1).toUpperCase() + " " + path);
      }
    }
    return operations;
  }

  @Test
  void theDocumentMatchesTheRunningServer() {
    Vertx peers = Vertx.vertx();
    try (TestBroker broker = TestBroker.start(new JsonObject().put("api", new JsonObject().put("token", TOKEN)))) {
      ApiClient api = new ApiClient(broker, TOKEN);
      Answer document = api.get("/api/openapi.yaml");
      assertEquals(200, document.status());
      assertTrue(document.contentType().startsWith("application/yaml"), document.contentType());
      assertTrue(document.text().startsWith("openapi: 3"), "an OpenAPI 3 document");
      Set<String> documented = documentedOperations(document.text());
      assertTrue(documented.size() >= 12, documented::toString);

      Set<String> served = new TreeSet<>();
      broker.main().admin().routes().forEach(route -> served.add(route.replaceAll(":(\\w+)", "{$1}")));
      assertEquals(served, documented, "every route documented, every documented operation served");

      TestSocket connection = SyncPeers.client(peers, broker.publicPort());
      String id = api.get("/api/connections?dialect=sync").json().getJsonArray("items").getJsonObject(0).getString("id");
      List<String> ordered = new ArrayList<>(documented);
      // Look the connection up before deleting it.
      ordered.sort((a, b) -> Boolean.compare(a.startsWith("DELETE"), b.startsWith("DELETE")));
      for (String operation : ordered) {
        String[] parts = operation.split(" ", 2);
        String path = parts[1].replace("{id}", id).replace("{file}", "app.js");
        Answer answer = api.request(parts[0], path, parts[0].equals("POST") ? "{}" : null);
        assertNotEquals(404, answer.status(), operation + " → " + answer.text());
        assertNotEquals(405, answer.status(), operation + " → " + answer.text());
      }
      assertEquals(1000, connection.awaitClose(), "the documented DELETE closed it");
    } finally {
      peers.close();
    }
  }

  @Test
  void theParserReadsPathsAndOperationsOnly() {
    String yaml = "openapi: 3.0.3\npaths:\n  /a:\n    get:\n      summary: x\n    post:\n      responses: {}\n"
      + "  /b/{id}:\n    parameters: []\n    delete:\n      summary: y\ncomponents:\n  schemas:\n    get:\n";
    assertEquals(Set.of("GET /a", "POST /a", "DELETE /b/{id}"), documentedOperations(yaml));
  }
}
