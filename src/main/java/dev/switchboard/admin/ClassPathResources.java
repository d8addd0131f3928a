package dev.switchboard.admin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Reads the files the API port ships in the jar (its OpenAPI document, the dashboard). Blocking: callers run it on
 * a worker thread, once at start.
 */
final class ClassPathResources {

  private ClassPathResources() {
  }

  /** The bytes of {@code resource} (an absolute class-path name); fails when it is missing. */
  static byte[] read(String resource) {
    try (InputStream in = ClassPathResources.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is missing from the class path");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
