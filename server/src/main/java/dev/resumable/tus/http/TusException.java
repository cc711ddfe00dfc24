package dev.resumable.tus.http;

/**
 * A request the server refuses with a specific status and a one-line, client-safe message. Thrown anywhere below
 * {@link TusHandler}, which turns it into the response.
 */
public final class TusException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;

  public TusException(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  /** The HTTP status to answer with. */
  public int status() {
    return status;
  }

  static TusException badRequest(String message) {
    return new TusException(400, message);
  }

  static TusException notFound() {
    return new TusException(404, "upload not found");
  }

  static TusException gone() {
    return new TusException(410, "upload expired");
  }

  static TusException tooLarge(String message) {
    return new TusException(413, message);
  }
}
