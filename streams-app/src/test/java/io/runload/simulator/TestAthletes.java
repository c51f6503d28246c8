package io.runload.simulator;

import io.runload.avro.AthleteProfile;
import io.runload.avro.PlannedType;
import io.runload.avro.Sex;
import io.runload.avro.WeekStart;
import io.runload.avro.ZoneModel;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;

/** A hand-made athlete with round numbers: resting 60, max 190 (reserve 130), easy speed 3.0 m/s. */
final class TestAthletes {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final Instant START = Instant.parse("2026-11-20T07:00:00Z");

    private TestAthletes() {}

    static SimulatedAthlete athlete(boolean chestStrap) {
        AthleteProfile profile = new AthleteProfile(
                "test-0001",
                190,
                60,
                null,
                1990,
                Sex.MALE,
                BERLIN.getId(),
                WeekStart.MONDAY,
                ZoneModel.KARVONEN,
                LocalDate.of(2026, 10, 1));
        return new SimulatedAthlete(
                0,
                "test-0001",
                Scenario.STEADY,
                List.of(profile),
                Itinerary.stayingIn(BERLIN),
                chestStrap ? "polar" : "garmin",
                "dev-1",
                chestStrap,
                true,
                RecordingStyle.STRICT_ONE_HZ,
                3.0,
                0,
                10,
                5,
                40,
                LocalTime.of(7, 0),
                DayOfWeek.SUNDAY);
    }

    static PlannedRun run(RunPrescription prescription, RecordingStyle style, long seed) {
        return run(athlete(false), prescription, style, seed);
    }

    static PlannedRun run(SimulatedAthlete athlete, RunPrescription prescription, RecordingStyle style, long seed) {
        return new PlannedRun(
                athlete,
                "test-0001-r001",
                "123",
                START,
                BERLIN,
                LocalDate.of(2026, 11, 20),
                prescription,
                PlannedType.EASY,
                true,
                style,
                Duration.ofMinutes(2),
                Duration.ZERO,
                seed);
    }
}
