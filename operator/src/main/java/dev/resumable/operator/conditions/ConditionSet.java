package dev.resumable.operator.conditions;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Builds the next list of conditions from the previous one: a condition keeps its lastTransitionTime unless its
 * status changes, so re-computing an unchanged state yields an equal list (and no status write).
 */
public final class ConditionSet {

  private final List<Condition> previous;
  private final List<Condition> next = new ArrayList<>();
  private final long generation;
  private final Clock clock;

  /**
   * Starts from the previous conditions.
   *
   * @param previous conditions in the current status, may be null
   * @param generation metadata.generation of the resource
   * @param clock clock for lastTransitionTime
   */
  public ConditionSet(List<Condition> previous, Long generation, Clock clock) {
    this.previous = previous == null ? List.of() : previous;
    this.generation = generation == null ? 0L : generation;
    this.clock = clock;
  }

  /**
   * Sets one condition.
   *
   * @param type condition type
   * @param status true or false
   * @param reason CamelCase reason
   * @param message human-readable message; never a secret value
   * @return this
   */
  public ConditionSet set(String type, boolean status, String reason, String message) {
    String statusText = status ? "True" : "False";
    Condition old = previous.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
    String transition = old != null && statusText.equals(old.getStatus()) && old.getLastTransitionTime() != null
        ? old.getLastTransitionTime()
        : Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
    next.removeIf(c -> type.equals(c.getType()));
    next.add(new ConditionBuilder()
        .withType(type)
        .withStatus(statusText)
        .withReason(reason)
        .withMessage(Objects.requireNonNullElse(message, ""))
        .withObservedGeneration(generation)
        .withLastTransitionTime(transition)
        .build());
    return this;
  }

  /**
   * Returns the conditions set so far, in the order they were set.
   *
   * @return a new list
   */
  public List<Condition> build() {
    return new ArrayList<>(next);
  }
}
