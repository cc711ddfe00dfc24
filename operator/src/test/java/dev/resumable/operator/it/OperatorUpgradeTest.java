package dev.resumable.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resumable.operator.TusOperator;
import dev.resumable.operator.conditions.Reasons;
import dev.resumable.operator.config.OperatorSettings;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * An operator upgrade that changes the default server image rolls the TusServers without a pinned image one at a
 * time: the next one starts only when the previous one is Available on the new image; a pinned TusServer is left
 * alone.
 */
class OperatorUpgradeTest extends OperatorHarness {

  private static final String OLD = OperatorSettings.BUILT_IN_DEFAULT_IMAGE;
  private static final String NEW = "resumable/tus-server:9.9.9";
  private static final List<String> UNPINNED = List.of("alpha", "bravo", "charlie");

  @Test
  void aNewDefaultImageRollsUnpinnedTusServersOneAtATime() throws Exception {
    for (String name : UNPINNED) {
      apply(tusServer(name, ""));
    }
    apply(tusServer("pinned", "\n  image: example/tus:1.0"));
    eventually().until(() -> UNPINNED.stream().allMatch(n -> OLD.equals(image(n))));
    for (String name : UNPINNED) {
      reportDeploymentReady(name);
    }
    reportDeploymentReady("pinned");
    eventually().until(() -> UNPINNED.stream().allMatch(n -> conditionIs(n, Reasons.READY, "True",
        Reasons.AVAILABLE)));

    operator.stop();
    operator = TusOperator.create(operatorClient,
        new OperatorSettings(NEW, Set.of(), null, 8080, null, true), Metrics.NOOP);
    operator.start();

    List<String> order = new ArrayList<>();
    for (int round = 0; round < UNPINNED.size(); round++) {
      eventually().until(() -> upgraded().size() == order.size() + 1);
      List<String> now = upgraded();
      String next = now.stream().filter(n -> !order.contains(n)).findFirst().orElseThrow();
      // while it rolls, nobody else moves (give the operator time to do the wrong thing)
      TimeUnit.SECONDS.sleep(2);
      assertThat(upgraded()).as("servers on the new image while %s rolls out", next).hasSize(order.size() + 1);
      assertThat(UNPINNED.stream().filter(n -> !now.contains(n)).toList())
          .allSatisfy(waiting -> assertThat(eventuallyQueued(waiting)).isTrue());
      order.add(next);
      reportDeploymentReady(next);
    }
    assertThat(order).containsExactlyInAnyOrderElementsOf(UNPINNED);
    eventually().until(() -> UNPINNED.stream().allMatch(n -> conditionIs(n, Reasons.PROGRESSING, "False",
        Reasons.ROLLOUT_COMPLETE) && NEW.equals(get(n).getStatus().getImage())));
    assertThat(image("pinned")).isEqualTo("example/tus:1.0");
  }

  private boolean eventuallyQueued(String name) {
    eventually().until(() -> conditionIs(name, Reasons.PROGRESSING, "True", Reasons.UPGRADE_QUEUED));
    return OLD.equals(image(name));
  }

  private List<String> upgraded() {
    return UNPINNED.stream().filter(n -> NEW.equals(image(n))).collect(Collectors.toList());
  }

  private String image(String name) {
    Deployment deployment = deployment(name);
    return deployment == null ? null
        : deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
  }

  private static String tusServer(String name, String extra) {
    return """
        apiVersion: resumable.dev/v1alpha1
        kind: TusServer
        metadata: {name: %s}
        spec:
          storage: {file: {}}%s
        """.formatted(name, extra);
  }
}
