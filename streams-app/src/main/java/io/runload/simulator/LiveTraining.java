package io.runload.simulator;

import io.runload.avro.PlannedType;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.SplittableRandom;

/**
 * Runs after the history: recorded in real time, one a day per athlete, the first ones staggered
 * a little apart so the dashboard has athletes running from the first minutes.
 */
final class LiveTraining {

    /** Live runs go through the whole pipeline, bad readings included, a bit more often than history. */
    private static final double LIVE_INVALID_CHANCE = 0.3;

    private final long seed;
    private final Instant liveStart;
    private final Duration stagger;
    private final int session;

    LiveTraining(long seed, Instant liveStart, Duration stagger) {
        this(seed, liveStart, stagger, 1);
    }

    /**
     * Live runs of the {@code session}-th live phase (1 for a demo's first start). Later sessions,
     * after a restart, tag their run ids and random streams with the session, so that they never
     * reuse an earlier session's run id (which would read as an edit of that run).
     */
    LiveTraining(long seed, Instant liveStart, Duration stagger, int session) {
        this.seed = seed;
        this.liveStart = liveStart;
        this.stagger = stagger;
        this.session = session;
    }

    /** Endless: each run is planned when the previous one is done. */
    EmissionSource runsOf(SimulatedAthlete athlete) {
        return new EmissionSource() {
            private int ordinal;
            private EmissionSource current = EmissionSource.of(plan(athlete, 0));

            @Override
            public Instant nextEmitAt() {
                Instant due = current.nextEmitAt();
                if (due == null) {
                    current = EmissionSource.of(plan(athlete, ++ordinal));
                    due = current.nextEmitAt();
                }
                return due;
            }

            @Override
            public Emission next() {
                nextEmitAt();
                return current.next();
            }
        };
    }

    PlannedRun plan(SimulatedAthlete athlete, int ordinal) {
        SplittableRandom random =
                DeterministicRandom.of(seed, athlete.athleteId(), session == 1 ? "live" : "live-" + session, ordinal);
        Instant start = liveStart
                .plusSeconds(15)
                .plus(stagger.multipliedBy(athlete.index()))
                .plus(Duration.ofDays(ordinal))
                .plusSeconds(ordinal == 0 ? 0 : random.nextInt(3601) - 1800);
        ZoneId zone = athlete.itinerary().zoneOnDay(Integer.MAX_VALUE);
        RunPrescription prescription;
        PlannedType label;
        switch (athlete.scenario()) {
            case EASY_DRIFT -> {
                prescription = RunPrescription.easyTurnedHard(45 * 60, random);
                label = PlannedType.EASY;
            }
            case OVERREACHING -> {
                prescription = RunPrescription.hard(random);
                label = PlannedType.WORKOUT;
            }
            default -> {
                if (ordinal % 3 == 2) {
                    prescription = RunPrescription.workout(random);
                    label = PlannedType.WORKOUT;
                } else {
                    prescription = RunPrescription.easy((35 + random.nextInt(16)) * 60, random);
                    label = PlannedType.EASY;
                }
            }
        }
        String tag = session == 1 ? "" : session + "-";
        return new PlannedRun(
                athlete,
                String.format("%s-L%s%03d", athlete.athleteId(), tag, ordinal + 1),
                athlete.athleteId() + "-live-" + tag + (ordinal + 1),
                start,
                zone,
                start.atZone(zone).toLocalDate(),
                prescription,
                label,
                true,
                athlete.recordingStyle().withInvalidChance(LIVE_INVALID_CHANCE),
                Duration.ofSeconds(30 + random.nextInt(91)),
                Duration.ZERO,
                random.nextLong());
    }

    /** Endless: an undecodable record every 5-15 minutes. */
    EmissionSource garbageOf(SimulatedAthlete athlete) {
        return new EmissionSource() {
            private int ordinal;
            private Instant due =
                    liveStart.plusSeconds(DeterministicRandom.of(seed, athlete.athleteId(), "live-garbage")
                            .nextInt(600));

            @Override
            public Instant nextEmitAt() {
                return due;
            }

            @Override
            public Emission next() {
                SplittableRandom random = DeterministicRandom.of(seed, athlete.athleteId(), "live-garbage", ordinal++);
                Emission garbage = TrainingPlanner.garbageAt(athlete, due, random);
                due = due.plusSeconds(300 + random.nextInt(601));
                return garbage;
            }
        };
    }
}
