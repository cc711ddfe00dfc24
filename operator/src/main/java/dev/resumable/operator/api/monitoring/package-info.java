/** Foreign APIs the operator writes without depending on their model libraries. */
package dev.resumable.operator.api.monitoring;
