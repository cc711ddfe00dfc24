package dev.resumable.operator.dependent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.resumable.operator.api.v1alpha1.TusServer;
import dev.resumable.operator.desired.Names;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A dependent whose desired object carries a hash of itself, so that removals reach the cluster.
 *
 * <p>Without server-side apply, JOSDK's generic matcher ignores fields the cluster object has and the desired one
 * lacks: taking {@code ingress} or {@code nodeSelector} out of a TusServer would never change the Deployment. The
 * annotation {@value #ANNOTATION} holds a SHA-256 of the desired object (maps in key order, so the value is stable
 * across operator restarts). The generic matcher compares the annotations the desired object sets, so a new value
 * forces an update, and JOSDK's updater replaces {@code spec} whole. When the hashes agree, the matcher still
 * reverts drift in the fields the operator sets. Every such object
 * is named after its TusServer ({@link Names#workload}).
 */
public abstract class SpecHashedDependent<R extends HasMetadata> extends CRUDKubernetesDependentResource<R, TusServer> {

  /** The annotation holding the desired object's hash. */
  public static final String ANNOTATION = "resumable.dev/desired-hash";
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
    desired.getMetadata().setAnnotations(annotations);
    String hash = hash(desired);
    annotations.put(ANNOTATION, hash);
    return desired;
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
