package dev.resumable.operator.dependent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The label and annotation keys the operator sets on an object (and on a Deployment's pod template), recorded in
 * {@link SpecHashedDependent#OWNED_KEYS}, and the three-way merge of labels and annotations that uses the record.
 *
 * @param keys map of section ({@code labels}, {@code annotations}, {@code podLabels}, {@code podAnnotations}) to
 *     the keys set there
 */
record OwnedKeys(Map<String, Set<String>> keys) {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String LABELS = "labels";
  private static final String ANNOTATIONS = "annotations";
  private static final String POD_LABELS = "podLabels";
  private static final String POD_ANNOTATIONS = "podAnnotations";

  /**
   * The keys a desired object sets (the record itself and the hash excluded).
   *
   * @param desired the desired object
   * @return the record
   */
  static OwnedKeys of(HasMetadata desired) {
    Map<String, Set<String>> keys = new TreeMap<>();
    keys.put(LABELS, keysOf(desired.getMetadata().getLabels()));
    keys.put(ANNOTATIONS, keysOf(desired.getMetadata().getAnnotations()));
    ObjectMeta template = podTemplate(desired);
    if (template != null) {
      keys.put(POD_LABELS, keysOf(template.getLabels()));
      keys.put(POD_ANNOTATIONS, keysOf(template.getAnnotations()));
    }
    return new OwnedKeys(keys);
  }

  private static Set<String> keysOf(Map<String, String> map) {
    Set<String> keys = new TreeSet<>(map == null ? Set.of() : map.keySet());
    keys.remove(SpecHashedDependent.OWNED_KEYS);
    return keys;
  }

  /**
   * Reads the record of a cluster object.
   *
   * @param actual the object
   * @return the record, empty when absent or unreadable
   */
  static OwnedKeys read(HasMetadata actual) {
    Map<String, String> annotations = actual.getMetadata().getAnnotations();
    String json = annotations == null ? null : annotations.get(SpecHashedDependent.OWNED_KEYS);
    if (json == null) {
      return new OwnedKeys(Map.of());
    }
    try {
      return new OwnedKeys(JSON.readValue(json, new TypeReference<Map<String, Set<String>>>() { }));
    } catch (JsonProcessingException e) {
      return new OwnedKeys(Map.of());
    }
  }

  /**
   * The record as compact JSON, keys sorted.
   *
   * @return JSON
   */
  String toJson() {
    try {
      return JSON.writeValueAsString(keys);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private Set<String> section(String name) {
    return keys.getOrDefault(name, Set.of());
  }

  /**
   * The object to write: everything but metadata from the desired object; labels and annotations (and the pod
   * template's) merged three ways; owner references from the desired object plus other owners' from the cluster.
   *
   * @param actual the cluster object (its resourceVersion makes the update optimistic)
   * @param desired the desired object, with owner reference
   * @param serialization the client's serialization
   * @param <R> the type
   * @return the object to update with
   */
  @SuppressWarnings("unchecked")
  static <R extends HasMetadata> R merge(R actual, R desired, KubernetesSerialization serialization) {
    OwnedKeys previous = read(actual);
    Map<String, Object> actualMap = serialization.convertValue(actual, Map.class);
    Map<String, Object> desiredMap = serialization.convertValue(desired, Map.class);
    Object metadata = actualMap.remove("metadata");
    actualMap.remove("status");
    actualMap.replaceAll((key, value) -> desiredMap.get(key));
    actualMap.putAll(desiredMap);
    actualMap.put("metadata", metadata);
    R merged = (R) serialization.convertValue(actualMap, desired.getClass());
    ObjectMeta meta = merged.getMetadata();
    meta.setLabels(threeWay(actual.getMetadata().getLabels(), previous.section(LABELS),
        desired.getMetadata().getLabels()));
    meta.setAnnotations(threeWay(actual.getMetadata().getAnnotations(), previous.section(ANNOTATIONS),
        desired.getMetadata().getAnnotations()));
    meta.setOwnerReferences(new ArrayList<>(desired.getMetadata().getOwnerReferences()));
    for (var reference : actual.getMetadata().getOwnerReferences()) {
      boolean known = meta.getOwnerReferences().stream()
          .anyMatch(r -> r.getUid() != null && r.getUid().equals(reference.getUid()));
      if (!known) {
        meta.getOwnerReferences().add(reference);
      }
    }
    ObjectMeta mergedTemplate = podTemplate(merged);
    ObjectMeta actualTemplate = podTemplate(actual);
    ObjectMeta desiredTemplate = podTemplate(desired);
    if (mergedTemplate != null && actualTemplate != null && desiredTemplate != null) {
      mergedTemplate.setLabels(threeWay(actualTemplate.getLabels(), previous.section(POD_LABELS),
          desiredTemplate.getLabels()));
      mergedTemplate.setAnnotations(threeWay(actualTemplate.getAnnotations(), previous.section(POD_ANNOTATIONS),
          desiredTemplate.getAnnotations()));
    }
    return merged;
  }

  private static Map<String, String> threeWay(Map<String, String> actual, Set<String> previouslyOwned,
      Map<String, String> desired) {
    Map<String, String> result = new LinkedHashMap<>(actual == null ? Map.of() : actual);
    Map<String, String> wanted = desired == null ? Map.of() : desired;
    result.keySet().removeIf(key -> previouslyOwned.contains(key) && !wanted.containsKey(key));
    result.putAll(wanted);
    return result;
  }

  private static ObjectMeta podTemplate(HasMetadata object) {
    if (object instanceof Deployment deployment && deployment.getSpec() != null
        && deployment.getSpec().getTemplate() != null) {
      if (deployment.getSpec().getTemplate().getMetadata() == null) {
        deployment.getSpec().getTemplate().setMetadata(new ObjectMeta());
      }
      return deployment.getSpec().getTemplate().getMetadata();
    }
    return null;
  }
}
