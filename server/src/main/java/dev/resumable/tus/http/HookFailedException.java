package dev.resumable.tus.http;

/**
 * A blocking hook failed (a non-zero exit, a non-2xx status, a timeout, an unreachable receiver, an unreadable
 * response) without a response of its own to send. Thrown by {@link Hooks} implementations, which log the details;
 * {@link TusHandler} answers a generic 500, so that the client retries and learns nothing about the hook.
 */
public final class HookFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A failure of the named event's hook; the message is for logs only, never sent to the client. */
  public HookFailedException(String message) {
    super(message, null, false, false);
  }
}
