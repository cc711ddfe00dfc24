package dev.resumable.operator.reconciler;

import dev.resumable.operator.api.v1alpha1.TusServer;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import java.util.Objects;

/**
 * Lets a TusServer update trigger reconciliation when its spec (generation) changed or its pause annotation
 * changed; the operator's own status writes are ignored. Generation-aware filtering alone would miss un-pausing.
 */
public class SpecOrPauseChangedFilter implements OnUpdateFilter<TusServer> {

  @Override
  public boolean accept(TusServer newResource, TusServer oldResource) {
    Long oldGeneration = oldResource.getMetadata().getGeneration();
    return oldGeneration == null
        || !Objects.equals(oldGeneration, newResource.getMetadata().getGeneration())
        || oldResource.isPaused() != newResource.isPaused()
        || newResource.isMarkedForDeletion();
  }
}
