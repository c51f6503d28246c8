package io.runload.ingest;

import io.runload.avro.AthleteProfile;
import io.runload.avro.HeartRateSample;
import io.runload.avro.PlannedType;
import io.runload.avro.RunEvent;
import org.junit.jupiter.api.Test;

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
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LiveSimulationTest {

    private static final Instant NOW = Instant.parse("2026-11-25T08:00:00Z");

    /** Stagger 40 s: athlete i's first live run starts at liveStart + 15 s + i * 40 s. */
    @Test
    void liveRunsStreamAt1HzAsTheyHappenStaggeredAcrossAthletes() {
        DemoSimulator simulator = new DemoSimulator(SimulationPlan.defaults().withClock(Clock.fixed(NOW, ZoneOffset.UTC)),
                new RecordingSink());
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
                assertThat(r.run().getStartTime().plusSeconds(r.run().getDurationSec())).isBefore(r.emitAt());
                runs.add(r.run());
            }
        }
        for (SimulatedAthlete athlete : simulator.athletes()) {
            List<HeartRateSample> own = samples.get(athlete.athleteId());
            Instant expectedStart = liveStart.plusSeconds(15 + 40L * athlete.index());
            assertThat(own.get(0).getEventTime()).isEqualTo(expectedStart);
            long oneSecondGaps = 0;
            for (int i = 1; i < own.size(); i++) {
                if (Duration.between(own.get(i - 1).getEventTime(), own.get(i).getEventTime()).getSeconds() == 1) {
                    oneSecondGaps++;
                }
            }
            if (athlete.recordingStyle() == RecordingStyle.MOSTLY_ONE_HZ) {
                assertThat(oneSecondGaps).isGreaterThan(own.size() * 9L / 10);
            }
            assertThat(runs).filteredOn(r -> r.getAthleteId().equals(athlete.athleteId())).hasSize(1);
        }
        assertThat(emissions).filteredOn(e -> e instanceof Emission.Garbage).hasSizeGreaterThanOrEqualTo(12);

        // The drifting athlete's live easy run turns hard after 15 minutes.
        SimulatedAthlete drifter = simulator.athletes().get(0);
        assertThat(drifter.scenario()).isEqualTo(Scenario.EASY_DRIFT);
        RunEvent live = runs.stream().filter(r -> r.getAthleteId().equals(drifter.athleteId())).findFirst().orElseThrow();
        assertThat(live.getPlannedType()).isEqualTo(PlannedType.EASY);
        AthleteProfile profile = drifter.initialProfile();
        long start = live.getStartTime().toEpochMilli();
        List<HeartRateSample> hr = samples.get(drifter.athleteId());
        assertThat(EffortMath.shareAboveEasy(hr, profile, start, start + 600_000)).isLessThan(0.2);
        assertThat(EffortMath.shareAboveEasy(hr, profile, start + 20 * 60_000, start + 25 * 60_000)).isGreaterThan(0.5);
    }

    @Test
    void laterLiveRunsComeAboutADayApart() {
        DemoSimulator simulator = new DemoSimulator(SimulationPlan.defaults().withClock(Clock.fixed(NOW, ZoneOffset.UTC)),
                new RecordingSink());
        LiveTraining live = new LiveTraining(42, NOW, Duration.ofSeconds(40));
        for (SimulatedAthlete athlete : simulator.athletes()) {
            for (int ordinal = 1; ordinal < 4; ordinal++) {
                Duration gap = Duration.between(live.plan(athlete, ordinal - 1).start(), live.plan(athlete, ordinal).start());
                assertThat(gap).isBetween(Duration.ofHours(23), Duration.ofHours(25).plusMinutes(1));
            }
        }
    }

    /**
     * The clock runs 300 times faster than real time, so 20 simulated minutes of live data take
     * about 4 s. The sink checks every record against the clock at the moment it is sent.
     */
    @Test
    void runSendsNothingAheadOfTheWallClock() throws InterruptedException {
        FastClock clock = new FastClock(NOW, 300);
        List<String> violations = new ArrayList<>();
        RecordingSink sink = new RecordingSink() {
            @Override
            public void sample(HeartRateSample sample) {
                if (sample.getEventTime().isAfter(clock.instant())) {
                    violations.add(sample.toString());
                }
                super.sample(sample);
            }

            @Override
            public void run(RunEvent run) {
                if (run.getUpdatedAt().isAfter(clock.instant())) {
                    violations.add(run.toString());
                }
                super.run(run);
            }
        };
        SimulationPlan plan = SimulationPlan.defaults().withAthletes(2).withClock(clock).withHistoryReplay(Duration.ZERO)
                .withLiveStagger(Duration.ofSeconds(10));
        DemoSimulator simulator = new DemoSimulator(plan, sink);
        Instant startedAt = clock.instant();

        SimulationSummary summary = simulator.run(Duration.ofMinutes(20));

        assertThat(clock.instant()).isAfterOrEqualTo(startedAt.plus(Duration.ofMinutes(20)));
        assertThat(violations).isEmpty();
        List<HeartRateSample> live = sink.samples.stream().filter(s -> s.getEventTime().isAfter(simulator.historyEnd())).toList();
        // Two athletes running for most of the 20 minutes at about 1 Hz.
        assertThat(live.size()).isBetween(1200, 2500);
        assertThat(summary.samples()).isEqualTo(sink.samples.size());
        assertThat(sink.samples.stream().filter(s -> !s.getEventTime().isAfter(simulator.historyEnd())).count())
                .isGreaterThan(100_000);
    }

    /** 42 days in 2 s: the history's records are spread over about 2 s of wall time. */
    @Test
    void pacedHistoryIsSpreadOverTheReplaySpan() throws InterruptedException {
        List<Long> arrivalNanos = new ArrayList<>();
        RecordingSink sink = new RecordingSink() {
            @Override
            public void sample(HeartRateSample sample) {
                arrivalNanos.add(System.nanoTime());
                super.sample(sample);
            }
        };
        SimulationPlan plan = SimulationPlan.defaults().withAthletes(1).withHistoryReplay(Duration.ofSeconds(2));
        DemoSimulator simulator = new DemoSimulator(plan, sink);
        RecordingSink reference = new RecordingSink();
        new DemoSimulator(plan.withClock(Clock.fixed(simulator.historyEnd(), ZoneOffset.UTC)), reference).generateHistory();

        simulator.run(Duration.ofSeconds(3));

        List<HeartRateSample> history = sink.samples.stream()
                .filter(s -> !s.getEventTime().isAfter(simulator.historyEnd())).toList();
        assertThat(history).isEqualTo(reference.samples);
        double spreadSec = (arrivalNanos.get(history.size() - 1) - arrivalNanos.get(0)) / 1e9;
        // The first run starts on day 0 or 1 and the last ends on day 41 or 42: 39-42 of 42 days.
        assertThat(spreadSec).isBetween(1.8, 2.4);
    }

    @Test
    void runUntilStoppedReturnsPromptlyWhenAskedToStop() throws InterruptedException {
        RecordingSink sink = new RecordingSink();
        DemoSimulator simulator = new DemoSimulator(SimulationPlan.defaults().withAthletes(2), sink);
        AtomicBoolean stop = new AtomicBoolean();
        Thread stopper = new Thread(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            stop.set(true);
        });
        long begin = System.nanoTime();
        stopper.start();
        SimulationSummary summary = simulator.runUntilStopped(stop);
        double seconds = (System.nanoTime() - begin) / 1e9;
        stopper.join();

        assertThat(seconds).isBetween(0.25, 1.0);
        // The 75 s default replay was cut short: profiles and some early data only.
        assertThat(summary.profiles()).isGreaterThanOrEqualTo(2);
        assertThat(summary.samples()).isLessThan(30_000);
    }

    static final class FastClock extends Clock {
        private final Instant base;
        private final long baseNanos = System.nanoTime();
        private final double speed;

        FastClock(Instant base, double speed) {
            this.base = base;
            this.speed = speed;
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
            return base.plusNanos((long) ((System.nanoTime() - baseNanos) * speed));
        }
    }
}
