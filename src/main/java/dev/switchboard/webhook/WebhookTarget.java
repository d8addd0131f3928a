package dev.switchboard.webhook;

import java.net.URI;

/**
 * Where an app webhook listens. The tapr app is always local ({@code http://127.0.0.1:{tapr.app.port}{tapr.app.url}},
 * SPEC §4); socket.io's {@code socketio.app.url} is a full URL.
 */
public record WebhookTarget(boolean ssl, String host, int port, String path) {

  /** The app beside the broker, on loopback. */
  public static WebhookTarget local(int port, String path) {
    return new WebhookTarget(false, "127.0.0.1", port, path);
  }

  /** An {@code http://} or {@code https://} URL. */
  public static WebhookTarget parse(String url) {
    URI uri = URI.create(url);
    boolean ssl = "https".equalsIgnoreCase(uri.getScheme());
    if (!ssl && !"http".equalsIgnoreCase(uri.getScheme())) {
      throw new IllegalArgumentException("a webhook URL must be http:// or https://, got " + url);
    }
    int port = uri.getPort() >= 0 ? uri.getPort() : ssl ? 443 : 80;
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    if (uri.getRawQuery() != null) {
      path += "?" + uri.getRawQuery();
    }
    return new WebhookTarget(ssl, uri.getHost(), port, path);
  }

  @Override
  public String toString() {
    return (ssl ? "https://" : "http://") + host + ':' + port + path;
  }
}
