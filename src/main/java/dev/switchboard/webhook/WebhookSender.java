package dev.switchboard.webhook;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/**
 * Makes one attempt of a webhook call: POSTs the body and completes with the 2xx response, or fails with a
 * {@link WebhookFailedException}. {@link WebhookClient} is the real one; tests use fakes.
 */
@FunctionalInterface
public interface WebhookSender {

  Future<WebhookResponse> post(Buffer body, String cookie);
}
