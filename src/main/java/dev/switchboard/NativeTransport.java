package dev.switchboard;

import io.vertx.core.VertxOptions;

/**
 * Every node prefers Netty's native epoll transport (shipped in the jar for Linux x86-64 and aarch64): per message
 * it makes fewer system calls and wakes threads sooner than the JDK selector, whose sleeps are whole milliseconds.
 * Where it cannot load (another OS, a libc it was not built for) Vert.x logs that and uses the JDK transport.
 * {@code -Dswitchboard.nativeTransport=false} turns it off, e.g. to rule it out when chasing a network problem.
 */
public final class NativeTransport {

  public static final String PROPERTY = "switchboard.nativeTransport";

  private NativeTransport() {
  }

  /** {@code options}, preferring the native transport unless the system property says {@code false}. */
  public static VertxOptions prefer(VertxOptions options) {
    return options.setPreferNativeTransport(!"false".equalsIgnoreCase(System.getProperty(PROPERTY, "true")));
  }
}
