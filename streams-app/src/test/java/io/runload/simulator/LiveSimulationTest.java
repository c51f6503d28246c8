package io.runload.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.runload.avro.AthleteProfile;
import io.runload.avro.HeartRateSample;
import io.runload.avro.PlannedType;
import io.runload.avro.RunEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class LiveSimulationTest {

    private static final Instant NOW = Instant.parse("2026-11-25T08:00:00Z");

    /** Stagger 40 s: athlete i's first live run starts at liveStart + 15 s + i * 40 s. */
    @Test
    void liveRunsStreamAt1HzAsTheyHappenStaggeredAcrossAthletes() {
        DemoSimulator simulator = new DemoSimulator(
                SimulationPlan.defaults().withClock(Clock.fixed(NOW, ZoneOffset.UTC)), new RecordingSink());
        Instant liveStart = NOW.plusSeconds(75);
        EmissionTimeline timeline = simulator.liveTimeline(liveStart);
        Instant until = liveStart.plus(Duration.ofMinutes(80));
        List<Emission> emissions = new ArrayList<>();
        while (timeline.peekEmitAt().isBefore(until)) {
            emissions.add(timeline.next());
        }

        Map<String, List<HeartRateSample>> samples = new HashMap<>();
        List<RunEvent> runs = new ArrayList<>();
        Instant previous = Instant.MIN;
        for (Emission emission : emissions) {
            assertThat(emission.emitAt()).isAfterOrEqualTo(previous).isAfterOrEqualTo(liveStart);
            previous = emission.emitAt();
            if (emission instanceof Emission.Sample s) {
                assertThat(s.sample().getEventTime()).isEqualTo(s.emitAt());
                samples.computeIfAbsent(s.athleteId(), k -> new ArrayList<>()).add(s.sample());
            } else if (emission instanceof Emission.Run r) {
                assertThat(r.run().getUpdatedAt()).isEqualTo(r.emitAt());
                assertThat(r.run().getStartTime().plusSeconds(r.run().getDurationSec()))
                        .isBefore(r.emitAt());
                runs.add(r.run());
            }
        }
        for (SimulatedAthlete athlete : simulator.athletes()) {
            List<HeartRateSample> own = samples.get(athlete.athleteId());
            Instant expectedStart = liveStart.plusSeconds(15 + 40L * athlete.index());
            assertThat(own.get(0).getEventTime()).isEqualTo(expectedStart);
            long oneSecondGaps = 0;
            for (int i = 1; i < own.size(); i++) {
                if (Duration.between(own.get(i - 1).getEventTime(), own.get(i).getEventTime())
                                .toSeconds()
                        == 1) {
                    oneSecondGaps++;
                }
            }
            if (athlete.recordingStyle().equals(RecordingStyle.MOSTLY_ONE_HZ)) {
                assertThat(oneSecondGaps).isGreaterThan(own.size() * 9L / 10);
            }
            assertThat(runs)
                    .filteredOn(r -> r.getAthleteId().equals(athlete.athleteId()))
                    .hasSize(1);
        }
        assertThat(emissions).filteredOn(e -> e instanceof Emission.Garbage).hasSizeGreaterThanOrEqualTo(12);

        // The drifting athlete's live easy run turns hard after 15 minutes.
        SimulatedAthlete drifter = simulator.athletes().get(0);
        assertThat(drifter.scenario()).isEqualTo(Scenario.EASY_DRIFT);
        RunEvent live = runs.stream()
                .filter(r -> r.getAthleteId().equals(drifter.athleteId()))
                .findFirst()
                .orElseThrow();
        assertThat(live.getPlannedType()).isEqualTo(PlannedType.EASY);
        AthleteProfile profile = drifter.initialProfile();
        long start = live.getStartTime().toEpochMilli();
        List<HeartRateSample> hr = samples.get(drifter.athleteId());
        assertThat(EffortMath.shareAboveEasy(hr, profile, start, start + 600_000))
                .isLessThan(0.2);
        assertThat(EffortMath.shareAboveEasy(hr, profile, start + 20 * 60_000, start + 25 * 60_000))
                .isGreaterThan(0.5);
    }

    @Test
    void laterLiveRunsComeAboutADayApart() {
        DemoSimulator simulator = new DemoSimulator(
                SimulationPlan.defaults().withClock(Clock.fixed(NOW, ZoneOffset.UTC)), new RecordingSink());
        LiveTraining live = new LiveTraining(42, NOW, Duration.ofSeconds(40));
        for (SimulatedAthlete athlete : simulator.athletes()) {
            for (int ordinal = 1; ordinal < 4; ordinal++) {
                Duration gap = Duration.between(
                        live.plan(athlete, ordinal - 1).start(),
                        live.plan(athlete, ordinal).start());
                assertThat(gap)
                        .isBetween(Duration.ofHours(23), Duration.ofHours(25).plusMinutes(1));
            }
        }
    }

    /**
     * Time moves only when the simulator sleeps, so 20 simulated minutes of live data take no wall
     * time, and the sink can compare every record with the clock at the moment it is sent.
     */
    @Test
    void runSendsNothingAheadOfTheWallClock() throws InterruptedException {
        ManualTime time = new ManualTime(NOW);
        List<String> violations = new ArrayList<>();
        List<String> late = new ArrayList<>();
        SimulationPlan plan = SimulationPlan.defaults()
                .withAthletes(2)
                .withClock(time)
                .withHistoryReplay(Duration.ZERO)
                .withLiveStagger(Duration.ofSeconds(10));
        RecordingSink sink = new RecordingSink() {
            @Override
            public void sample(HeartRateSample sample) {
                check(sample.getEventTime(), sample.toString());
                super.sample(sample);
            }

            @Override
            public void run(RunEvent run) {
                check(run.getUpdatedAt(), run.toString());
                super.run(run);
            }

            private void check(Instant recordTime, String record) {
                if (recordTime.isAfter(time.instant())) {
                    violations.add(record);
                } else if (recordTime.isAfter(NOW) && recordTime.isBefore(time.instant())) {
                    // A live record's time is its emission time; the pacer sleeps exactly up to it.
                    late.add(record);
                }
            }
        };
        DemoSimulator simulator = new DemoSimulator(plan, sink, time::nanoTime, time::sleep);

        SimulationSummary summary = simulator.run(Duration.ofMinutes(20));

        // The run stops within one sleep slice of its deadline.
        assertThat(time.instant())
                .isBetween(
                        NOW.plus(Duration.ofMinutes(20)),
                        NOW.plus(Duration.ofMinutes(20)).plus(Pacer.MAX_SLEEP));
        assertThat(violations).isEmpty();
        assertThat(late).isEmpty();
        List<HeartRateSample> live = sink.samples.stream()
                .filter(s -> s.getEventTime().isAfter(simulator.historyEnd()))
                .toList();
        // Two athletes running for most of the 20 minutes at about 1 Hz.
        assertThat(live.size()).isBetween(1200, 2500);
        assertThat(summary.samples()).isEqualTo(sink.samples.size());
        assertThat(sink.samples.stream()
                        .filter(s -> !s.getEventTime().isAfter(simulator.historyEnd()))
                        .count())
                .isGreaterThan(100_000);
    }

    /**
     * 42 days in 2 s: a record emitted d after the history's start is due d * 2 s / 42 days after
     * the first record is paced, and goes out no earlier than 2 ms (the pacer's burst lag) before.
     */
    @Test
    void pacedHistoryIsSpreadOverTheReplaySpan() throws InterruptedException {
        ManualTime time = new ManualTime(NOW);
        List<Long> arrivalNanos = new ArrayList<>();
        RecordingSink sink = new RecordingSink() {
            @Override
            public void sample(HeartRateSample sample) {
                arrivalNanos.add(time.nanoTime());
                super.sample(sample);
            }
        };
        Duration replay = Duration.ofSeconds(2);
        SimulationPlan plan =
                SimulationPlan.defaults().withAthletes(1).withClock(time).withHistoryReplay(replay);
        DemoSimulator simulator = new DemoSimulator(plan, sink, time::nanoTime, time::sleep);
        DemoSimulator reference =
                new DemoSimulator(plan.withClock(Clock.fixed(NOW, ZoneOffset.UTC)), new RecordingSink());
        List<Instant> sampleEmitAt = new ArrayList<>();
        List<HeartRateSample> referenceSamples = new ArrayList<>();
        EmissionTimeline referenceTimeline = reference.historyTimeline();
        while (referenceTimeline.hasNext()) {
            if (referenceTimeline.next() instanceof Emission.Sample s) {
                sampleEmitAt.add(s.emitAt());
                referenceSamples.add(s.sample());
            }
        }

        simulator.run(Duration.ofSeconds(3));

        List<HeartRateSample> history = sink.samples.stream()
                .filter(s -> !s.getEventTime().isAfter(simulator.historyEnd()))
                .toList();
        assertThat(history).isEqualTo(referenceSamples);
        double nanosPerSimulatedNano = 2e9 / Duration.ofDays(42).toNanos();
        for (int i = 0; i < history.size(); i++) {
            long due = Math.round(Duration.between(simulator.historyStart(), sampleEmitAt.get(i))
                            .toNanos()
                    * nanosPerSimulatedNano);
            assertThat(arrivalNanos.get(i)).as("sample %d", i).isBetween(due - 2_000_001, due + 1);
        }
        double spreadSec = (arrivalNanos.get(history.size() - 1) - arrivalNanos.get(0)) / 1e9;
        // The first run starts on day 0 or 1 and the last ends on day 41 or 42: 39-42 of 42 days.
        assertThat(spreadSec).isBetween(39 * 2.0 / 42 - 0.002, 2.0);
    }

    /** The stop request comes 300 ms into the 75 s replay; nothing is slept or sent after it. */
    @Test
    void runUntilStoppedReturnsPromptlyWhenAskedToStop() throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        long[] stoppedAt = {-1};
        int[] sentWhenStopped = {-1};
        RecordingSink sink = new RecordingSink();
        ManualTime time = new ManualTime(NOW) {
            @Override
            void sleep(Duration duration) {
                assertThat(stop.get()).as("sleeping after the stop request").isFalse();
                super.sleep(duration);
                if (nanoTime() >= 300_000_000L) {
                    stop.set(true);
                    stoppedAt[0] = nanoTime();
                    sentWhenStopped[0] = sink.all.size();
                }
            }
        };
        DemoSimulator simulator = new DemoSimulator(
                SimulationPlan.defaults().withAthletes(2).withClock(time), sink, time::nanoTime, time::sleep);

        SimulationSummary summary = simulator.runUntilStopped(stop);

        assertThat(stoppedAt[0]).isBetween(300_000_000L, 300_000_000L + Pacer.MAX_SLEEP.toNanos());
        assertThat(time.nanoTime()).isEqualTo(stoppedAt[0]);
        assertThat(sink.all).hasSize(sentWhenStopped[0]);
        // The 75 s default replay was cut short: profiles and some early data only.
        assertThat(summary.profiles()).isGreaterThanOrEqualTo(2);
        assertThat(summary.samples()).isLessThan(30_000);
    }

    /** A clock that moves only when something sleeps on it. */
    static class ManualTime extends Clock {
        private final Instant base;
        private long nanos;

        ManualTime(Instant base) {
            this.base = base;
        }

        long nanoTime() {
            return nanos;
        }

        void sleep(Duration duration) {
            nanos += duration.toNanos();
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
            return base.plusNanos(nanos);
        }
    }
}
