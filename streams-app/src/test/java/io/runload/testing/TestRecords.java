package io.runload.testing;

import io.runload.avro.AthleteProfile;
import io.runload.avro.HeartRateSample;
import io.runload.avro.PlannedType;
import io.runload.avro.RunEvent;
import io.runload.avro.RunOp;
import io.runload.avro.Sex;
import io.runload.avro.Sport;
import io.runload.avro.WeekStart;
import io.runload.avro.ZoneModel;
import java.time.Instant;
import java.time.LocalDate;

/** Builders of valid input records with sensible defaults, for tests to tweak. */
public final class TestRecords {
    private TestRecords() {}

    public static AthleteProfile.Builder profile(String athleteId) {
        return AthleteProfile.newBuilder()
                .setAthleteId(athleteId)
                .setMaxHr(190)
                .setRestingHr(60)
                .setLthr(null)
                .setBirthYear(1990)
                .setSex(Sex.MALE)
                .setTimezone("UTC")
                .setWeekStart(WeekStart.MONDAY)
                .setZoneModel(ZoneModel.KARVONEN)
                .setEffectiveFrom(LocalDate.of(2020, 1, 1));
    }

    public static HeartRateSample sample(String athleteId, String runId, Instant at, int bpm) {
        return HeartRateSample.newBuilder()
                .setAthleteId(athleteId)
                .setRunId(runId)
                .setDeviceId("watch-1")
                .setSource("garmin")
                .setEventTime(at)
                .setBpm(bpm)
                .setSpeedMps(3.0)
                .setCadenceSpm(170)
                .setRrIntervalsMs(null)
                .build();
    }

    public static RunEvent.Builder run(
            String athleteId, String runId, Instant start, int durationSec, double distanceMeters) {
        return RunEvent.newBuilder()
                .setRunId(runId)
                .setAthleteId(athleteId)
                .setSource("garmin")
                .setExternalId("ext-" + runId)
                .setOp(RunOp.UPSERT)
                .setSport(Sport.RUN)
                .setStartTime(start)
                .setTimezone(null)
                .setDurationSec(durationSec)
                .setMovingTimeSec(durationSec)
                .setDistanceMeters(distanceMeters)
                .setElevationGainMeters(null)
                .setPlannedType(PlannedType.EASY)
                .setUpdatedAt(null);
    }
}
