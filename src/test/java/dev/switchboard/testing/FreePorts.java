package dev.switchboard.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Free TCP ports on loopback for brokers that tests start.
 * <p>Ports come from below the kernel's ephemeral range when there is room (on Linux by default 32768-60999):
 * a port the OS picked for us from that range could be given, before the broker binds it, to one of the many
 * outgoing connections a test makes — a Hazelcast member trying to join one that is not up yet opens a new one every
 * few milliseconds — and the broker then failed with "Address already in use". No outgoing connection is ever given
 * a port below the range.
 */
public final class FreePorts {

  private static final int LOWEST = 10_000;
  /** Where the kernel starts handing out ephemeral ports, or 0 when unknown (then the OS picks, as before). */
  private static final int EPHEMERAL_LOW = ephemeralLow();
  private static final AtomicInteger NEXT = new AtomicInteger(
    EPHEMERAL_LOW > LOWEST ? LOWEST + ThreadLocalRandom.current().nextInt(EPHEMERAL_LOW - LOWEST) : 0);
  /** Ports handed out in this JVM: two brokers must not share one. */
  private static final Set<Integer> GIVEN = ConcurrentHashMap.newKeySet();

  private FreePorts() {
  }

  public static int next() {
    if (EPHEMERAL_LOW <= LOWEST) {
      return fromTheOs();
    }
    for (int attempt = 0; attempt < EPHEMERAL_LOW - LOWEST; attempt++) {
      int port = below(NEXT.getAndIncrement());
      if (!GIVEN.contains(port) && bindable(port) && GIVEN.add(port)) {
        return port;
      }
    }
    throw new IllegalStateException("no free port below " + EPHEMERAL_LOW);
  }

  /** A run of {@code count} consecutive free ports (for Hazelcast, which tries ports upwards). */
  public static int consecutive(int count) {
    int low = EPHEMERAL_LOW > LOWEST + count ? LOWEST : 20_000;
    int high = EPHEMERAL_LOW > LOWEST + count ? EPHEMERAL_LOW - count : 50_000;
    for (int attempt = 0; attempt < 50; attempt++) {
      int base = low + ThreadLocalRandom.current().nextInt(high - low);
      boolean allFree = true;
      for (int i = 0; i < count && allFree; i++) {
        allFree = !GIVEN.contains(base + i) && bindable(base + i);
      }
      if (allFree) {
        for (int i = 0; i < count; i++) {
          GIVEN.add(base + i);
        }
        return base;
      }
    }
    throw new IllegalStateException("no run of " + count + " free ports found");
  }

  private static int below(int counter) {
    return LOWEST + Math.floorMod(counter - LOWEST, EPHEMERAL_LOW - LOWEST);
  }

  private static boolean bindable(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int fromTheOs() {
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

  private static int ephemeralLow() {
    // A reader, not Files.readString: procfs reports a size of 0 and readString then returned only the first byte.
    try (java.io.BufferedReader reader = Files.newBufferedReader(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))) {
      return Integer.parseInt(reader.readLine().trim().split("\\s+")[0]);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }
}
