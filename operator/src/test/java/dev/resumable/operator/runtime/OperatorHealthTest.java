package dev.resumable.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Readiness follows leadership; liveness fails only for a leader whose informers stay unhealthy. */
class OperatorHealthTest {

  private final AtomicBoolean healthy = new AtomicBoolean(true);
  private Instant now = Instant.parse("2026-11-30T07:00:00Z");

  private OperatorHealth health(Leadership leadership) {
    Clock clock = new Clock() {
      @Override
      public ZoneOffset getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return now;
      }
    };
    return new OperatorHealth(leadership, () -> true, healthy::get, clock, Duration.ofMinutes(2));
  }

  @Test
  void standbyIsLiveButNotReadyUntilItLeads() {
    Leadership leadership = Leadership.elected();
    OperatorHealth health = health(leadership);
    assertThat(health.ready()).isFalse();
    assertThat(health.live()).isTrue();
    leadership.callbacks().onStartLeading();
    assertThat(health.ready()).isTrue();
    leadership.callbacks().onStopLeading();
    assertThat(health.ready()).isFalse();
  }

  @Test
  void leaderWithUnhealthyInformersFailsLivenessAfterTheGracePeriod() {
    OperatorHealth health = health(Leadership.single());
    healthy.set(false);
    assertThat(health.ready()).isFalse();
    assertThat(health.live()).isTrue();
    now = now.plus(Duration.ofSeconds(119));
    assertThat(health.live()).isTrue();
    now = now.plus(Duration.ofSeconds(2));
    assertThat(health.live()).isFalse();
    healthy.set(true);
    assertThat(health.live()).isTrue();
    assertThat(health.ready()).isTrue();
  }
}
