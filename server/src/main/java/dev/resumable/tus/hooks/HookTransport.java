package dev.resumable.tus.hooks;

/** One way of delivering hook events: file hooks or HTTP hooks. Several may be enabled at once. */
public interface HookTransport {

  /** A short name for logs, metrics and the outbox: {@code file} or {@code http}. */
  String name();

  /** True when this transport has a hook for the event (a file hook exists, say). */
  boolean handles(HookType type);

  /**
   * Delivers one event and returns the hook's response.
   *
   * @throws HookException when the hook failed
   */
  HookResult invoke(HookCall call) throws HookException, InterruptedException;
}
