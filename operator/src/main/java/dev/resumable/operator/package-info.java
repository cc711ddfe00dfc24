/**
 * The tus operator: {@link dev.resumable.operator.OperatorMain} (process entry point) and
 * {@link dev.resumable.operator.TusOperator} (the operator as it ships, also used by the tests). Sub-packages:
 * {@code api.v1alpha1} (the TusServer API), {@code config} (process settings), {@code reconciler} (validation,
 * references, status), {@code dependent} (one JOSDK dependent per owned object), {@code desired} (pure builders),
 * {@code conditions} (status conditions).
 */
package dev.resumable.operator;
