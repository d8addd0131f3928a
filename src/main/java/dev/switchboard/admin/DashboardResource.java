package dev.switchboard.admin;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * The web dashboard at {@code /admin/} (SPEC §5): three static files shipped in the jar under
 * {@code dev/switchboard/admin/ui/}, read once at start and served from memory. The page itself is public; it asks
 * for the API token and calls {@code /api} with it. Only the files named in {@link #FILES} are ever served — a
 * request names a key of that table, never a path — so no request can reach another resource or file.
 */
final class DashboardResource {

  static final String DIRECTORY = "/dev/switchboard/admin/ui/";

  /** File name → Content-Type. */
  static final Map<String, String> FILES = Map.of(
    "index.html", "text/html; charset=utf-8",
    "app.js", "text/javascript; charset=utf-8",
    "app.css", "text/css; charset=utf-8");

  /**
   * Scripts, styles and API calls from this origin only; no inline script, no frames, no third-party anything
   * (the machine running it may have no internet, and the token must not leak).
   */
  static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
    + "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

  private record File(Buffer body, String contentType, String etag) {
  }

  private final Map<String, File> files = new HashMap<>();

  /** Reads the files; a class-path read is blocking I/O, so it runs on a worker thread. */
  Future<Void> load(Vertx vertx) {
    return vertx.executeBlocking(() -> {
      Map<String, File> read = new HashMap<>();
      for (Map.Entry<String, String> file : FILES.entrySet()) {
        byte[] bytes = ClassPathResources.read(DIRECTORY + file.getKey());
        read.put(file.getKey(), new File(Buffer.buffer(bytes), file.getValue(), etagOf(bytes)));
      }
      return read;
    }).onSuccess(files::putAll).mapEmpty();
  }

  /**
   * {@code GET /admin/}: the page; {@code GET /admin} is sent there, so that the page's relative links resolve
   * under {@code /admin/}. (Vert.x matches an exact path with or without a trailing slash, so the path the
   * request really has decides.)
   */
  void page(RoutingContext context) {
    if (context.request().path().endsWith("/")) {
      serve(context, "index.html");
      return;
    }
    String query = context.request().query();
    context.response().setStatusCode(301)
      .putHeader("Location", "/admin/" + (query == null || query.isEmpty() ? "" : "?" + query))
      .putHeader("Cache-Control", "no-cache")
      .end();
  }

  /** {@code GET /admin/:file}: one of the page's files, or 404. */
  void file(RoutingContext context) {
    serve(context, context.pathParam("file"));
  }

  private void serve(RoutingContext context, String name) {
    File file = files.get(name);
    if (file == null) {
      ApiResponses.error(context, 404, "NOT_FOUND", "no such dashboard file: " + name);
      return;
    }
    HttpServerResponse response = context.response()
      // The file names carry no version, so browsers revalidate every time; the ETag makes that a 304.
      .putHeader("Cache-Control", "no-cache")
      .putHeader("ETag", file.etag())
      .putHeader("X-Content-Type-Options", "nosniff")
      // The page may be opened with ?token=...: never send its address elsewhere.
      .putHeader("Referrer-Policy", "no-referrer")
      .putHeader("X-Frame-Options", "DENY")
      .putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    String presented = context.request().getHeader("If-None-Match");
    if (file.etag().equals(presented)) {
      response.setStatusCode(304).end();
      return;
    }
    response.putHeader("Content-Type", file.contentType()).end(file.body());
  }

  private static String etagOf(byte[] bytes) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
      return "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
