package dev.switchboard.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Free TCP ports on loopback for brokers that tests start. */
public final class FreePorts {

  private FreePorts() {
  }

  /** Ports handed out in this JVM: the OS may offer a just-closed port again, and two brokers must not share one. */
  private static final java.util.Set<Integer> GIVEN = java.util.concurrent.ConcurrentHashMap.newKeySet();

  public static int next() {
    for (int attempt = 0; attempt < 100; attempt++) {
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        socket.setReuseAddress(true);
        if (GIVEN.add(socket.getLocalPort())) {
          return socket.getLocalPort();
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    throw new IllegalStateException("no fresh free port");
  }

  /** A run of {@code count} consecutive free ports (for Hazelcast, which tries ports upwards). */
  public static int consecutive(int count) {
    for (int attempt = 0; attempt < 50; attempt++) {
      int base = 20000 + (int) (Math.random() * 30000);
      boolean allFree = true;
      for (int i = 0; i < count && allFree; i++) {
        try (ServerSocket socket = new ServerSocket(base + i, 1, InetAddress.getLoopbackAddress())) {
          socket.setReuseAddress(true);
        } catch (IOException e) {
          allFree = false;
        }
      }
      if (allFree) {
        return base;
      }
    }
    throw new IllegalStateException("no run of " + count + " free ports found");
  }
}
