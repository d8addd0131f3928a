package dev.switchboard.webhook;

/**
 * A webhook attempt, or a whole call, that did not end with a 2xx: a non-2xx status (kept in
 * {@link #status()}), a timeout, or no app listening ({@link #status()} is 0).
 */
public final class WebhookFailedException extends RuntimeException {

  private final int status;

  public WebhookFailedException(String message, int status) {
    super(message, null, false, false);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
