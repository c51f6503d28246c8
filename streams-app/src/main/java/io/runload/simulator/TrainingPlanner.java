package io.runload.simulator;

import static io.runload.simulator.DeterministicRandom.uniform;

import io.runload.avro.AthleteProfile;
import io.runload.avro.HeartRateSample;
import io.runload.avro.PlannedType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * Plans an athlete's weeks of training over the history window and shapes them into the
 * athlete's scenario.
 */
final class TrainingPlanner {

    /** The volume jump: the last complete calendar week and the current one run this much more. */
    static final double VOLUME_JUMP_FACTOR = 1.4;

    static final double SPIKE_LONG_RUN_KM = 30;
    static final double LONGEST_REGULAR_LONG_RUN_KM = 20;
    static final int OVERREACHING_DAYS = 10;
    /** Days before now within which easy runs turn hard for the drifting athlete. */
    static final int DRIFT_FINAL_DAYS = 7;
    /** Extra HRR fraction at easy pace the drifting athlete reaches by the end (about 15 bpm). */
    static final double DRIFT_HRR_RISE = 0.12;
    /** Day of the history from which the drifting athlete's easy heart rate starts creeping up. */
    static final int DRIFT_ONSET_DAY = 7;

    static final Duration LATE_BY = Duration.ofDays(3).plusHours(2);

    private final long seed;
    private final Instant historyStart;
    private final Instant now;

    TrainingPlanner(long seed, Instant historyStart, Instant now) {
        this.seed = seed;
        this.historyStart = historyStart;
        this.now = now;
    }

    TrainingHistory plan(SimulatedAthlete athlete) {
        List<PlannedRun> runs = new ArrayList<>(scheduledRuns(athlete));
        List<RunEdit> edits = new ArrayList<>();
        switch (athlete.scenario()) {
            case LONG_RUN_SPIKE -> addLongRunSpike(runs);
            case DUPLICATE_UPLOADS -> edits.addAll(duplicateUploads(runs));
            case LATE_UPLOAD -> makeLateAndHeartRateLessRuns(runs);
            case EDITED_RUNS -> edits.addAll(deletionAndRelabel(runs));
            default -> {}
        }
        edits.removeIf(edit -> edit.emitAt().isAfter(now));
        List<Emission> extras = new ArrayList<>();
        for (AthleteProfile profile : athlete.profiles()) {
            ZoneId zone = ZoneId.of(profile.getTimezone());
            Instant effective = profile.getEffectiveFrom().atStartOfDay(zone).toInstant();
            // The first version goes out before anything else, even if its date began earlier.
            extras.add(new Emission.Profile(effective.isBefore(historyStart) ? historyStart : effective, profile));
        }
        extras.addAll(garbage(athlete));
        extras.sort(Comparator.comparing(Emission::emitAt));
        return new TrainingHistory(athlete, runs, edits, extras);
    }

    private List<PlannedRun> scheduledRuns(SimulatedAthlete athlete) {
        Itinerary itinerary = athlete.itinerary();
        LocalDate firstDate = historyStart.atZone(itinerary.home()).toLocalDate();
        int lastDay = (int) ChronoUnit.DAYS.between(
                        firstDate, now.atZone(itinerary.home()).toLocalDate())
                + 1;
        LocalDate today = now.atZone(itinerary.zoneOnDay(lastDay)).toLocalDate();
        LocalDate lastCompleteWeekStart = today.with(TemporalAdjusters.previousOrSame(athlete.weekStartDay()))
                .minusWeeks(1);
        int sundayNightDay = sundayNightDay(athlete, firstDate);

        List<PlannedRun> runs = new ArrayList<>();
        for (int day = 0; day <= lastDay; day++) {
            LocalDate date = firstDate.plusDays(day);
            ZoneId zone = itinerary.zoneOnDay(day);
            SplittableRandom random = DeterministicRandom.of(seed, athlete.athleteId(), "day", day);
            LocalTime startTime = athlete.usualStart().plusMinutes(random.nextInt(51) - 25);
            RunPrescription prescription;
            PlannedType label;
            if (day == sundayNightDay) {
                prescription = RunPrescription.easy(35 * 60, random);
                label = PlannedType.EASY;
                startTime = LocalTime.of(23, 30);
            } else if (athlete.scenario() == Scenario.OVERREACHING
                    && date.isAfter(today.minusDays(OVERREACHING_DAYS + 1))) {
                prescription = RunPrescription.hard(random);
                label = random.nextDouble() < 0.2 ? null : PlannedType.WORKOUT;
            } else {
                WeekPlan week = weekPlan(athlete, date);
                Slot slot = week.slotOn(date.getDayOfWeek(), athlete.longRunDay());
                if (slot == Slot.REST) {
                    continue;
                }
                double volume = athlete.scenario() == Scenario.VOLUME_JUMP && !date.isBefore(lastCompleteWeekStart)
                        ? VOLUME_JUMP_FACTOR
                        : 1;
                boolean finalWeek = ZonedDateTime.of(date, startTime, zone)
                        .toInstant()
                        .isAfter(now.minus(Duration.ofDays(DRIFT_FINAL_DAYS)));
                prescription = prescribe(athlete, slot, week, day, lastDay, finalWeek, random);
                if (volume != 1) {
                    prescription = prescription.stretched(volume);
                }
                label = labelFor(athlete, slot, random);
            }
            Instant start = ZonedDateTime.of(date, startTime, zone).toInstant();
            PlannedRun run = new PlannedRun(
                    athlete,
                    String.format("%s-r%03d", athlete.athleteId(), runs.size() + 1),
                    externalId(athlete.source(), random),
                    start,
                    zone,
                    date,
                    prescription,
                    label,
                    true,
                    athlete.recordingStyle(),
                    Duration.ofSeconds(60 + random.nextInt(841)),
                    Duration.ZERO,
                    random.nextLong());
            if (fits(run)) {
                runs.add(run);
            }
        }
        return runs;
    }

    private boolean fits(PlannedRun run) {
        return !run.start().isBefore(historyStart) && !run.uploadAt().isAfter(now);
    }

    /** The traveller's first Sunday in New York, run late at night after a day of meetings. */
    private static int sundayNightDay(SimulatedAthlete athlete, LocalDate firstDate) {
        if (athlete.scenario() != Scenario.TRAVELLER) {
            return -1;
        }
        int arrival = athlete.itinerary().arrivalDay(AthleteRoster.NEW_YORK);
        for (int day = arrival + 1; day < athlete.itinerary().departureDay(AthleteRoster.NEW_YORK) - 1; day++) {
            if (firstDate.plusDays(day).getDayOfWeek() == DayOfWeek.SUNDAY) {
                return day;
            }
        }
        return -1;
    }

    private enum Slot {
        EASY,
        WORKOUT,
        LONG,
        REST
    }

    private record WeekPlan(int runs, double km) {

        /** Days after the long run: workout two days later, Friday-ish rest, easy runs in between. */
        Slot slotOn(DayOfWeek day, DayOfWeek longRunDay) {
            int offset = Math.floorMod(day.getValue() - longRunDay.getValue(), 7);
            return switch (offset) {
                case 0 -> Slot.LONG;
                case 2 -> Slot.WORKOUT;
                case 4, 6 -> Slot.EASY;
                case 3 -> runs >= 5 ? Slot.EASY : Slot.REST;
                case 1 -> runs >= 6 ? Slot.EASY : Slot.REST;
                default -> Slot.REST;
            };
        }
    }

    private WeekPlan weekPlan(SimulatedAthlete athlete, LocalDate date) {
        LocalDate weekStart = date.with(TemporalAdjusters.previousOrSame(athlete.weekStartDay()));
        SplittableRandom random = DeterministicRandom.of(seed, athlete.athleteId(), "week", weekStart.toEpochDay());
        boolean steadyWeeks = athlete.scenario() == Scenario.VOLUME_JUMP || athlete.scenario() == Scenario.OVERREACHING;
        int runs = steadyWeeks
                ? athlete.runsPerWeek()
                : Math.max(4, Math.min(6, athlete.runsPerWeek() + random.nextInt(3) - 1));
        double km = athlete.weeklyKm() * (steadyWeeks ? uniform(random, 0.98, 1.02) : uniform(random, 0.9, 1.1));
        return new WeekPlan(runs, km);
    }

    private RunPrescription prescribe(
            SimulatedAthlete athlete,
            Slot slot,
            WeekPlan week,
            int day,
            int lastDay,
            boolean finalWeek,
            SplittableRandom random) {
        double easySpeed = athlete.easySpeedMps();
        double longKm = week.km() * 0.3;
        double easyKm = week.km() * 0.5 / (week.runs() - 2);
        return switch (slot) {
            case LONG -> {
                if (athlete.scenario() == Scenario.LONG_RUN_SPIKE) {
                    longKm = Math.min(LONGEST_REGULAR_LONG_RUN_KM - 0.5, Math.max(16, longKm));
                }
                yield RunPrescription.longRun(
                        secondsFor(longKm, easySpeed * EffortSegment.speedFactorFor(0.61)), random);
            }
            case WORKOUT -> RunPrescription.workout(random);
            case EASY -> {
                int seconds = Math.max(25 * 60, Math.min(75 * 60, secondsFor(easyKm, easySpeed)));
                if (athlete.scenario() != Scenario.EASY_DRIFT) {
                    yield RunPrescription.easy(seconds, random);
                }
                // Aerobic fitness slipping: flat for a week, then HR at easy pace creeps up.
                double progress = Math.max(0, (day - DRIFT_ONSET_DAY) / (double) (lastDay - DRIFT_ONSET_DAY));
                double offset = DRIFT_HRR_RISE * Math.min(1, progress);
                yield finalWeek
                        ? RunPrescription.easyTurnedHard(Math.max(seconds, 40 * 60), random)
                        : RunPrescription.driftingEasy(seconds, offset, random);
            }
            case REST -> throw new IllegalStateException("no run on a rest day");
        };
    }

    private static PlannedType labelFor(SimulatedAthlete athlete, Slot slot, SplittableRandom random) {
        // The drifting athlete's easy runs must say EASY, or the easy-run alert has nothing to check.
        boolean alwaysLabelled = athlete.scenario() == Scenario.EASY_DRIFT;
        if (!alwaysLabelled && random.nextDouble() < 0.15) {
            return null;
        }
        return switch (slot) {
            case LONG -> PlannedType.LONG;
            case WORKOUT -> PlannedType.WORKOUT;
            default -> PlannedType.EASY;
        };
    }

    private static int secondsFor(double km, double speedMps) {
        return (int) Math.round(km * 1000 / speedMps);
    }

    private static String externalId(String source, SplittableRandom random) {
        return switch (source) {
            case "polar" ->
                String.format("%08x-%04x-%04x", random.nextInt(), random.nextInt(1 << 16), random.nextInt(1 << 16));
            case "coros" ->
                String.valueOf(400_000_000_000_000_000L + Math.floorMod(random.nextLong(), 100_000_000_000_000_000L));
            default -> String.valueOf(10_000_000_000L + Math.floorMod(random.nextLong(), 9_000_000_000L));
        };
    }

    /** The most recent long run that still fits before now as a 30 km run becomes one. */
    private void addLongRunSpike(List<PlannedRun> result) {
        for (int i = result.size() - 1; i >= 0; i--) {
            PlannedRun run = result.get(i);
            if (run.prescription().kind() != RunKind.LONG) {
                continue;
            }
            SplittableRandom random = new SplittableRandom(run.seed());
            double speed = run.athlete().easySpeedMps() * EffortSegment.speedFactorFor(0.61);
            PlannedRun spike =
                    run.withPrescription(RunPrescription.longRun(secondsFor(SPIKE_LONG_RUN_KM, speed), random));
            if (fits(spike)) {
                result.set(i, spike);
                return;
            }
        }
    }

    /** Strava copies of one mid-history run and the latest run, and a re-send of one upload. */
    private List<RunEdit> duplicateUploads(List<PlannedRun> runs) {
        List<RunEdit> edits = new ArrayList<>();
        closestTo(runs, now.minus(Duration.ofDays(12)), run -> true)
                .ifPresent(run -> edits.add(RunEdit.after(run, RunEdit.Kind.STRAVA_COPY, Duration.ofMinutes(35))));
        closestTo(runs, now.minus(Duration.ofDays(2)), run -> true)
                .ifPresent(run -> edits.add(RunEdit.after(run, RunEdit.Kind.STRAVA_COPY, Duration.ofMinutes(20))));
        closestTo(runs, now.minus(Duration.ofDays(5)), run -> true)
                .ifPresent(run -> edits.add(RunEdit.after(run, RunEdit.Kind.RESEND, Duration.ofHours(4))));
        return edits;
    }

    /** A run about nine days ago arrives three days late; an easy run about 15 days ago has no HR. */
    private void makeLateAndHeartRateLessRuns(List<PlannedRun> result) {
        closestTo(result, now.minus(Duration.ofDays(9)), run -> true)
                .filter(run -> fits(run.uploadedLate(LATE_BY)))
                .ifPresent(late -> result.set(result.indexOf(late), late.uploadedLate(LATE_BY)));
        closestTo(
                        result,
                        now.minus(Duration.ofDays(15)),
                        run -> run.prescription().kind() == RunKind.EASY)
                .ifPresent(bare -> result.set(result.indexOf(bare), bare.withoutHeartRate()));
    }

    /** A run about 20 days ago deleted a day later; a workout about 6 days ago first uploaded as EASY. */
    private List<RunEdit> deletionAndRelabel(List<PlannedRun> runs) {
        List<RunEdit> edits = new ArrayList<>();
        closestTo(runs, now.minus(Duration.ofDays(20)), run -> true)
                .ifPresent(run -> edits.add(RunEdit.after(run, RunEdit.Kind.DELETE, Duration.ofDays(1))));
        closestTo(runs, now.minus(Duration.ofDays(6)), run -> run.prescription().kind() == RunKind.WORKOUT)
                .ifPresent(workout -> {
                    PlannedRun mislabelled = workout.withLabel(PlannedType.EASY);
                    runs.set(runs.indexOf(workout), mislabelled);
                    edits.add(new RunEdit(
                            mislabelled,
                            RunEdit.Kind.RELABEL,
                            mislabelled.uploadAt().plus(Duration.ofHours(5)),
                            PlannedType.WORKOUT));
                });
        return edits;
    }

    private static Optional<PlannedRun> closestTo(List<PlannedRun> runs, Instant when, Predicate<PlannedRun> eligible) {
        return runs.stream()
                .filter(eligible)
                .min(Comparator.comparing(
                        run -> Duration.between(run.start(), when).abs()));
    }

    /**
     * About one undecodable record per athlete every three days, half random bytes and half a
     * truncated encoding of a real sample, so the dead-letter counter moves during a demo.
     */
    private List<Emission> garbage(SimulatedAthlete athlete) {
        List<Emission> garbage = new ArrayList<>();
        long days = Duration.between(historyStart, now).toDays();
        for (int day = 0; day <= days; day++) {
            SplittableRandom random = DeterministicRandom.of(seed, athlete.athleteId(), "garbage", day);
            if (random.nextDouble() >= 0.35) {
                continue;
            }
            Instant at = historyStart.plus(Duration.ofDays(day)).plusSeconds(random.nextInt(86_400));
            if (!at.isAfter(now)) {
                garbage.add(garbageAt(athlete, at, random));
            }
        }
        return garbage;
    }

    static Emission.Garbage garbageAt(SimulatedAthlete athlete, Instant at, SplittableRandom random) {
        double pick = random.nextDouble();
        String topic = pick < 0.7
                ? SimulationSink.HR_SAMPLES
                : pick < 0.9 ? SimulationSink.RUNS : SimulationSink.ATHLETE_PROFILES;
        byte[] value;
        if (random.nextBoolean()) {
            value = new byte[3 + random.nextInt(40)];
            for (int i = 0; i < value.length; i++) {
                value[i] = (byte) random.nextInt(256);
            }
        } else {
            byte[] encoded = encode(new HeartRateSample(
                    athlete.athleteId(),
                    null,
                    athlete.deviceId(),
                    athlete.source(),
                    at,
                    120 + random.nextInt(40),
                    null,
                    null,
                    null,
                    null));
            value = Arrays.copyOf(encoded, encoded.length / 2);
        }
        return new Emission.Garbage(
                at, athlete.athleteId(), topic, athlete.athleteId().getBytes(StandardCharsets.UTF_8), value);
    }

    private static byte[] encode(HeartRateSample sample) {
        try {
            ByteBuffer buffer = HeartRateSample.getEncoder().encode(sample);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
