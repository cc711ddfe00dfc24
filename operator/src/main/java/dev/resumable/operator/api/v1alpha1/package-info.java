/**
 * The {@code resumable.dev/v1alpha1} API: {@link dev.resumable.operator.api.v1alpha1.TusServer} and its spec and
 * status types. The CRD in {@code crds/} is generated from these classes by the Fabric8 crd-generator.
 */
package dev.resumable.operator.api.v1alpha1;
