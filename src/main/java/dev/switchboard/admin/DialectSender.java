package dev.switchboard.admin;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * How {@code POST /api/send} hands a message to one dialect (SPEC §5): checks the dialect's own fields, delivers
 * and answers the reply body ({@code {"reached": N, ...}}). One per dialect, chosen by {@link SendResource}; a
 * refusal is an {@link ApiException}.
 */
interface DialectSender {

  Future<JsonObject> send(ApiSendRequest request);
}
