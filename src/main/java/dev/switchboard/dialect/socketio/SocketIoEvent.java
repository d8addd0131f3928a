package dev.switchboard.dialect.socketio;

import java.util.Objects;

/**
 * An event as the app and the HTTP API see it (SPEC §3, §5, §6): its name and its arguments as a JSON array in
 * which binary arguments are {@code {"$binary":"<base64>"}}. Read from a client's packet with
 * {@link SocketIoPacketWithAttachments#toEvent()}; sent with {@link SocketIoPacketWithAttachments#event}.
 *
 * @param name          the event name; a client may name an event with a number, which reads as its digits
 * @param argumentsJson the arguments, a JSON array ({@code []} for none)
 */
public record SocketIoEvent(String name, String argumentsJson) {

  public SocketIoEvent {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(argumentsJson, "argumentsJson");
  }
}
