package io.runload.simulator;

import static io.runload.simulator.DeterministicRandom.uniform;

import io.runload.avro.AthleteProfile;
import io.runload.avro.Sex;
import io.runload.avro.WeekStart;
import io.runload.avro.ZoneModel;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Creates the simulated athletes of a plan, the same ones for the same seed. */
final class AthleteRoster {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final List<ZoneId> HOME_ZONES =
            List.of(BERLIN, NEW_YORK, ZoneId.of("Asia/Tokyo"), ZoneId.of("Australia/Sydney"));
    private static final List<String> SOURCES = List.of("garmin", "polar", "coros", "garmin");

    /** Day of the history on which the traveller flies out, and back. */
    static final int TRAVEL_OUT_DAY = 16;

    static final int TRAVEL_BACK_DAY = 30;
    /** Day of the history on which the volume-jump athlete's resting HR is re-measured. */
    static final int PROFILE_CHANGE_DAY = 21;

    private AthleteRoster() {}

    static List<SimulatedAthlete> create(SimulationPlan plan, Instant historyStart) {
        List<SimulatedAthlete> athletes = new ArrayList<>();
        for (int index = 0; index < plan.athletes(); index++) {
            athletes.add(create(plan.seed(), index, historyStart, plan.clock().instant()));
        }
        return athletes;
    }

    private static SimulatedAthlete create(long seed, int index, Instant historyStart, Instant now) {
        SplittableRandom random = DeterministicRandom.of(seed, "athlete", index);
        String athleteId = String.format("sim-%04d", index + 1);
        Scenario scenario = Scenario.forIndex(index);

        Itinerary itinerary = scenario == Scenario.TRAVELLER
                ? Itinerary.trip(BERLIN, NEW_YORK, TRAVEL_OUT_DAY, TRAVEL_BACK_DAY)
                : Itinerary.stayingIn(HOME_ZONES.get(index % HOME_ZONES.size()));
        ZoneId home = itinerary.home();

        int currentYear = now.atZone(home).getYear();
        int birthYear = currentYear - 22 - random.nextInt(29);
        int age = currentYear - birthYear;
        // Individual max HR scatters widely around Tanaka (208 - 0.7 * age, docs/domain.md).
        int maxHr = clamp((int) Math.round(208 - 0.7 * age + uniform(random, -3, 14)), 175, 200);
        int restingHr = 45 + random.nextInt(21);
        Sex sex = index % 10 == 9 ? Sex.UNKNOWN : (random.nextBoolean() ? Sex.MALE : Sex.FEMALE);
        WeekStart weekStart =
                scenario == Scenario.EDITED_RUNS || index % 12 == 10 ? WeekStart.SUNDAY : WeekStart.MONDAY;
        boolean friel = scenario == Scenario.LONG_RUN_SPIKE;
        Integer lthr = friel ? (int) Math.round(restingHr + 0.87 * (maxHr - restingHr)) : null;

        LocalDate firstDay = historyStart.atZone(home).toLocalDate();
        List<AthleteProfile> profiles = new ArrayList<>();
        AthleteProfile initial = new AthleteProfile(
                athleteId,
                maxHr,
                restingHr,
                lthr,
                birthYear,
                sex,
                home.getId(),
                weekStart,
                friel ? ZoneModel.LTHR_FRIEL : ZoneModel.KARVONEN,
                firstDay);
        profiles.add(initial);
        if (scenario == Scenario.VOLUME_JUMP) {
            // Re-measured resting HR; mostly lower, as it is after a few weeks of base training.
            // Not AthleteProfile.newBuilder(initial): its enum deep copy trips Avro 1.12's class allow-list.
            AthleteProfile remeasured = new AthleteProfile(
                    athleteId,
                    maxHr,
                    restingHr >= 50 ? restingHr - 4 : restingHr + 3,
                    lthr,
                    birthYear,
                    sex,
                    home.getId(),
                    weekStart,
                    initial.getZoneModel(),
                    firstDay.plusDays(PROFILE_CHANGE_DAY));
            profiles.add(remeasured);
        }

        String source = scenario == Scenario.DUPLICATE_UPLOADS ? "garmin" : SOURCES.get(index % SOURCES.size());
        String device = switch (source) {
            case "polar" -> "polar-h10-";
            case "coros" -> "coros-pace3-";
            default -> "garmin-fr265-";
        };
        String deviceId = device + String.format("%06x", random.nextInt(1 << 24));
        RecordingStyle style = index % 5 == 3 ? RecordingStyle.SMART : RecordingStyle.MOSTLY_ONE_HZ;

        int runsPerWeek = switch (scenario) {
            case VOLUME_JUMP -> 5;
            case OVERREACHING -> 4;
            default -> 4 + random.nextInt(3);
        };
        double weeklyKm = uniform(random, 30, 55);
        LocalTime start = random.nextDouble() < 0.6
                ? LocalTime.of(6, 0).plusMinutes(random.nextInt(91))
                : LocalTime.of(17, 30).plusMinutes(random.nextInt(91));
        DayOfWeek longRunDay = random.nextBoolean() ? DayOfWeek.SUNDAY : DayOfWeek.SATURDAY;

        return new SimulatedAthlete(
                index,
                athleteId,
                scenario,
                profiles,
                itinerary,
                source,
                deviceId,
                source.equals("polar"),
                scenario != Scenario.EDITED_RUNS,
                style,
                uniform(random, 2.6, 3.3),
                random.nextInt(13) - 6,
                uniform(random, 3, 15),
                runsPerWeek,
                weeklyKm,
                start,
                longRunDay);
    }

    private static int clamp(int value, int min, int max) {
        return Math.max(min, Math.min(max, value));
    }
}
