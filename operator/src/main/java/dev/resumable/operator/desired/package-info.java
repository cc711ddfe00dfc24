/**
 * Desired-state builders: pure functions from a TusServer (plus the default image and a config hash) to the
 * Kubernetes objects the operator owns. No client, no cache: unit-testable without a cluster.
 */
package dev.resumable.operator.desired;
