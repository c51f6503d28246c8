package io.runload.simulator;

import io.runload.avro.AthleteProfile;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Comparator;
import java.util.List;

/**
 * One simulated athlete: the profiles the pipeline sees, plus the traits only the simulator knows
 * (how fast their easy pace is, which device they wear, how they train).
 *
 * @param profiles          profile versions, oldest first; the first is effective from the history start
 * @param samplesCarryRunId false for a device that streams samples without a run id, so the
 *                          pipeline has to match them to runs by time
 * @param easySpeedMps      speed at an easy effort (about 64% HRR)
 * @param climbPerKm        typical elevation gain in metres per kilometre
 */
public record SimulatedAthlete(
        int index,
        String athleteId,
        Scenario scenario,
        List<AthleteProfile> profiles,
        Itinerary itinerary,
        String source,
        String deviceId,
        boolean chestStrap,
        boolean samplesCarryRunId,
        RecordingStyle recordingStyle,
        double easySpeedMps,
        int cadenceOffsetSpm,
        double climbPerKm,
        int runsPerWeek,
        double weeklyKm,
        LocalTime usualStart,
        DayOfWeek longRunDay) {

    public SimulatedAthlete {
        profiles = profiles.stream()
                .sorted(Comparator.comparing(AthleteProfile::getEffectiveFrom))
                .toList();
        if (profiles.isEmpty()) {
            throw new IllegalArgumentException("an athlete needs a profile");
        }
    }

    public AthleteProfile initialProfile() {
        return profiles.get(0);
    }

    /** The profile in force on a local date: the latest one effective on or before it. */
    public AthleteProfile profileOn(LocalDate date) {
        AthleteProfile current = profiles.get(0);
        for (AthleteProfile profile : profiles) {
            if (!profile.getEffectiveFrom().isAfter(date)) {
                current = profile;
            }
        }
        return current;
    }

    public DayOfWeek weekStartDay() {
        return switch (initialProfile().getWeekStart()) {
            case SUNDAY -> DayOfWeek.SUNDAY;
            case MONDAY -> DayOfWeek.MONDAY;
        };
    }
}
