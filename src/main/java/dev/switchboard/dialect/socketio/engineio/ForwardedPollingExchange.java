package dev.switchboard.dialect.socketio.engineio;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

/**
 * A polling request another gateway instance (of this node or another) received for a session this instance
 * owns and forwarded over the event bus ({@link PollingForwarding}); the answer is the event-bus reply, which
 * that instance writes to its HTTP response. This is how long-polling works without sticky sessions.
 */
final class ForwardedPollingExchange implements PollingExchange {

  private final Message<JsonObject> message;
  private final String method;
  private final Buffer body;
  private final String contentType;
  private final long expiresAt;
  private boolean answered;

  ForwardedPollingExchange(Message<JsonObject> message, long expiresAt) {
    this.message = message;
    JsonObject request = message.body();
    this.method = request.getString("method");
    byte[] bytes = request.getBinary("body");
    this.body = bytes == null ? Buffer.buffer() : Buffer.buffer(bytes);
    this.contentType = request.getString("contentType");
    this.expiresAt = expiresAt;
  }

  @Override
  public String method() {
    return method;
  }

  @Override
  public Buffer body() {
    return body;
  }

  @Override
  public String contentType() {
    return contentType;
  }

  @Override
  public void respond(int status, String contentType, Buffer answer) {
    if (answered) {
      return;
    }
    answered = true;
    message.reply(PollingForwarding.reply(status, contentType, answer));
  }

  /** After the forwarder's timeout nobody waits for the reply any more: packets given to it would be lost. */
  @Override
  public boolean isOpen() {
    return !answered && System.currentTimeMillis() < expiresAt;
  }
}
