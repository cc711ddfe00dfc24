package dev.resumable.tus.metrics;

import java.util.concurrent.atomic.AtomicLong;

/**
 * tusd's upload counters, under tusd's exact names and types. tusd exports them as counters without the
 * {@code _total} suffix ({@code tusd_uploads_created}, …); the Prometheus client behind Micrometer appends
 * {@code _total} to counters and reserves the {@code _created} suffix, so these five are rendered here and appended
 * to the scrape.
 */
final class TusdCounters {
  final AtomicLong bytesReceived = new AtomicLong();
  final AtomicLong uploadsCreated = new AtomicLong();
  final AtomicLong uploadsFinished = new AtomicLong();
  final AtomicLong uploadsTerminated = new AtomicLong();

  /** The counters in the Prometheus text format. */
  String render() {
    StringBuilder out = new StringBuilder();
    counter(out, "tusd_bytes_received", "Number of bytes received for uploads.", bytesReceived);
    counter(out, "tusd_uploads_created", "Number of created uploads.", uploadsCreated);
    counter(out, "tusd_uploads_finished", "Number of finished uploads.", uploadsFinished);
    counter(out, "tusd_uploads_terminated", "Number of terminated (or expired) uploads.", uploadsTerminated);
    return out.toString();
  }

  private static void counter(StringBuilder out, String name, String help, AtomicLong value) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(" counter\n");
    out.append(name).append(' ').append(value.get()).append('\n');
  }
}
