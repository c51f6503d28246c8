package io.runload.simulator;

import io.runload.avro.AthleteProfile;
import io.runload.avro.HeartRateSample;
import io.runload.avro.RunEvent;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The default demo history, generated once per test JVM: 12 athletes, 42 days, seed 42. */
final class HistoryFixture {

    /**
     * Late November: the 42 days before it span both the EU (25 Oct) and US (1 Nov) DST ends.
     * Override with -Dsim.test.now / -Dsim.test.seed to check that scenarios hold for any start.
     */
    static final Instant NOW = Instant.parse(System.getProperty("sim.test.now", "2026-11-25T08:00:00Z"));

    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final SimulationPlan PLAN = SimulationPlan.defaults()
            .withSeed(Long.getLong("sim.test.seed", 42L))
            .withClock(CLOCK);

    private static HistoryFixture instance;

    final DemoSimulator simulator;
    final RecordingSink sink = new RecordingSink();
    final SimulationSummary summary;

    private HistoryFixture() {
        simulator = new DemoSimulator(PLAN, sink);
        summary = simulator.generateHistory();
    }

    static synchronized HistoryFixture get() {
        if (instance == null) {
            instance = new HistoryFixture();
        }
        return instance;
    }

    SimulatedAthlete athlete(Scenario scenario) {
        return simulator.athletes().stream()
                .filter(a -> a.scenario() == scenario)
                .findFirst()
                .orElseThrow();
    }

    List<RunEvent> runsOf(SimulatedAthlete athlete) {
        return sink.runs.stream()
                .filter(r -> r.getAthleteId().equals(athlete.athleteId()))
                .toList();
    }

    List<HeartRateSample> samplesOf(SimulatedAthlete athlete) {
        return sink.samples.stream()
                .filter(s -> s.getAthleteId().equals(athlete.athleteId()))
                .toList();
    }

    List<AthleteProfile> profilesOf(SimulatedAthlete athlete) {
        return sink.profiles.stream()
                .filter(p -> p.getAthleteId().equals(athlete.athleteId()))
                .toList();
    }

    /** Samples by runId, for athletes whose device tags samples with the run. */
    Map<String, List<HeartRateSample>> samplesByRun() {
        return sink.samples.stream()
                .filter(s -> s.getRunId() != null)
                .collect(Collectors.groupingBy(HeartRateSample::getRunId));
    }
}
