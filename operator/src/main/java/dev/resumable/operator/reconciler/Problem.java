package dev.resumable.operator.reconciler;

import java.util.Objects;

/** Why a TusServer cannot be reconciled now: a condition reason and a message for humans. */
public final class Problem {

  private final String reason;
  private final String message;

  /**
   * Creates a problem.
   *
   * @param reason CamelCase reason from {@link dev.resumable.operator.conditions.Reasons}
   * @param message message naming the field or object at fault
   */
  public Problem(String reason, String message) {
    this.reason = Objects.requireNonNull(reason);
    this.message = Objects.requireNonNull(message);
  }

  /**
   * Returns the reason.
   *
   * @return reason
   */
  public String reason() {
    return reason;
  }

  /**
   * Returns the message.
   *
   * @return message
   */
  public String message() {
    return message;
  }

  @Override
  public String toString() {
    return reason + ": " + message;
  }
}
