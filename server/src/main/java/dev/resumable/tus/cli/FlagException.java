package dev.resumable.tus.cli;



/** A flag value that is wrong in a way picocli's parsing cannot see; reported like a parse error (exit 2). */
final class FlagException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  FlagException(String message) {
    super(message, null, false, false);
  }
}
