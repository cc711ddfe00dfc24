/**
 * The TusServer reconciler: validation, resolution of referenced Secrets and ConfigMaps, explicit invocation of
 * the dependent workflow, and status computation.
 */
package dev.resumable.operator.reconciler;
