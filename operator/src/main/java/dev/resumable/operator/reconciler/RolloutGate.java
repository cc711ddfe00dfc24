package dev.resumable.operator.reconciler;

import dev.resumable.operator.api.v1alpha1.TusServer;
import dev.resumable.operator.desired.Effective;
import dev.resumable.operator.desired.Names;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Rolls an operator upgrade out one TusServer at a time. When the operator's default server image changes, every
 * TusServer without a pinned {@code spec.image} would otherwise roll at once. The gate lets at most one such
 * TusServer per namespace be mid-rollout to the new default image; the others keep the image they run until it is
 * Available (its Deployment rolled out with every replica ready), then the next one goes.
 *
 * <p>State: the Deployments in the informer cache (which survive an operator restart) plus, in memory, which
 * TusServer of a namespace was last let through, so that two reconciliations running in parallel, or one running
 * before the informer has seen the other's update, cannot both pass.
 */
public final class RolloutGate {

  /** What a TusServer's pods should run now. */
  public record Decision(String image, Optional<String> waitingFor) {
  }

  private final Map<String, String> holders = new HashMap<>();

  /**
   * Decides the image of a TusServer's pod template.
   *
   * @param server the TusServer
   * @param defaultImage the operator's default image
   * @param current the TusServer's Deployment, or null
   * @param peers the TusServers of the same namespace (including this one)
   * @param deploymentOf the cached Deployment of a TusServer, or null
   * @return the image, and the TusServer it waits for when held back
   */
  public synchronized Decision decide(TusServer server, String defaultImage, Deployment current,
      Collection<TusServer> peers, Function<TusServer, Deployment> deploymentOf) {
    String pinned = Effective.spec(server).getImage();
    if (pinned != null && !pinned.isBlank()) {
      return new Decision(pinned, Optional.empty());
    }
    String namespace = server.getMetadata().getNamespace();
    String name = server.getMetadata().getName();
    String running = image(current);
    if (running == null || running.equals(defaultImage)) {
      if (name.equals(holders.get(namespace)) && upgraded(server, current, defaultImage)) {
        holders.remove(namespace);
      }
      return new Decision(defaultImage, Optional.empty());
    }
    String holder = holders.get(namespace);
    if (holder != null && !holder.equals(name)) {
      Optional<TusServer> holding = peers.stream().filter(p -> holder.equals(p.getMetadata().getName()))
          .filter(RolloutGate::unpinned).findFirst();
      if (holding.isPresent() && !upgraded(holding.get(), deploymentOf.apply(holding.get()), defaultImage)) {
        return new Decision(running, Optional.of(holder));
      }
      holders.remove(namespace);
    }
    for (TusServer peer : peers) {
      if (peer.getMetadata().getName().equals(name) || !unpinned(peer)) {
        continue;
      }
      Deployment deployment = deploymentOf.apply(peer);
      if (defaultImage.equals(image(deployment)) && !upgraded(peer, deployment, defaultImage)) {
        return new Decision(running, Optional.of(peer.getMetadata().getName()));
      }
    }
    holders.put(namespace, name);
    return new Decision(defaultImage, Optional.empty());
  }

  private static boolean unpinned(TusServer server) {
    String image = Effective.spec(server).getImage();
    return image == null || image.isBlank();
  }

  /** The TusServer's Deployment runs the image everywhere with every replica ready. */
  private static boolean upgraded(TusServer server, Deployment deployment, String image) {
    return deployment != null && image.equals(image(deployment))
        && StatusCalculator.rolledOut(deployment, Effective.deploymentReplicas(server));
  }

  /**
   * The server container's image of a Deployment.
   *
   * @param deployment a Deployment, or null
   * @return its image, or null
   */
  static String image(Deployment deployment) {
    if (deployment == null || deployment.getSpec() == null || deployment.getSpec().getTemplate() == null
        || deployment.getSpec().getTemplate().getSpec() == null) {
      return null;
    }
    return deployment.getSpec().getTemplate().getSpec().getContainers().stream()
        .filter(c -> Names.CONTAINER.equals(c.getName())).map(c -> c.getImage()).findFirst().orElse(null);
  }
}
