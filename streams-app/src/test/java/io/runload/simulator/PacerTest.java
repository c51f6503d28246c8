package io.runload.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PacerTest {

    private static final Instant FROM = Instant.parse("2026-10-14T08:00:00Z");
    private static final Instant TO = FROM.plus(Duration.ofDays(42));

    /** 42 days = 1008 h in 84 s: 1 simulated hour = 84/1008 s = 83.3 ms; day 21 is due at 42 s. */
    @Test
    void acceleratedPacerMapsSimulatedTimeLinearlyOntoTheReplaySpan() {
        AcceleratedPacer pacer = new AcceleratedPacer(FROM, TO, Duration.ofSeconds(84));
        assertThat(pacer.wallOffsetOf(FROM.plus(Duration.ofDays(21)))).isEqualTo(Duration.ofSeconds(42));
        assertThat(pacer.wallOffsetOf(FROM.plus(Duration.ofHours(1))).toNanos()).isEqualTo(83_333_333L);
        assertThat(pacer.wallOffsetOf(FROM.minusSeconds(5))).isEqualTo(Duration.ZERO);
    }

    /** Day 1 is due 2 s after the first call; sleeps come in slices of at most 200 ms. */
    @Test
    void acceleratedPacerSleepsUntilTheRecordIsDue() throws InterruptedException {
        long[] nanos = {1_000_000_000L};
        List<Duration> sleeps = new ArrayList<>();
        AcceleratedPacer pacer = new AcceleratedPacer(FROM, TO, Duration.ofSeconds(84), () -> nanos[0], d -> {
            sleeps.add(d);
            nanos[0] += d.toNanos();
        });
        pacer.awaitTurn(FROM, () -> false);
        assertThat(sleeps).isEmpty();

        pacer.awaitTurn(FROM.plus(Duration.ofDays(1)), () -> false);
        long slept = sleeps.stream().mapToLong(Duration::toNanos).sum();
        assertThat(slept).isBetween(1_998_000_000L, 2_000_000_000L);
        assertThat(sleeps).allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(Duration.ofMillis(200)));

        sleeps.clear();
        pacer.awaitTurn(FROM.plus(Duration.ofDays(10)), () -> true);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void wallClockPacerWaitsUntilTheClockHasReachedTheEmissionTime() throws InterruptedException {
        MovableClock clock = new MovableClock(FROM);
        List<Duration> sleeps = new ArrayList<>();
        WallClockPacer pacer = new WallClockPacer(clock, d -> {
            sleeps.add(d);
            clock.now = clock.now.plus(d);
        });
        pacer.awaitTurn(FROM.minusSeconds(1), () -> false);
        assertThat(sleeps).isEmpty();

        pacer.awaitTurn(FROM.plusMillis(1500), () -> false);
        assertThat(clock.instant()).isAfterOrEqualTo(FROM.plusMillis(1500));
        assertThat(sleeps).hasSize(8).allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(Duration.ofMillis(200)));

        sleeps.clear();
        pacer.awaitTurn(FROM.plusSeconds(60), () -> true);
        assertThat(sleeps).isEmpty();
    }

    static final class MovableClock extends Clock {
        Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
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
    }
}
