package dev.resumable.operator.dependent;

import dev.resumable.operator.api.v1alpha1.TusServer;
import dev.resumable.operator.desired.ConfigHash;
import dev.resumable.operator.desired.DesiredDeployment;
import dev.resumable.operator.desired.Names;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.ArrayList;
import java.util.List;

/**
 * The server Deployment. Its pod template carries the hash of every referenced Secret and ConfigMap and of the
 * signing-key Secret, so a change to any of them rolls the pods.
 */
@KubernetesDependent(informer = @Informer(labelSelector = Names.MANAGED_BY_SELECTOR))
public class DeploymentDependent extends SpecHashedDependent<Deployment> {

  /** Dependent name used in the workflow. */
  public static final String NAME = "deployment";

  /** Creates the dependent. */
  public DeploymentDependent() {
    super(Deployment.class);
  }

  @Override
  protected Deployment build(TusServer primary, Context<TusServer> context) {
    WorkflowInputs inputs = WorkflowInputs.from(context);
    List<Secret> secrets = new ArrayList<>(inputs.secrets());
    context.getSecondaryResource(Secret.class, SigningKeySecretDependent.NAME).ifPresent(secrets::add);
    return DesiredDeployment.build(primary, inputs.defaultImage(), ConfigHash.of(secrets, inputs.configMaps()));
  }
}
