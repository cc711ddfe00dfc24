package dev.resumable.tus.hooks;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * Hook metrics: tusd's {@code tusd_hook_invocations_total{hooktype}} and {@code tusd_hook_errors_total{hooktype}},
 * the latency histogram {@code tus_hook_duration_seconds{hooktype,transport}}, and
 * {@code tus_hook_undeliverable_total{hooktype,transport}} (events given up). Without a registry, nothing.
 */
final class HookMetrics {
  private static final Duration[] BUCKETS = {
      Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
      Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
      Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
      Duration.ofSeconds(60)};

  private final MeterRegistry registry;

  HookMetrics(MeterRegistry registry) {
    this.registry = registry;
    if (registry != null) {
      for (HookType type : HookType.values()) {
        invocations(type);
        errors(type);
      }
    }
  }

  void invoked(HookType type, String transport, long nanos, boolean failed) {
    if (registry == null) {
      return;
    }
    invocations(type).increment();
    if (failed) {
      errors(type).increment();
    }
    Timer.builder("tus.hook.duration").description("Hook call latency, retries included")
        .tag("hooktype", type.eventName()).tag("transport", transport).serviceLevelObjectives(BUCKETS)
        .register(registry).record(Duration.ofNanos(nanos));
  }

  /** An event that could not even be queued (overload, shutdown). */
  void dropped(HookType type) {
    if (registry != null) {
      errors(type).increment();
    }
  }

  /** An event given up after a transport refused it for good; its record is kept for inspection. */
  void undeliverable(HookType type, String transport) {
    if (registry != null) {
      Counter.builder("tus.hook.undeliverable")
          .description("Events given up after the configured retries because the receiver refused them for good")
          .tag("hooktype", type.eventName()).tag("transport", transport).register(registry).increment();
    }
  }

  private Counter invocations(HookType type) {
    return Counter.builder("tusd.hook.invocations").description("Invocations of hooks")
        .tag("hooktype", type.eventName()).register(registry);
  }

  private Counter errors(HookType type) {
    return Counter.builder("tusd.hook.errors").description("Failed hook invocations")
        .tag("hooktype", type.eventName()).register(registry);
  }
}
