package dev.switchboard.webhook;

import dev.switchboard.codec.JsonBytesWriter;
import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;

/**
 * Encodes the JSON body of a webhook call (SPEC §4 and §6):
 * {@code {"data":...,"action":...,"user_name":...,"conn_id":...,"token":...,"dialect":...}}. The data is
 * spliced in as the raw bytes the client sent, never parsed or re-encoded. Pure; tested in
 * {@code WebhookBodiesTest}.
 */
public final class WebhookBodies {

  private static final byte[] EMPTY_OBJECT = "{}".getBytes(StandardCharsets.US_ASCII);
  private static final int FIXED_FIELDS_BYTES = 96;

  private WebhookBodies() {
  }

  public static Buffer encode(WebhookCall call) {
    byte[] data = call.data() == null ? EMPTY_OBJECT : call.data();
    return JsonBytesWriter.object(data.length + FIXED_FIELDS_BYTES + call.connectionId().length()
        + (call.user() == null ? 0 : call.user().length()) + (call.token() == null ? 4 : call.token().length()))
      .rawField("data", data)
      .stringField("action", call.action().wireName())
      .stringField("user_name", call.user() == null ? "" : call.user())
      .stringField("conn_id", call.connectionId())
      .stringField("token", call.token())
      .stringField("dialect", call.dialect())
      .finishBuffer();
  }
}
