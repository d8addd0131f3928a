package dev.switchboard.testing;

import io.vertx.core.Vertx;

import java.util.concurrent.TimeUnit;

/** Tear-down of what a test started. */
public final class TestResources {

  private TestResources() {
  }

  /**
   * Closes each resource in the order given (clients before the brokers they talk to), skipping {@code null}s
   * (set-up may have failed half way); a Vert.x instance is waited for. A failure does not stop the others from
   * being closed; the first one is thrown at the end, later ones suppressed in it.
   */
  public static void closeAll(Object... resources) throws Exception {
    Exception first = null;
    for (Object resource : resources) {
      try {
        if (resource instanceof Vertx vertx) {
          vertx.close().await(10, TimeUnit.SECONDS);
        } else if (resource instanceof AutoCloseable closeable) {
          closeable.close();
        } else if (resource != null) {
          throw new IllegalArgumentException("cannot close a " + resource.getClass().getName());
        }
      } catch (Exception e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
