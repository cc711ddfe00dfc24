/**
 * The operator process around JOSDK: leadership (Lease callbacks, the {@code tus_operator_leader} metric) and the
 * health semantics of {@code /readyz} and {@code /healthz}.
 */
package dev.resumable.operator.runtime;
