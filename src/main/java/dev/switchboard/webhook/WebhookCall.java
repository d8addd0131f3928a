package dev.switchboard.webhook;

/**
 * One call to the app webhook (SPEC §6): what happened, to which connection of which dialect, and the
 * client's identity as the app sees it. Immutable; built by a dialect, encoded by {@link WebhookBodies}.
 *
 * @param action       open, message or close
 * @param dialect      {@code tapr} or {@code socketio}
 * @param connectionId the connection's id ({@code conn_id})
 * @param user         the user name, {@code ""} when there is none
 * @param token        the client's token, or {@code null}
 * @param data         raw JSON of {@code data} (spliced in unchanged), or {@code null} for {@code {}}
 * @param cookie       the client's {@code Cookie} header, passed on as is, or {@code null}
 */
public record WebhookCall(WebhookAction action, String dialect, String connectionId, String user, String token,
                          byte[] data, String cookie) {
}
