package dev.switchboard.webhook;

import dev.switchboard.config.SwitchboardConfig;

/**
 * How webhook calls are made and retried (SPEC §6), and how much one connection may have waiting.
 *
 * @param timeoutMs         how long one attempt may take ({@code webhook.timeoutMs})
 * @param maxAttempts       attempts per call, the first included ({@code webhook.maxAttempts})
 * @param firstRetryDelayMs the pause after the first failed attempt; it doubles after each further failure
 * @param maxRetryDelayMs   the longest pause between two attempts
 * @param maxQueuedCalls    a connection's undelivered calls at which its queue counts as full
 * @param maxQueuedBytes    a connection's undelivered body bytes at which its queue counts as full
 */
public record WebhookPolicy(long timeoutMs, int maxAttempts, long firstRetryDelayMs, long maxRetryDelayMs,
                            int maxQueuedCalls, long maxQueuedBytes) {

  /** Short first pause: a restarting app is back within a few hundred milliseconds more often than not. */
  public static final long FIRST_RETRY_DELAY_MS = 100;
  public static final long MAX_RETRY_DELAY_MS = 5_000;
  /** Count bound beside the byte bound: a flood of tiny messages must not hold thousands of objects either. */
  public static final int MAX_QUEUED_CALLS = 1024;

  public WebhookPolicy {
    if (maxAttempts < 1 || maxQueuedCalls < 2 || maxQueuedBytes < 2) {
      throw new IllegalArgumentException("maxAttempts >= 1, maxQueuedCalls >= 2 and maxQueuedBytes >= 2 required");
    }
  }

  /**
   * The policy of a node: {@code webhook.*} for calls and retries; a connection's queue is bounded like its
   * outbound data, by {@code public.maxQueuedBytes}.
   */
  public static WebhookPolicy of(SwitchboardConfig config) {
    return new WebhookPolicy(config.webhook().timeoutMs(), config.webhook().maxAttempts(), FIRST_RETRY_DELAY_MS,
      MAX_RETRY_DELAY_MS, MAX_QUEUED_CALLS, config.publicServer().maxQueuedBytes());
  }

  /** The pause before the next attempt, after {@code failedAttempts} (≥ 1) attempts failed: exponential, capped. */
  public long retryDelayMs(int failedAttempts) {
    int doublings = Math.min(Math.max(0, failedAttempts - 1), 30);
    return Math.min(maxRetryDelayMs, firstRetryDelayMs << doublings);
  }
}
