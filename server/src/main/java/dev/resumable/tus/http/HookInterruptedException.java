package dev.resumable.tus.http;

/**
 * A blocking hook was still running when the request thread was interrupted (the server is shutting down); the
 * thread's interrupt flag is set again. Thrown by {@link Hooks} implementations; {@link TusHandler} answers 503.
 */
public final class HookInterruptedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An interrupted call of the named event's hook. */
  public HookInterruptedException(String event) {
    super(event + " hook interrupted", null, false, false);
  }
}
