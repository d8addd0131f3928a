package dev.switchboard.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Hands out loopback ports that are free right now, never the same one twice in a run: each server process
 * gets fresh ports, so the TIME_WAIT sockets left by closing 20 000 connections to one process never block
 * the next one.
 */
final class PortAllocator {

  private int next;

  PortAllocator(int first) {
    this.next = first;
  }

  synchronized int next() {
    while (next < 65000) {
      int candidate = next++;
      try (ServerSocket probe = new ServerSocket(candidate, 1, InetAddress.getLoopbackAddress())) {
        return candidate;
      } catch (IOException inUse) {
        // Taken by someone else: try the next one.
      }
    }
    throw new IllegalStateException("no free port left above the base port");
  }
}
