package dev.resumable.operator.reconciler;

import dev.resumable.operator.api.v1alpha1.TusServer;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emits core/v1 Events on a TusServer when a condition changes status or reason, so {@code kubectl describe tus NAME}
 * shows why it is not ready or was refused. Only transitions are recorded (a converged TusServer emits nothing), and
 * messages are the condition messages, which name objects and keys but never secret values. Event creation is
 * best effort: a failure is logged and never fails the reconciliation.
 */
public class EventRecorder {

  /** Reporting component of the Events. */
  public static final String COMPONENT = "tus-operator";

  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Clock clock;

  /**
   * Creates the recorder.
   *
   * @param clock clock for the Event times
   */
  public EventRecorder(Clock clock) {
    this.clock = clock;
  }

  /**
   * Records an Event for each condition whose status or reason differs from before.
   *
   * @param client the client
   * @param server the TusServer
   * @param before conditions before, may be null
   * @param after conditions after
   */
  public void conditionsChanged(KubernetesClient client, TusServer server, List<Condition> before,
      List<Condition> after) {
    // Ready and Degraded often change for the same reason: one Event per reason and message, a Warning when
    // Degraded turned True
    Map<String, Condition> byCause = new LinkedHashMap<>();
    Set<String> warnings = new HashSet<>();
    for (Condition condition : after) {
      Condition previous = before == null ? null : before.stream()
          .filter(c -> condition.getType().equals(c.getType())).findFirst().orElse(null);
      if (previous != null && Objects.equals(previous.getStatus(), condition.getStatus())
          && Objects.equals(previous.getReason(), condition.getReason())) {
        continue;
      }
      String cause = condition.getReason() + "|" + condition.getMessage();
      boolean warning = "Degraded".equals(condition.getType()) && "True".equals(condition.getStatus());
      if (warning) {
        warnings.add(cause);
        byCause.put(cause, condition);
      } else {
        byCause.putIfAbsent(cause, condition);
      }
    }
    byCause.forEach((cause, condition) -> {
      String message = condition.getType() + " is " + condition.getStatus()
          + (condition.getMessage() == null || condition.getMessage().isEmpty() ? "" : ": " + condition.getMessage());
      record(client, server, warnings.contains(cause) ? "Warning" : "Normal", condition.getReason(), message);
    });
  }

  /**
   * Records one Event.
   *
   * @param client the client
   * @param server the TusServer the Event is about
   * @param type Normal or Warning
   * @param reason a CamelCase reason
   * @param message the message
   */
  public void record(KubernetesClient client, TusServer server, String type, String reason, String message) {
    String now = DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.SECONDS));
    byte[] suffix = new byte[8];
    RANDOM.nextBytes(suffix);
    Event event = new EventBuilder()
        .withNewMetadata()
          .withName(server.getMetadata().getName() + "." + HexFormat.of().formatHex(suffix))
          .withNamespace(server.getMetadata().getNamespace())
        .endMetadata()
        .withInvolvedObject(new ObjectReferenceBuilder()
            .withApiVersion(server.getApiVersion())
            .withKind(server.getKind())
            .withName(server.getMetadata().getName())
            .withNamespace(server.getMetadata().getNamespace())
            .withUid(server.getMetadata().getUid())
            .build())
        .withType(type)
        .withReason(reason)
        .withMessage(message.length() > 1000 ? message.substring(0, 1000) : message)
        .withFirstTimestamp(now)
        .withLastTimestamp(now)
        .withCount(1)
        .withNewSource().withComponent(COMPONENT).endSource()
        .withReportingComponent(COMPONENT)
        .build();
    try {
      client.v1().events().inNamespace(server.getMetadata().getNamespace()).resource(event).create();
    } catch (KubernetesClientException e) {
      LOG.warn("could not record Event {} on TusServer {}: {}", reason, server.getMetadata().getName(),
          e.getMessage());
    }
  }
}
