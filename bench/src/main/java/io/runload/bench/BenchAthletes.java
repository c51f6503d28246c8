package io.runload.bench;

import io.runload.avro.AthleteProfile;
import io.runload.avro.HeartRateSample;
import io.runload.avro.RunEvent;
import io.runload.avro.RunOp;
import io.runload.avro.Sex;
import io.runload.avro.Sport;
import io.runload.avro.WeekStart;
import io.runload.avro.ZoneModel;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The benchmark's synthetic population: ids, profiles, a history of past runs and the heart rate of
 * one run in progress. Everything is a pure function of (athlete, index), so that a producer can
 * stream millions of samples without holding them, and every run of the benchmark sees the same data.
 *
 * <p>Profiles are resting 60 / max 190 (Karvonen easy ceiling 151 bpm). Steady runs stay between
 * about 124 and 146 bpm, so they are easy and raise no live alert; see {@link EasyRunTurningHard}
 * for the runs that must.
 */
final class BenchAthletes {
    static final int MAX_HR = 190;
    static final int RESTING_HR = 60;

    private final int count;
    /** Built once: the producers ask for an athlete's id for every sample they send. */
    private final String[] ids;

    private final String[] liveRunIds;

    BenchAthletes(String prefix, int count) {
        this.count = count;
        this.ids = new String[count];
        this.liveRunIds = new String[count];
        for (int i = 0; i < count; i++) {
            ids[i] = prefix + String.format("%07d", i);
            liveRunIds[i] = ids[i] + "-live";
        }
    }

    int count() {
        return count;
    }

    String id(int athlete) {
        return ids[athlete];
    }

    AthleteProfile profile(int athlete) {
        return AthleteProfile.newBuilder()
                .setAthleteId(id(athlete))
                .setMaxHr(MAX_HR)
                .setRestingHr(RESTING_HR)
                .setLthr(null)
                .setBirthYear(1985 + athlete % 20)
                .setSex(athlete % 2 == 0 ? Sex.MALE : Sex.FEMALE)
                .setTimezone("UTC")
                .setWeekStart(WeekStart.MONDAY)
                .setZoneModel(ZoneModel.KARVONEN)
                .setEffectiveFrom(LocalDate.of(2020, 1, 1))
                .build();
    }

    /**
     * Past run {@code k} of {@code runs} (0 = oldest), one every third day up to yesterday, at
     * 07:00 UTC: 45 to 60 minutes and about 10 km/h. No heart rate: like a manual upload.
     */
    RunEvent historyRun(int athlete, int k, int runs, LocalDate today) {
        LocalDate day = today.minusDays(3L * (runs - k));
        Instant start = day.atTime(7, 0).toInstant(ZoneOffset.UTC);
        int duration = 2700 + (athlete * 7 + k * 13) % 900;
        String runId = id(athlete) + "-h" + String.format("%03d", k);
        return RunEvent.newBuilder()
                .setRunId(runId)
                .setAthleteId(id(athlete))
                .setSource("garmin")
                .setExternalId("ext-" + runId)
                .setOp(RunOp.UPSERT)
                .setSport(Sport.RUN)
                .setStartTime(start)
                .setTimezone(null)
                .setDurationSec(duration)
                .setMovingTimeSec(duration - 60)
                .setDistanceMeters(duration * 2.8)
                .setElevationGainMeters(40.0)
                .setPlannedType(null)
                .setUpdatedAt(null)
                .build();
    }

    String liveRunId(int athlete) {
        return liveRunIds[athlete];
    }

    /**
     * Fills {@code into} with second {@code t} of the athlete's run in progress (started at
     * {@code runStartMillis}). The record is reused: the serializer copies it out at once.
     */
    void steadySample(HeartRateSample into, int athlete, long t, long runStartMillis) {
        into.setAthleteId(id(athlete));
        into.setRunId(liveRunId(athlete));
        into.setDeviceId("watch-" + athlete % 97);
        into.setSource("garmin");
        into.setEventTime(Instant.ofEpochMilli(runStartMillis + t * 1000));
        // A slow drift plus a little beat-to-beat noise, always inside the easy zones.
        int drift = (int) Math.round(8 * Math.sin((t + athlete * 37L) / 90.0));
        int noise = (int) ((t * 31 + athlete * 17L) % 7) - 3;
        into.setBpm(135 + drift + noise);
        into.setSpeedMps(2.9 + ((t + athlete) % 5) * 0.05);
        into.setCadenceSpm(166 + (int) ((t + athlete) % 9));
        into.setRrIntervalsMs(null);
        into.setPlannedType(null);
    }

    static HeartRateSample blankSample() {
        return HeartRateSample.newBuilder()
                .setAthleteId("")
                .setDeviceId("")
                .setSource("")
                .setEventTime(Instant.EPOCH)
                .setBpm(0)
                .build();
    }
}
