package dev.resumable.operator.dependent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.resumable.operator.api.v1alpha1.TusServer;
import dev.resumable.operator.desired.Names;
import dev.resumable.operator.desired.Owners;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.Matcher;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A dependent whose desired object carries a hash of itself and a record of the label and annotation keys the
 * operator sets, so that removals reach the cluster while other writers' additions survive.
 *
 * <p>Writes are updates (PUT with resourceVersion), not server-side apply, which the Fabric8 mock server the tests
 * run against lacks. To converge with other writers the way apply would:
 * <ul>
 *   <li>{@value #ANNOTATION} holds a SHA-256 of the desired object (maps in key order, stable across restarts). The
 *       generic matcher ignores fields only the cluster object has, so a removed field (an ingress, a node selector)
 *       would never differ; a new hash does.</li>
 *   <li>{@value #OWNED_KEYS} lists the label and annotation keys of the desired object (and of the pod template).
 *       An update removes keys the previous record listed and the desired object no longer has, keeps keys others
 *       added ({@code kubectl.kubernetes.io/restartedAt} from {@code kubectl rollout restart}, the Deployment
 *       controller's revision) and sets the desired ones: a three-way merge of labels and annotations.</li>
 *   <li>Everything else below the top level ({@code spec}) is replaced by the desired state; fields the API server
 *       defaults are re-defaulted by it and ignored by the matcher.</li>
 *   <li>The owner reference is a controller reference ({@link Owners}); one written by an earlier version is
 *       replaced.</li>
 * </ul>
 * Every such object is named after its TusServer ({@link Names#workload}) unless the subclass says otherwise.
 */
public abstract class SpecHashedDependent<R extends HasMetadata> extends CRUDKubernetesDependentResource<R, TusServer> {

  /** The annotation holding the desired object's hash. */
  public static final String ANNOTATION = "resumable.dev/desired-hash";
  /** The annotation recording which label and annotation keys the operator sets. */
  public static final String OWNED_KEYS = "resumable.dev/owned-keys";
  private static final ObjectMapper CANONICAL =
      new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  protected SpecHashedDependent(Class<R> type) {
    super(type);
  }

  /** The desired object, before the hash is added; a pure function of the TusServer and the context. */
  protected abstract R build(TusServer primary, Context<TusServer> context);

  @Override
  protected final R desired(TusServer primary, Context<TusServer> context) {
    R desired = build(primary, context);
    Map<String, String> annotations = desired.getMetadata().getAnnotations() == null ? new LinkedHashMap<>()
        : new LinkedHashMap<>(desired.getMetadata().getAnnotations());
    annotations.remove(ANNOTATION);
    annotations.remove(OWNED_KEYS);
    desired.getMetadata().setAnnotations(annotations);
    if (desired.getMetadata().getLabels() == null) {
      desired.getMetadata().setLabels(new LinkedHashMap<>());
    }
    String hash = hash(desired);
    annotations.put(ANNOTATION, hash);
    annotations.put(OWNED_KEYS, OwnedKeys.of(desired).toJson());
    return desired;
  }

  @Override
  protected void addReferenceHandlingMetadata(R desired, TusServer primary) {
    Owners.setController(desired, primary);
  }

  @Override
  public Matcher.Result<R> match(R actual, R desired, TusServer primary, Context<TusServer> context) {
    Matcher.Result<R> generic = super.match(actual, desired, primary, context);
    return generic.matched() && Owners.isControlledBy(actual, primary) ? generic
        : Matcher.Result.computed(false, desired);
  }

  @Override
  public R update(R actual, R desired, TusServer primary, Context<TusServer> context) {
    addMetadata(false, actual, desired, primary, context);
    R merged = OwnedKeys.merge(actual, desired, context.getClient().getKubernetesSerialization());
    return context.getClient().resource(merged).update();
  }

  /**
   * The object this dependent manages, named without building the desired state: JOSDK asks for it also when a
   * precondition turned false and the object must go, when the spec section it would be built from is gone.
   */
  @Override
  protected ResourceID targetSecondaryResourceID(TusServer primary, Context<TusServer> context) {
    return new ResourceID(Names.workload(primary), primary.getMetadata().getNamespace());
  }

  static String hash(HasMetadata resource) {
    try {
      byte[] json = CANONICAL.writeValueAsBytes(resource);
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json)).substring(0, 32);
    } catch (JsonProcessingException | NoSuchAlgorithmException e) {
      throw new IllegalStateException("cannot hash a desired " + resource.getKind(), e);
    }
  }
}
