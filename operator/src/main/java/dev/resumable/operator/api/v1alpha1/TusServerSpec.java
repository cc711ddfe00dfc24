package dev.resumable.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.model.annotation.SpecReplicas;
import java.util.List;
import java.util.Map;

/**
 * Desired state of a tus server: image, server flags, storage, locker, hooks, exposure and pod placement.
 */
@ValidationRule(value = "!has(self.hooks) || !has(self.hooks.outbox) || has(self.storage.s3)",
    message = "hooks.outbox applies to S3 storage only (file storage keeps the outbox in the upload directory)",
    reason = "FieldValueForbidden")
@ValidationRule(value = "!has(self.replicas) || self.replicas <= 1 || has(self.autoscaling) || (has(self.storage.s3) || has(self.storage.azure) || (has(self.storage.file) && has(self.storage.file.accessModes) && 'ReadWriteMany' in self.storage.file.accessModes)) && (self.locker == 'redis' || self.locker == 'etcd' || (self.locker == 'file' && has(self.storage.file)))",
    message = "more than one replica needs a shared store (S3, Azure, or file storage with ReadWriteMany) and a shared locker (redis, etcd, or file on a ReadWriteMany volume)", reason = "FieldValueForbidden")
@ValidationRule(value = "!has(self.autoscaling) || ((has(self.storage.s3) || has(self.storage.azure) || (has(self.storage.file) && has(self.storage.file.accessModes) && 'ReadWriteMany' in self.storage.file.accessModes)) && (self.locker == 'redis' || self.locker == 'etcd' || (self.locker == 'file' && has(self.storage.file))))",
    message = "autoscaling needs a shared store (S3, Azure, or file storage with ReadWriteMany) and a shared locker (redis, etcd, or file on a ReadWriteMany volume)", reason = "FieldValueForbidden")
@ValidationRule(value = "!has(self.server) || !has(self.server.storeSize) || (self.locker != 'redis' && self.locker != 'etcd')",
    message = "server.storeSize is counted per pod and cannot be used with the redis or etcd locker; limit the storage itself (bucket quota, volume size) and bound each upload with server.maxSize",
    reason = "FieldValueForbidden")
@ValidationRule(value = "has(self.redis) == (self.locker == 'redis')",
    message = "locker: redis and spec.redis go together", reason = "FieldValueInvalid")
@ValidationRule(value = "has(self.etcd) == (self.locker == 'etcd')",
    message = "locker: etcd and spec.etcd go together", reason = "FieldValueInvalid")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TusServerSpec {

  /**
   * Number of server pods. More than one needs a shared store and a shared locker; with autoscaling the
   * HorizontalPodAutoscaler sets it.
   */
  @SpecReplicas
  @Min(0)
  @Default("1")
  @JsonPropertyDescription("Number of server pods. More than one needs a shared store (S3, Azure, ReadWriteMany volume) and a"
      + " shared locker (redis, etcd; file on ReadWriteMany); with autoscaling the HorizontalPodAutoscaler sets it.")
  private Integer replicas = 1;

  /** Server image; defaults to the operator's configured image. */
  @JsonPropertyDescription("Server image; defaults to the operator's configured image.")
  private String image;

  /** Image pull policy: Always, IfNotPresent or Never. */
  @JsonPropertyDescription("Image pull policy: Always, IfNotPresent or Never.")
  private PullPolicy imagePullPolicy;

  /** Secrets used to pull the server image. */
  @JsonPropertyDescription("Secrets used to pull the server image.")
  private List<LocalObjectReference> imagePullSecrets;

  /** tus server settings mapped to the server's flags. */
  @JsonPropertyDescription("tus server settings mapped to the server's flags.")
  private ServerSettings server;

  /** Where uploads are stored: exactly one of file, s3 or azure. */
  @Required
  @JsonPropertyDescription("Where uploads are stored: exactly one of file, s3 or azure.")
  private StorageSpec storage;

  /** Upload locker: memory (single pod), file (shared volume), redis (spec.redis) or etcd (spec.etcd). */
  @Default("memory")
  @JsonPropertyDescription("Upload locker: memory (single pod), file (shared volume), redis (spec.redis) or etcd"
      + " (spec.etcd).")
  private LockerType locker = LockerType.MEMORY;

  /** HTTP and file hooks. */
  @JsonPropertyDescription("HTTP and file hooks.")
  private HooksSpec hooks;

  /** Prometheus metrics and ServiceMonitor. */
  @JsonPropertyDescription("Prometheus metrics and ServiceMonitor.")
  private MetricsSpec metrics;

  /** The Service in front of the pods. */
  @JsonPropertyDescription("The Service in front of the pods.")
  private ServiceSpec service;

  /** An ingress-nginx Ingress; absent means no Ingress. */
  @JsonPropertyDescription("An ingress-nginx Ingress; absent means no Ingress.")
  private IngressSpec ingress;

  /** Container resources; defaults to 100m CPU / 256Mi requests and a 512Mi memory limit. */
  @JsonPropertyDescription("Container resources; defaults to 100m CPU / 256Mi requests and a 512Mi memory limit.")
  private ResourceRequirements resources;

  /** Node selector for the server pods. */
  @JsonPropertyDescription("Node selector for the server pods.")
  private Map<String, String> nodeSelector;

  /** Tolerations for the server pods. */
  @JsonPropertyDescription("Tolerations for the server pods.")
  private List<Toleration> tolerations;

  /** Affinity for the server pods. */
  @JsonPropertyDescription("Affinity for the server pods.")
  private Affinity affinity;

  /** Topology spread constraints for the server pods. */
  @JsonPropertyDescription("Topology spread constraints for the server pods.")
  private List<TopologySpreadConstraint> topologySpreadConstraints;

  /** ServiceAccount of the server pods (IRSA, workload identity); default: the namespace's default account. */
  @JsonPropertyDescription("ServiceAccount of the server pods (IRSA, workload identity); default: the namespace's"
      + " default account.")
  @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
  @Size(max = 253)
  private String serviceAccountName;

  /**
   * Size of the pod's scratch space ({@code /tmp}: S3 part buffers, the hook outbox with S3): the emptyDir's
   * sizeLimit and the ephemeral-storage request. Default 1Gi with file storage, 4Gi with S3.
   */
  @JsonPropertyDescription("Size of the scratch space (/tmp: S3 part buffers, the hook outbox with S3): the emptyDir"
      + " sizeLimit and the ephemeral-storage request. Default 1Gi with file storage, 4Gi with S3.")
  @Pattern("^[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|k|M|G|T)?$")
  private String tmpSize;

  /** Extra annotations on the server pods. */
  @JsonPropertyDescription("Extra annotations on the server pods.")
  private Map<String, String> podAnnotations;

  /** Extra labels on the server pods. */
  @JsonPropertyDescription("Extra labels on the server pods.")
  private Map<String, String> podLabels;

  /** Connection to the Redis of locker: redis. */
  @JsonPropertyDescription("Connection to the Redis of locker: redis.")
  private RedisSpec redis;

  /** Connection to the etcd of locker: etcd. */
  @JsonPropertyDescription("Connection to the etcd of locker: etcd.")
  private EtcdSpec etcd;

  /** A HorizontalPodAutoscaler on this TusServer's scale subresource; it then owns spec.replicas. */
  @JsonPropertyDescription("A HorizontalPodAutoscaler on this TusServer's scale subresource; it then owns spec.replicas.")
  private AutoscalingSpec autoscaling;

  /** The PodDisruptionBudget created when more than one replica may run. */
  @JsonPropertyDescription("The PodDisruptionBudget created when more than one replica may run.")
  private DisruptionBudgetSpec disruptionBudget;

  /**
   * Returns replicas.
   *
   * @return the value, may be null
   */
  public Integer getReplicas() {
    return replicas;
  }

  /**
   * Sets replicas.
   *
   * @param replicas the new value
   */
  public void setReplicas(Integer replicas) {
    this.replicas = replicas;
  }

  /**
   * Returns image.
   *
   * @return the value, may be null
   */
  public String getImage() {
    return image;
  }

  /**
   * Sets image.
   *
   * @param image the new value
   */
  public void setImage(String image) {
    this.image = image;
  }

  /**
   * Returns imagePullPolicy.
   *
   * @return the value, may be null
   */
  public PullPolicy getImagePullPolicy() {
    return imagePullPolicy;
  }

  /**
   * Sets imagePullPolicy.
   *
   * @param imagePullPolicy the new value
   */
  public void setImagePullPolicy(PullPolicy imagePullPolicy) {
    this.imagePullPolicy = imagePullPolicy;
  }

  /**
   * Returns imagePullSecrets.
   *
   * @return the value, may be null
   */
  public List<LocalObjectReference> getImagePullSecrets() {
    return imagePullSecrets;
  }

  /**
   * Sets imagePullSecrets.
   *
   * @param imagePullSecrets the new value
   */
  public void setImagePullSecrets(List<LocalObjectReference> imagePullSecrets) {
    this.imagePullSecrets = imagePullSecrets;
  }

  /**
   * Returns server.
   *
   * @return the value, may be null
   */
  public ServerSettings getServer() {
    return server;
  }

  /**
   * Sets server.
   *
   * @param server the new value
   */
  public void setServer(ServerSettings server) {
    this.server = server;
  }

  /**
   * Returns storage.
   *
   * @return the value, may be null
   */
  public StorageSpec getStorage() {
    return storage;
  }

  /**
   * Sets storage.
   *
   * @param storage the new value
   */
  public void setStorage(StorageSpec storage) {
    this.storage = storage;
  }

  /**
   * Returns locker.
   *
   * @return the value, may be null
   */
  public LockerType getLocker() {
    return locker;
  }

  /**
   * Sets locker.
   *
   * @param locker the new value
   */
  public void setLocker(LockerType locker) {
    this.locker = locker;
  }

  /**
   * Returns hooks.
   *
   * @return the value, may be null
   */
  public HooksSpec getHooks() {
    return hooks;
  }

  /**
   * Sets hooks.
   *
   * @param hooks the new value
   */
  public void setHooks(HooksSpec hooks) {
    this.hooks = hooks;
  }

  /**
   * Returns metrics.
   *
   * @return the value, may be null
   */
  public MetricsSpec getMetrics() {
    return metrics;
  }

  /**
   * Sets metrics.
   *
   * @param metrics the new value
   */
  public void setMetrics(MetricsSpec metrics) {
    this.metrics = metrics;
  }

  /**
   * Returns service.
   *
   * @return the value, may be null
   */
  public ServiceSpec getService() {
    return service;
  }

  /**
   * Sets service.
   *
   * @param service the new value
   */
  public void setService(ServiceSpec service) {
    this.service = service;
  }

  /**
   * Returns ingress.
   *
   * @return the value, may be null
   */
  public IngressSpec getIngress() {
    return ingress;
  }

  /**
   * Sets ingress.
   *
   * @param ingress the new value
   */
  public void setIngress(IngressSpec ingress) {
    this.ingress = ingress;
  }

  /**
   * Returns resources.
   *
   * @return the value, may be null
   */
  public ResourceRequirements getResources() {
    return resources;
  }

  /**
   * Sets resources.
   *
   * @param resources the new value
   */
  public void setResources(ResourceRequirements resources) {
    this.resources = resources;
  }

  /**
   * Returns nodeSelector.
   *
   * @return the value, may be null
   */
  public Map<String, String> getNodeSelector() {
    return nodeSelector;
  }

  /**
   * Sets nodeSelector.
   *
   * @param nodeSelector the new value
   */
  public void setNodeSelector(Map<String, String> nodeSelector) {
    this.nodeSelector = nodeSelector;
  }

  /**
   * Returns tolerations.
   *
   * @return the value, may be null
   */
  public List<Toleration> getTolerations() {
    return tolerations;
  }

  /**
   * Sets tolerations.
   *
   * @param tolerations the new value
   */
  public void setTolerations(List<Toleration> tolerations) {
    this.tolerations = tolerations;
  }

  /**
   * Returns affinity.
   *
   * @return the value, may be null
   */
  public Affinity getAffinity() {
    return affinity;
  }

  /**
   * Sets affinity.
   *
   * @param affinity the new value
   */
  public void setAffinity(Affinity affinity) {
    this.affinity = affinity;
  }

  /**
   * Returns topologySpreadConstraints.
   *
   * @return the value, may be null
   */
  public List<TopologySpreadConstraint> getTopologySpreadConstraints() {
    return topologySpreadConstraints;
  }

  /**
   * Sets topologySpreadConstraints.
   *
   * @param topologySpreadConstraints the new value
   */
  public void setTopologySpreadConstraints(List<TopologySpreadConstraint> topologySpreadConstraints) {
    this.topologySpreadConstraints = topologySpreadConstraints;
  }

  /**
   * Returns serviceAccountName.
   *
   * @return the value, may be null
   */
  public String getServiceAccountName() {
    return serviceAccountName;
  }

  /**
   * Sets serviceAccountName.
   *
   * @param serviceAccountName the new value
   */
  public void setServiceAccountName(String serviceAccountName) {
    this.serviceAccountName = serviceAccountName;
  }

  /**
   * Returns tmpSize.
   *
   * @return the value, may be null
   */
  public String getTmpSize() {
    return tmpSize;
  }

  /**
   * Sets tmpSize.
   *
   * @param tmpSize the new value
   */
  public void setTmpSize(String tmpSize) {
    this.tmpSize = tmpSize;
  }

  /**
   * Returns podAnnotations.
   *
   * @return the value, may be null
   */
  public Map<String, String> getPodAnnotations() {
    return podAnnotations;
  }

  /**
   * Sets podAnnotations.
   *
   * @param podAnnotations the new value
   */
  public void setPodAnnotations(Map<String, String> podAnnotations) {
    this.podAnnotations = podAnnotations;
  }

  /**
   * Returns podLabels.
   *
   * @return the value, may be null
   */
  public Map<String, String> getPodLabels() {
    return podLabels;
  }

  /**
   * Sets podLabels.
   *
   * @param podLabels the new value
   */
  public void setPodLabels(Map<String, String> podLabels) {
    this.podLabels = podLabels;
  }

  /**
   * Returns redis.
   *
   * @return the value, may be null
   */
  public RedisSpec getRedis() {
    return redis;
  }

  /**
   * Sets redis.
   *
   * @param redis the new value
   */
  public void setRedis(RedisSpec redis) {
    this.redis = redis;
  }

  /**
   * Returns etcd.
   *
   * @return the value, may be null
   */
  public EtcdSpec getEtcd() {
    return etcd;
  }

  /**
   * Sets etcd.
   *
   * @param etcd the new value
   */
  public void setEtcd(EtcdSpec etcd) {
    this.etcd = etcd;
  }

  /**
   * Returns autoscaling.
   *
   * @return the value, may be null
   */
  public AutoscalingSpec getAutoscaling() {
    return autoscaling;
  }

  /**
   * Sets autoscaling.
   *
   * @param autoscaling the new value
   */
  public void setAutoscaling(AutoscalingSpec autoscaling) {
    this.autoscaling = autoscaling;
  }

  /**
   * Returns disruptionBudget.
   *
   * @return the value, may be null
   */
  public DisruptionBudgetSpec getDisruptionBudget() {
    return disruptionBudget;
  }

  /**
   * Sets disruptionBudget.
   *
   * @param disruptionBudget the new value
   */
  public void setDisruptionBudget(DisruptionBudgetSpec disruptionBudget) {
    this.disruptionBudget = disruptionBudget;
  }
}
