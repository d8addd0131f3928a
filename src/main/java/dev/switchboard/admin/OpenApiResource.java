package dev.switchboard.admin;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /api/openapi.yaml} (SPEC §5): the OpenAPI 3 description of the API port, shipped in the jar next to
 * this class and read once at start. A test checks it against the routes the server really has.
 */
final class OpenApiResource {

  static final String RESOURCE = "/dev/switchboard/admin/openapi.yaml";

  private byte[] document;

  /** Reads the document; a class-path read is blocking I/O, so it runs on a worker thread. */
  Future<Void> load(Vertx vertx) {
    return vertx.executeBlocking(() -> ClassPathResources.read(RESOURCE))
      .onSuccess(bytes -> document = bytes).mapEmpty();
  }

  void serve(RoutingContext context) {
    context.response().putHeader("Content-Type", "application/yaml; charset=utf-8")
      .end(io.vertx.core.buffer.Buffer.buffer(document));
  }
}
