package io.runload.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runload.state.AthleteHeartRateStateCodec;
import io.runload.state.RunHeartRateAccumulatorCodec;
import io.runload.testing.StoredHeartRate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AthleteHeartRateStateTest {

    private static final long T0 = 1_750_000_000_000L;
    private static final long GRACE = 24 * 3_600_000L;
    private final ResolvedProfile profile = EffortFixtures.karvonenMale();

    private static long sec(long seconds) {
        return T0 + seconds * 1000;
    }

    private SampleOutcome sample(AthleteHeartRateState state, String runId, long seconds, int bpm) {
        return state.onSample(runId, sec(seconds), bpm, 3.0, 170, profile, GRACE);
    }

    @Test
    void samplesWithoutRunIdSplitIntoSessionsAfterMoreThanTenMinutesApart() {
        AthleteHeartRateState state = new AthleteHeartRateState();
        for (long s = 0; s <= 600; s++) {
            sample(state, null, s, 140);
        }
        // Exactly 10 minutes later: still the same session.
        assertThat(sample(state, null, 1200, 140).runKey()).isEqualTo("session-" + sec(0));
        // 10 minutes and 1 second later: a new one.
        assertThat(sample(state, null, 1801, 140).runKey()).isEqualTo("session-" + sec(1801));
        for (long s = 1802; s <= 2400; s++) {
            sample(state, null, s, 150);
        }
        assertThat(state.runKeys()).containsExactly("session-" + sec(0), "session-" + sec(1801));
    }

    @Test
    void findForRunPrefersTheRunIdThenTheMostOverlappingSession() {
        AthleteHeartRateState state = new AthleteHeartRateState();
        for (long s = 0; s <= 600; s++) {
            sample(state, null, s, 140);
        }
        for (long s = 1801; s <= 2400; s++) {
            sample(state, null, s, 150);
        }
        for (long s = 5000; s <= 5100; s++) {
            sample(state, "r1", s, 160);
        }
        // A run declared 1700..3000 s overlaps the second session by 599 s and the first not at all.
        RunHeartRateAccumulator matched =
                state.findForRun("strava-9", sec(1700), 1300).orElseThrow();
        assertThat(matched.firstMillis()).isEqualTo(sec(1801));
        // Starts 90 s after the first session ended, inside the 2-minute margin.
        assertThat(state.findForRun("x", sec(690), 60).orElseThrow().firstMillis())
                .isEqualTo(sec(0));
        assertThat(state.findForRun("r1", sec(0), 10).orElseThrow().firstMillis())
                .isEqualTo(sec(5000));
        // Nothing within [start - 2 min, end + 2 min]: no match; runId-keyed runs are never matched by time.
        assertThat(state.findForRun("x", sec(3000), 600)).isEmpty();
        assertThat(state.findForRun("x", sec(5000), 100)).isEmpty();
    }

    @Test
    void lateDuplicateOutOfOrderAndInvalidSamples() {
        AthleteHeartRateState state = new AthleteHeartRateState();
        for (long s = 0; s <= 1000; s++) {
            assertThat(sample(state, "r1", s, 140).status()).isEqualTo(SampleOutcome.Status.ACCEPTED);
        }
        assertThat(state.frontierMillis()).isEqualTo(sec(1000));
        assertThat(state.onSample("r1", sec(939), 140, 3.0, 170, profile, 60_000)
                        .status())
                .isEqualTo(SampleOutcome.Status.LATE);
        // A re-send among the 8 most recent timestamps is recognised as a duplicate ...
        assertThat(state.onSample("r1", sec(993), 140, 3.0, 170, profile, 60_000)
                        .status())
                .isEqualTo(SampleOutcome.Status.DUPLICATE);
        // ... an older one cannot be told from an out-of-order sample: counted, flagged, never credited.
        long creditedBefore = state.run("r1").orElseThrow().creditedMillis();
        assertThat(state.onSample("r1", sec(940), 140, 3.0, 170, profile, 60_000)
                        .status())
                .isEqualTo(SampleOutcome.Status.OUT_OF_ORDER);
        assertThat(state.onSample("r1", sec(940) + 500, 140, 3.0, 170, profile, 60_000)
                        .status())
                .isEqualTo(SampleOutcome.Status.OUT_OF_ORDER);
        assertThat(state.run("r1").orElseThrow().creditedMillis()).isEqualTo(creditedBefore);
        assertThat(state.onSample("r1", sec(1001), 255, 3.0, 170, profile, 60_000)
                        .status())
                .isEqualTo(SampleOutcome.Status.INVALID);
        assertThat(state.frontierMillis()).isEqualTo(sec(1000));
        assertThat(state.run("r1").orElseThrow().outOfOrderSamples()).isEqualTo(2);
        // A re-send changes nothing in the athlete's state, so it need not be written back.
        assertThat(state.run("r1").orElseThrow().duplicateSamples()).isZero();
    }

    @Test
    void pruneDropsOldRunsAndTheRunCountIsBounded() {
        AthleteHeartRateState state = new AthleteHeartRateState();
        for (int run = 0; run < 40; run++) {
            for (long s = 0; s < 5; s++) {
                sample(state, "r" + run, run * 3600L + s, 140);
            }
        }
        // The count is bounded when the state is pruned, not while samples go in.
        assertThat(state.runKeys()).hasSize(40);
        state.prune(sec(39 * 3600L + 4), Long.MAX_VALUE / 2);
        assertThat(state.runKeys()).hasSize(AthleteHeartRateState.MAX_RUNS);
        assertThat(state.runKeys()).doesNotContain("r7").contains("r8", "r39");

        // Runs r8..r39 ended at run*3600 + 4 s; keep those ending after 30 * 3600 s.
        state.prune(sec(39 * 3600L + 4), 9 * 3600_000L + 1);
        assertThat(state.runKeys())
                .containsExactly("r30", "r31", "r32", "r33", "r34", "r35", "r36", "r37", "r38", "r39");
    }

    @Test
    void aRunOutsideTheEventTimeRetentionStaysUntilTheWallClockFloorHasPassed() {
        AthleteHeartRateState state = new AthleteHeartRateState();
        long wall = 1_000_000L;
        for (long s = 0; s < 5; s++) {
            sample(state, "monday", s, 140);
        }
        state.sampleProcessedAt("monday", wall);
        // A back-fill: two days of event time later, a second after in processing time.
        sample(state, "wednesday", 2 * 86_400L, 140);
        state.sampleProcessedAt("wednesday", wall + 1_000);
        state.prune(sec(2 * 86_400L), 36 * 3600_000L, wall + 1_000, 15 * 60_000L);
        assertThat(state.runKeys()).containsExactly("monday", "wednesday");

        state.prune(sec(2 * 86_400L), 36 * 3600_000L, wall + 15 * 60_000L, 15 * 60_000L);
        assertThat(state.runKeys()).containsExactly("wednesday");
    }

    @Test
    void runsBeyondTheCountStayUntilTheWallClockFloorHasPassed() {
        AthleteHeartRateState state = new AthleteHeartRateState();
        // Event-time retention long enough that only the count bound applies.
        long yearMillis = 365 * 86_400_000L;
        long wall = 1_000_000L;
        // A back-fill: 40 daily runs within a minute of processing time, their run events not yet seen.
        for (int run = 0; run < 40; run++) {
            for (long s = 0; s < 5; s++) {
                sample(state, "r" + run, run * 86_400L + s, 140);
            }
            state.sampleProcessedAt("r" + run, wall + run * 1_000L);
            state.prune(sec(run * 86_400L + 4), yearMillis, wall + run * 1_000L, 15 * 60_000L);
        }
        assertThat(state.runKeys()).hasSize(40).contains("r0", "r39");

        // 15 minutes after r7's last sample was processed, r0..r7 may go: the newest 32 stay.
        state.prune(sec(39 * 86_400L + 4), yearMillis, wall + 7_000L + 15 * 60_000L, 15 * 60_000L);
        assertThat(state.runKeys())
                .hasSize(AthleteHeartRateState.MAX_RUNS)
                .doesNotContain("r7")
                .contains("r8", "r39");
    }

    @Test
    void theRunCountHasAHardCeilingHoweverRecentTheRuns() {
        AthleteHeartRateState state = new AthleteHeartRateState();
        int runs = AthleteHeartRateState.MAX_RUNS_IN_FLIGHT + 3;
        for (int run = 0; run < runs; run++) {
            sample(state, "r" + run, run * 86_400L, 140);
            state.sampleProcessedAt("r" + run, 1_000_000L);
        }
        assertThat(state.runKeys())
                .hasSize(AthleteHeartRateState.MAX_RUNS_IN_FLIGHT)
                .doesNotContain("r0", "r1", "r2")
                .contains("r3", "r" + (runs - 1));
        assertThat(StoredHeartRate.roundTrip(state).runKeys()).isEqualTo(state.runKeys());
    }

    @Test
    void aDecodedStateCountsItsWallClockFloorFromItsFirstPrune() {
        AthleteHeartRateState state = new AthleteHeartRateState();
        sample(state, "monday", 0, 140);
        sample(state, "wednesday", 2 * 86_400L, 140);
        AthleteHeartRateState restored = StoredHeartRate.roundTrip(state);
        restored.prune(sec(2 * 86_400L), 36 * 3600_000L, 5_000_000L, 15 * 60_000L);
        assertThat(restored.runKeys()).containsExactly("monday", "wednesday");
        restored.prune(sec(2 * 86_400L), 36 * 3600_000L, 5_000_000L + 15 * 60_000L, 15 * 60_000L);
        assertThat(restored.runKeys()).containsExactly("wednesday");
    }

    @Test
    void liveViolationIsReportedOnceWithItsRunKey() {
        AthleteHeartRateState state = new AthleteHeartRateState();
        List<SampleOutcome> violations = new ArrayList<>();
        for (long s = 0; s <= 2400; s++) {
            SampleOutcome outcome = sample(state, null, s, s < 1200 ? 130 : 170);
            if (outcome.violation().isPresent()) {
                violations.add(outcome);
            }
            // As in the store: the state is serialized and read back on every sample.
            state = StoredHeartRate.roundTrip(state);
        }
        assertThat(violations).hasSize(1);
        assertThat(violations.get(0).runKey()).isEqualTo("session-" + sec(0));
        assertThat(violations.get(0).violation().orElseThrow().eventTimeMillis())
                .isBetween(sec(1340), sec(1410));
    }

    @Test
    void aBackfilledOldRunDoesNotTakeOverTheLiveMonitor() {
        AthleteHeartRateState state = new AthleteHeartRateState();
        for (long s = 0; s <= 700; s++) {
            sample(state, "today", 86_400 + s, 130);
        }
        for (long s = 0; s <= 700; s++) {
            sample(state, "yesterday", s, 170);
        }
        assertThat(state.liveRunKey()).contains("today");
        List<SampleOutcome> violations = new ArrayList<>();
        for (long s = 701; s <= 1500; s++) {
            SampleOutcome outcome = sample(state, "today", 86_400 + s, 175);
            outcome.violation().ifPresent(v -> violations.add(outcome));
        }
        assertThat(violations).hasSize(1);
        assertThat(violations.get(0).runKey()).isEqualTo("today");
    }

    @Test
    void storedStateMatchesANeverSerializedOneAndRestoresOnlyTheRunsItTouches() {
        AthleteHeartRateState plain = new AthleteHeartRateState();
        StoredHeartRate store = new StoredHeartRate();
        AthleteHeartRateState stored = store.store(new AthleteHeartRateState());
        for (long s = 0; s <= 3000; s++) {
            String runId = s < 1000 ? "a" : s < 2000 ? null : "c";
            int bpm = (int) (120 + (s * 7) % 60);
            sample(plain, runId, s, bpm);
            String touched = sample(stored, runId, s, bpm).runKey();
            stored = store.store(stored, touched);
        }
        // 3,001 samples, three of which started a run: every other one restored just its own run.
        assertThat(store.loads()).isEqualTo(2998);
        assertThat(store.storedRuns()).isEqualTo(3);
        assertThat(stored.runKeys()).isEqualTo(plain.runKeys()).hasSize(3);
        for (String key : plain.runKeys()) {
            assertThat(stored.run(key).orElseThrow().sameStateAs(plain.run(key).orElseThrow()))
                    .isTrue();
        }
        assertThat(stored.frontierMillis()).isEqualTo(plain.frontierMillis());
        assertThat(stored.liveRunKey()).isEqualTo(plain.liveRunKey()).contains("c");
        assertThat(AthleteHeartRateStateCodec.encode(stored)).isEqualTo(AthleteHeartRateStateCodec.encode(plain));
        assertThat(StoredHeartRate.roundTrip(new AthleteHeartRateState()).isEmpty())
                .isTrue();
    }

    @Test
    void theStateLeavesTheAccumulatorsOut() {
        AthleteHeartRateState state = new AthleteHeartRateState();
        for (long s = 0; s <= 3600; s++) {
            sample(state, "r1", s, (int) (120 + (s * 7) % 60));
        }
        int stateAfterAnHour = AthleteHeartRateStateCodec.encode(state).length;
        int runAfterAnHour = RunHeartRateAccumulatorCodec.encode(state.run("r1").orElseThrow()).length;
        for (long s = 3601; s <= 7200; s++) {
            sample(state, "r1", s, (int) (120 + (s * 7) % 60));
        }
        // The second hour adds 60 minute buckets to the run, and nothing but a wider bound to the
        // state: its live monitor keeps a fixed window.
        assertThat(RunHeartRateAccumulatorCodec.encode(state.run("r1").orElseThrow()).length - runAfterAnHour)
                .isGreaterThan(60 * 4);
        assertThat(AthleteHeartRateStateCodec.encode(state).length - stateAfterAnHour)
                .isBetween(-8, 8);
    }

    @Test
    void runsLetGoAreHandedOutOnceForTheirEntriesToGo() {
        AthleteHeartRateState state = new AthleteHeartRateState();
        sample(state, "monday", 0, 140);
        sample(state, "wednesday", 2 * 86_400L, 140);
        assertThat(state.takeDepartedRuns()).isEmpty();
        state.prune(sec(2 * 86_400L), 36 * 3600_000L);
        assertThat(state.runKeys()).containsExactly("wednesday");
        assertThat(state.takeDepartedRuns()).containsExactly("monday");
        assertThat(state.takeDepartedRuns()).isEmpty();

        // A run that comes back under the same key keeps its (new) entry.
        state.prune(sec(2 * 86_400L + 3 * 86_400L), 36 * 3600_000L);
        sample(state, "wednesday", 5 * 86_400L, 150);
        assertThat(state.takeDepartedRuns()).isEmpty();
    }

    @Test
    void aDroppedRunGoesWithItsLiveMonitorAndIsHandedOut() {
        AthleteHeartRateState state = new AthleteHeartRateState();
        sample(state, "r1", 0, 140);
        sample(state, "r2", 86_400L, 140);
        assertThat(state.liveRunKey()).contains("r2");
        state.dropRun("r2");
        state.dropRun("absent");
        assertThat(state.runKeys()).containsExactly("r1");
        assertThat(state.liveRunKey()).isEmpty();
        assertThat(state.takeDepartedRuns()).containsExactly("r2");
    }

    @Test
    void aRunWhoseEntryIsMissingStartsAgainInsteadOfFailingEverySample() {
        AthleteHeartRateState state = new AthleteHeartRateState();
        sample(state, "r1", 0, 140);
        AthleteHeartRateState restored = AthleteHeartRateStateCodec.decode(AthleteHeartRateStateCodec.encode(state));
        assertThatThrownBy(() -> restored.run("r1")).isInstanceOf(IllegalStateException.class);
        restored.readRunsFrom("athlete", (owner, key) -> null);
        assertThat(restored.run("r1").orElseThrow().sampleCount()).isZero();
        sample(restored, "r1", 1, 141);
        assertThat(restored.run("r1").orElseThrow().sampleCount()).isEqualTo(1);
    }
}
