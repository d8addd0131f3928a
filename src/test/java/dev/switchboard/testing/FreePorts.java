package dev.switchboard.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Free TCP ports on loopback for brokers that tests start. */
public final class FreePorts {

  private FreePorts() {
  }

  public static int next() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
