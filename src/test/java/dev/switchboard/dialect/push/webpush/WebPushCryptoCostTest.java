package dev.switchboard.dialect.push.webpush;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Measures the CPU cost of one push's crypto (the figures in {@link WebPushSender}'s comment): the RFC 8291
 * encryption of a typical 1 KiB payload, and a fresh VAPID signature. Thread CPU time, so parallel load on the
 * machine inflates it less than wall time. The bound asserted is loose — it only catches a regression by an
 * order of magnitude.
 */
class WebPushCryptoCostTest {

  private static final int WARM_UP = 150;
  private static final int ROUNDS = 200;

  @Test
  void encryptionAndSigningCostAFewMillisecondsAtMost() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    WebPushEncryptionTest.Browser browser = new WebPushEncryptionTest.Browser();
    VapidKeys keys = VapidKeys.generate();
    byte[] payload = ("{\"cmd\":\"MESSAGE\",\"data\":{\"mid\":\"m-1\",\"message\":{\"text\":\""
      + "x".repeat(950) + "\"}}}").getBytes(StandardCharsets.UTF_8);
    VapidJwt claims = VapidJwt.forEndpoint("https://fcm.googleapis.com/fcm/send/x", "mailto:a@b.c", Instant.now());

    long sink = 0;
    for (int i = 0; i < WARM_UP; i++) {
      sink += WebPushEncryption.encrypt(payload, browser.subscription).length + claims.sign(keys).length();
    }
    long wall = System.nanoTime();
    long cpu = threads.getCurrentThreadCpuTime();
    for (int i = 0; i < ROUNDS; i++) {
      sink += WebPushEncryption.encrypt(payload, browser.subscription).length;
    }
    double encryptCpuMicros = (threads.getCurrentThreadCpuTime() - cpu) / 1000.0 / ROUNDS;
    double encryptWallMicros = (System.nanoTime() - wall) / 1000.0 / ROUNDS;
    cpu = threads.getCurrentThreadCpuTime();
    for (int i = 0; i < ROUNDS; i++) {
      sink += claims.sign(keys).length();
    }
    double signCpuMicros = (threads.getCurrentThreadCpuTime() - cpu) / 1000.0 / ROUNDS;

    System.out.printf("Web Push crypto per push (JDK %s, %d-byte payload, %d CPUs): encrypt %.0f µs CPU (%.0f µs wall),"
        + " VAPID sign %.0f µs CPU [%d]%n", Runtime.version(), payload.length,
      Runtime.getRuntime().availableProcessors(), encryptCpuMicros, encryptWallMicros, signCpuMicros, sink % 10);
    assertTrue(encryptCpuMicros < 30_000, "encrypt took " + encryptCpuMicros + " µs");
    assertTrue(signCpuMicros < 30_000, "sign took " + signCpuMicros + " µs");
  }
}
