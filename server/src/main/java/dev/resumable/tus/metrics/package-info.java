/** Prometheus metrics through Micrometer, with tusd's metric names. */
package dev.resumable.tus.metrics;
