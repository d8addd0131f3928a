package dev.switchboard.webhook;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class WebhookTargetTest {

  @Test
  void theTaprAppIsOnLoopback() {
    assertEquals(new WebhookTarget(false, "127.0.0.1", 3010, "/websocket/message"),
      WebhookTarget.local(3010, "/websocket/message"));
    assertEquals("http://127.0.0.1:3010/websocket/message", WebhookTarget.local(3010, "/websocket/message").toString());
  }

  @Test
  void urlsAreParsedWithDefaultPorts() {
    assertEquals(new WebhookTarget(true, "app.example", 443, "/hook?x=1"), WebhookTarget.parse("https://app.example/hook?x=1"));
    assertEquals(new WebhookTarget(false, "10.0.0.1", 80, "/"), WebhookTarget.parse("http://10.0.0.1"));
    assertEquals(new WebhookTarget(false, "localhost", 8080, "/io"), WebhookTarget.parse("http://localhost:8080/io"));
    assertThrows(IllegalArgumentException.class, () -> WebhookTarget.parse("ftp://x/"));
  }
}
