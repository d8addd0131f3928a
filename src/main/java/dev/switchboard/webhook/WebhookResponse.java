package dev.switchboard.webhook;

import io.vertx.core.buffer.Buffer;

/**
 * The app's 2xx answer to a webhook call: its status and body (empty when there was none). The tapr
 * dialect ignores the body; socket.io reads its instructions from it (SPEC §6).
 */
public record WebhookResponse(int status, Buffer body) {
}
