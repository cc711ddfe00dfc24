/**
 * JOSDK dependent resources, one class per Kubernetes object the operator owns, and the workflow conditions that
 * decide which of them exist. Each dependent delegates its desired state to {@code dev.resumable.operator.desired}.
 */
package dev.resumable.operator.dependent;
