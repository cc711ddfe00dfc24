package dev.resumable.tus.http;

import java.util.Objects;

/**
 * A hook refused the request: the response is sent to the client as the hook (or the rejection's default) describes
 * it, status, body and headers. Thrown by {@link Hooks} implementations; {@link TusHandler} writes the response.
 */
public final class HookRejectedException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient HookResponse response;

  /** A rejection answered with {@code response}, whose status must be set. */
  public HookRejectedException(HookResponse response) {
    super("rejected by hook: " + Objects.requireNonNull(response).statusCode(), null, false, false);
    if (response.statusCode() < 200 || response.statusCode() > 599) {
      throw new IllegalArgumentException("a rejection needs a status between 200 and 599");
    }
    this.response = response;
  }

  /** The response to send. */
  public HookResponse response() {
    return response;
  }
}
