package dev.switchboard.bench;

/** Sleeping on the benchmark's main thread (never on an event loop), without checked exceptions. */
final class Sleep {

  private Sleep() {
  }

  static void millis(long millis) {
    if (millis <= 0) {
      return;
    }
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Sleeps until {@code System.nanoTime()} reaches {@code deadlineNanos}. */
  static void untilNanos(long deadlineNanos) {
    long left = deadlineNanos - System.nanoTime();
    if (left > 0) {
      millis(left / 1_000_000);
      while (System.nanoTime() < deadlineNanos) {
        Thread.onSpinWait();
      }
    }
  }
}
