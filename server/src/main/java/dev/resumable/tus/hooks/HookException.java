package dev.resumable.tus.hooks;

/**
 * A hook call failed: a non-zero exit, a non-2xx status, a timeout, an unreachable receiver or an unreadable
 * response. {@link #result()} holds the hook's own response when it sent a readable one anyway.
 */
public final class HookException extends Exception {
  private static final long serialVersionUID = 1L;
  private final transient HookResult result;
  private final boolean retryable;

  /** A failure with the hook's response (or null), and whether trying again may help. */
  public HookException(String message, HookResult result, boolean retryable) {
    super(message);
    this.result = result;
    this.retryable = retryable;
  }

  /** The hook's response despite the failure, or null. */
  public HookResult result() {
    return result;
  }

  /** True when trying again may succeed (network errors, timeouts, 5xx, 429). */
  public boolean isRetryable() {
    return retryable;
  }
}
