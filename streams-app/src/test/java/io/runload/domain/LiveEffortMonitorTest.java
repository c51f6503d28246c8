package io.runload.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.runload.state.LiveEffortMonitorCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LiveEffortMonitorTest {

    private static final long T0 = 1_750_000_000_000L;
    // Resting 60, max 190: easy ceiling 60 + 0.7 * 130 = 151 bpm. 130 is easy, 170 is not.
    private final HeartRateZones zones = EffortFixtures.karvonenMale().zones();

    /** Feeds 1 Hz samples for {@code seconds} and returns the violations, optionally round-tripping the state each time. */
    private List<LiveEffortViolation> feed(
            LiveEffortMonitor start, int seconds, IntUnaryOperator bpmAt, boolean roundTrip) {
        List<LiveEffortViolation> fired = new ArrayList<>();
        LiveEffortMonitor monitor = start;
        for (int s = 0; s <= seconds; s++) {
            monitor.onSample(T0 + s * 1000L, bpmAt.applyAsInt(s), zones, LiveEffortRule.DEFAULT)
                    .ifPresent(fired::add);
            if (roundTrip) {
                LiveEffortMonitor decoded = LiveEffortMonitorCodec.decode(LiveEffortMonitorCodec.encode(monitor));
                assertThat(decoded.sameStateAs(monitor)).isTrue();
                monitor = decoded;
            }
        }
        return fired;
    }

    @Test
    void firesOnceWithinAMinuteOfTheConditionBecomingTrue() {
        // Easy (130) for 20 minutes, then 170 to minute 40. The trailing 5 minutes hold (t - 1200) s above
        // the ceiling, which is more than half (150 s) from t = 1350 s on.
        List<LiveEffortViolation> fired = feed(new LiveEffortMonitor(T0), 2400, s -> s < 1200 ? 130 : 170, false);
        assertThat(fired).hasSize(1);
        LiveEffortViolation violation = fired.get(0);
        long firedAtSec = (violation.eventTimeMillis() - T0) / 1000;
        // 10-second slots: the window is 290-300 s long, so it may fire up to 10 s early.
        assertThat(firedAtSec).isBetween(1340L, 1410L);
        assertThat(violation.shareAbove()).isGreaterThan(0.5).isLessThan(0.55);
        assertThat(violation.easyCeilingBpm()).isCloseTo(151.0, within(1e-9));
        // Only 130 and 170 in the window: mean = 130 + 40 * share.
        assertThat(violation.meanHrLast5Min()).isCloseTo(130 + 40 * violation.shareAbove(), within(1e-9));
        assertThat(violation.runStartMillis()).isEqualTo(T0);
    }

    @Test
    void theStoredStateBehavesExactlyLikeTheLiveOne() {
        List<LiveEffortViolation> live = feed(new LiveEffortMonitor(T0), 2400, s -> s < 1200 ? 130 : 170, false);
        List<LiveEffortViolation> stored = feed(new LiveEffortMonitor(T0), 2400, s -> s < 1200 ? 130 : 170, true);
        assertThat(stored).isEqualTo(live);
    }

    @Test
    void aWorkoutHardFromTheStartNeverFires() {
        assertThat(feed(new LiveEffortMonitor(T0), 2400, s -> 170, false)).isEmpty();
    }

    @Test
    void aRunPlannedEasyNeverFiresDuringTheWarmUp() {
        // Hard from minute 1: the window is over half above from about t = 210 s, but the warm-up lasts 600 s.
        LiveEffortMonitor monitor = new LiveEffortMonitor(T0);
        monitor.markPlannedEasy();
        List<LiveEffortViolation> fired = feed(monitor, 1800, s -> s < 60 ? 130 : 170, false);
        assertThat(fired).hasSize(1);
        assertThat(fired.get(0).eventTimeMillis() - T0).isEqualTo(600_000L);
    }

    @Test
    void aFewWarmUpSpikesStillCountAsAnEasyWarmUp() {
        // 50 s of 600 above the ceiling (8.3% <= 10%), then easy, then hard from minute 15.
        List<LiveEffortViolation> fired =
                feed(new LiveEffortMonitor(T0), 1800, s -> s >= 100 && s < 150 ? 170 : s < 900 ? 130 : 170, false);
        assertThat(fired).hasSize(1);
        // 70 s above (11.7%) is no longer an easy warm-up.
        assertThat(feed(new LiveEffortMonitor(T0), 1800, s -> s >= 100 && s < 170 ? 170 : s < 900 ? 130 : 170, false))
                .isEmpty();
    }

    @Test
    void sparseHeartRateCannotFireTheRule() {
        // After an easy warm-up, a sample only every 30 s: each credited 10 s, so 5 minutes hold 100 s < 4 min.
        LiveEffortMonitor monitor = new LiveEffortMonitor(T0);
        List<LiveEffortViolation> fired = feed(monitor, 1199, s -> 130, false);
        for (int s = 1200; s <= 2400; s += 30) {
            monitor.onSample(T0 + s * 1000L, 175, zones, LiveEffortRule.DEFAULT).ifPresent(fired::add);
        }
        assertThat(fired).isEmpty();
    }

    @Test
    void ruleThresholds() {
        LiveEffortRule rule = LiveEffortRule.DEFAULT;
        assertThat(rule.violates(300_000, 150_000)).isFalse();
        assertThat(rule.violates(300_000, 150_001)).isTrue();
        assertThat(rule.violates(239_999, 239_999)).isFalse();
        assertThat(rule.warmUpWasEasy(600_000, 60_000)).isTrue();
        assertThat(rule.warmUpWasEasy(600_000, 60_001)).isFalse();
        assertThat(rule.warmUpWasEasy(299_999, 0)).isFalse();
    }

    /**
     * The window is judged from running totals instead of summing the thirty slots on every
     * sample. Over random runs (gaps beyond the whole window, re-sends, out-of-order and invalid
     * samples, easy and hard stretches, plans, a store round trip now and then) the totals must
     * equal the plain sum of the slots after every sample, so every decision is the one the sum
     * would have made.
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233, 377, 610, 987, 1597, 2584, 4181, 6765, 10946})
    void theWindowTotalsAreAlwaysTheSumOfItsSlots(long seed) {
        Random random = new Random(seed);
        LiveEffortMonitor monitor = new LiveEffortMonitor(T0);
        if (random.nextInt(3) == 0) {
            monitor.markPlannedEasy();
        }
        long t = T0;
        int hardUntil = 0;
        for (int i = 0; i < 3000; i++) {
            int kind = random.nextInt(100);
            long at;
            if (kind < 80) {
                t += 1000L * (1 + random.nextInt(kind < 5 ? 400 : 3));
                at = t;
            } else if (kind < 90) {
                at = t - random.nextInt(30_000); // a re-send or out of order
            } else {
                t += random.nextInt(20_000);
                at = t;
            }
            if (i >= hardUntil && random.nextInt(200) == 0) {
                hardUntil = i + random.nextInt(600);
            }
            int bpm = random.nextInt(100) == 0
                    ? 300
                    : i < hardUntil ? 160 + random.nextInt(30) : 120 + random.nextInt(35);
            monitor.onSample(at, bpm, zones, LiveEffortRule.DEFAULT);
            if (random.nextInt(50) == 0) {
                monitor = LiveEffortMonitorCodec.decode(LiveEffortMonitorCodec.encode(monitor));
            }
            LiveEffortMonitor.Snapshot slots = monitor.snapshot();
            String context = "seed " + seed + ", sample " + i;
            assertThat(monitor.windowMillis()).as(context).isEqualTo(sum(slots.slotMillis()));
            assertThat(monitor.windowAboveMillis()).as(context).isEqualTo(sum(slots.slotAboveMillis()));
            assertThat(monitor.windowHrMillis()).as(context).isEqualTo(sum(slots.slotHrMillis()));
        }
    }

    private static long sum(int[] slots) {
        long total = 0;
        for (int slot : slots) {
            total += slot;
        }
        return total;
    }
}
