package dev.switchboard.webhook;

import dev.switchboard.config.SwitchboardConfig;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class WebhookPolicyTest {

  @Test
  void retryPausesDoubleFromTheFirstAndAreCapped() {
    WebhookPolicy policy = new WebhookPolicy(2000, 10, 100, 1000, 8, 1000);
    assertEquals(100, policy.retryDelayMs(1));
    assertEquals(200, policy.retryDelayMs(2));
    assertEquals(400, policy.retryDelayMs(3));
    assertEquals(800, policy.retryDelayMs(4));
    assertEquals(1000, policy.retryDelayMs(5));
    assertEquals(1000, policy.retryDelayMs(60));
  }

  @Test
  void theNodePolicyComesFromWebhookAndPublicKeys() {
    WebhookPolicy policy = WebhookPolicy.of(SwitchboardConfig.defaults());
    assertEquals(2000, policy.timeoutMs());
    assertEquals(5, policy.maxAttempts());
    assertEquals(1_048_576, policy.maxQueuedBytes());
    assertEquals(WebhookPolicy.MAX_QUEUED_CALLS, policy.maxQueuedCalls());
  }
}
