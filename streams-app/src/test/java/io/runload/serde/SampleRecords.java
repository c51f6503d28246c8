package io.runload.serde;

import io.runload.avro.AlertSeverity;
import io.runload.avro.AlertType;
import io.runload.avro.AthleteAlert;
import io.runload.avro.AthleteProfile;
import io.runload.avro.HeartRateSample;
import io.runload.avro.IntensityClass;
import io.runload.avro.PlannedType;
import io.runload.avro.RunEvent;
import io.runload.avro.RunOp;
import io.runload.avro.RunStatus;
import io.runload.avro.RunSummary;
import io.runload.avro.Sex;
import io.runload.avro.Sport;
import io.runload.avro.WeekStart;
import io.runload.avro.WeeklyVolume;
import io.runload.avro.ZoneModel;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/**
 * Realistic records of every schema: a "full" one with every optional field set, and a "sparse"
 * one with every nullable field null and collections empty, so round trips cover both union
 * branches, logical types, arrays and maps.
 */
final class SampleRecords {

    static final Instant RUN_START = Instant.parse("2026-03-14T07:05:00Z");

    static {
        // Builders fill enum defaults through Avro's class loading, which needs the trust first.
        AvroClassTrust.install();
    }

    private SampleRecords() {}

    static HeartRateSample fullHeartRateSample() {
        return HeartRateSample.newBuilder()
                .setAthleteId("ath-0042")
                .setRunId("run-20260314-0042")
                .setDeviceId("garmin-fr965-3391")
                .setSource("garmin")
                .setEventTime(Instant.parse("2026-03-14T07:12:31.250Z"))
                .setBpm(152)
                .setSpeedMps(3.21)
                .setCadenceSpm(172)
                .setRrIntervalsMs(List.of(395, 402, 388))
                .build();
    }

    static HeartRateSample sparseHeartRateSample() {
        return HeartRateSample.newBuilder()
                .setAthleteId("ath-0042")
                .setRunId(null)
                .setDeviceId("polar-h10-77")
                .setSource("polar")
                .setEventTime(Instant.parse("2026-03-14T07:12:32Z"))
                .setBpm(148)
                .build();
    }

    static RunEvent fullRunEvent() {
        return RunEvent.newBuilder()
                .setRunId("run-20260314-0042")
                .setAthleteId("ath-0042")
                .setSource("garmin")
                .setExternalId("18273645501")
                .setOp(RunOp.UPSERT)
                .setSport(Sport.TRAIL_RUN)
                .setStartTime(RUN_START)
                .setTimezone("Europe/Zurich")
                .setDurationSec(5423)
                .setMovingTimeSec(5210)
                .setDistanceMeters(14230.5)
                .setElevationGainMeters(612.0)
                .setPlannedType(PlannedType.LONG)
                .setUpdatedAt(Instant.parse("2026-03-14T09:01:12.001Z"))
                .build();
    }

    static RunEvent sparseRunEvent() {
        return RunEvent.newBuilder()
                .setRunId("run-20260310-0007")
                .setAthleteId("ath-0042")
                .setSource("strava")
                .setExternalId("9911")
                .setOp(RunOp.DELETE)
                .setSport(Sport.RUN)
                .setStartTime(Instant.parse("2026-03-10T17:30:00Z"))
                .setDurationSec(0)
                .setDistanceMeters(0.0)
                .build();
    }

    static AthleteProfile fullAthleteProfile() {
        return AthleteProfile.newBuilder()
                .setAthleteId("ath-0042")
                .setMaxHr(188)
                .setRestingHr(48)
                .setLthr(171)
                .setBirthYear(1987)
                .setSex(Sex.FEMALE)
                .setTimezone("America/Denver")
                .setWeekStart(WeekStart.SUNDAY)
                .setZoneModel(ZoneModel.LTHR_FRIEL)
                .setEffectiveFrom(LocalDate.of(2026, 1, 5))
                .build();
    }

    /** Only the required fields: the builder fills the schema defaults (UNKNOWN, UTC, MONDAY, KARVONEN). */
    static AthleteProfile sparseAthleteProfile() {
        return AthleteProfile.newBuilder()
                .setAthleteId("ath-0099")
                .setEffectiveFrom(LocalDate.of(1970, 1, 1))
                .build();
    }

    static RunSummary fullRunSummary() {
        return RunSummary.newBuilder()
                .setAthleteId("ath-0042")
                .setRunId("run-20260314-0042b")
                .setSource("strava")
                .setExternalId("strava-55120")
                .setStatus(RunStatus.DUPLICATE)
                .setDuplicateOf("run-20260314-0042")
                .setSport(Sport.TRAIL_RUN)
                .setStartTime(RUN_START)
                .setTimezone("Europe/Zurich")
                .setLocalDate(LocalDate.of(2026, 3, 14))
                .setDurationSec(5423)
                .setMovingTimeSec(5210)
                .setDistanceMeters(14230.5)
                .setPlannedType(PlannedType.LONG)
                .setLoad(118.37)
                .setLoadEstimated(false)
                .setMaxHrEstimated(true)
                .setTimeInZoneSec(List.of(600, 1800, 1500, 900, 223))
                .setAvgHr(149.6)
                .setMaxHr(181)
                .setIntensity(IntensityClass.MODERATE)
                .setDecouplingPct(4.2)
                .setEfficiencyFactor(1.31)
                .setHrCoverage(0.97)
                .setSamplesAboveProfileMax(3)
                .setQualityFlags(List.of("HR_JUMPS", "LOW_HR_COVERAGE"))
                .setUpdatedAt(Instant.parse("2026-03-14T09:01:12.001Z"))
                .build();
    }

    static RunSummary sparseRunSummary() {
        return RunSummary.newBuilder()
                .setAthleteId("ath-0042")
                .setRunId("run-20260311-0008")
                .setSource("manual")
                .setExternalId("m-1")
                .setStatus(RunStatus.COUNTED)
                .setSport(Sport.TREADMILL_RUN)
                .setStartTime(Instant.parse("2026-03-11T05:45:00Z"))
                .setTimezone("UTC")
                .setLocalDate(LocalDate.of(2026, 3, 11))
                .setDurationSec(2700)
                .setMovingTimeSec(2700)
                .setDistanceMeters(7500.0)
                .setLoad(41.5)
                .setLoadEstimated(true)
                .setMaxHrEstimated(false)
                .setTimeInZoneSec(List.of(0, 0, 0, 0, 0))
                .setIntensity(IntensityClass.UNKNOWN)
                .setHrCoverage(0.0)
                .setQualityFlags(List.of())
                .setUpdatedAt(Instant.parse("2026-03-11T06:31:00Z"))
                .build();
    }

    static WeeklyVolume fullWeeklyVolume() {
        return WeeklyVolume.newBuilder()
                .setAthleteId("ath-0042")
                .setWeekStart(LocalDate.of(2026, 3, 9))
                .setTimezone("Europe/Zurich")
                .setAsOf(LocalDate.of(2026, 3, 15))
                .setDistanceMeters(62400.0)
                .setMovingTimeSec(22_850L)
                .setRuns(6)
                .setLoad(412.8)
                .setRolling7DistanceMeters(62400.0)
                .setRolling7MovingTimeSec(22_850L)
                .setRolling7Runs(6)
                .setRolling7Load(412.8)
                .setPreviousWeekDistanceMeters(44000.0)
                .setWeekOverWeekChangePct(41.82)
                .setCtl(48.3)
                .setAtl(61.7)
                .setTsb(-13.4)
                .setAcwr(1.28)
                .setMonotony(1.9)
                .setStrain(784.3)
                .setEasyShare(0.74)
                .setUpdatedAt(Instant.parse("2026-03-15T18:20:00Z"))
                .build();
    }

    static WeeklyVolume sparseWeeklyVolume() {
        return WeeklyVolume.newBuilder()
                .setAthleteId("ath-0100")
                .setWeekStart(LocalDate.of(2026, 3, 8))
                .setTimezone("America/New_York")
                .setAsOf(LocalDate.of(2026, 3, 10))
                .setDistanceMeters(0.0)
                .setMovingTimeSec(0L)
                .setRuns(0)
                .setLoad(0.0)
                .setRolling7DistanceMeters(0.0)
                .setRolling7MovingTimeSec(0L)
                .setRolling7Runs(0)
                .setRolling7Load(0.0)
                .setPreviousWeekDistanceMeters(0.0)
                .setCtl(0.0)
                .setAtl(0.0)
                .setTsb(0.0)
                .setUpdatedAt(Instant.parse("2026-03-10T00:00:00Z"))
                .build();
    }

    static AthleteAlert fullAthleteAlert() {
        Map<String, Double> evidence = new LinkedHashMap<>();
        evidence.put("weekDistanceKm", 62.4);
        evidence.put("previousWeekDistanceKm", 44.0);
        evidence.put("changePct", 41.82);
        return AthleteAlert.newBuilder()
                .setAlertId("ath-0042:VOLUME_SPIKE:2026-W11")
                .setAthleteId("ath-0042")
                .setType(AlertType.VOLUME_SPIKE)
                .setSeverity(AlertSeverity.WARNING)
                .setPeriod("2026-W11")
                .setEventTime(Instant.parse("2026-03-14T07:05:00Z"))
                .setDetectedAt(Instant.parse("2026-03-14T09:01:13.456Z"))
                .setRunId("run-20260314-0042")
                .setMessage("Weekly distance is up 42% on last week (62.4 km vs 44.0 km); keep increases near 10%.")
                .setEvidence(evidence)
                .build();
    }

    static AthleteAlert sparseAthleteAlert() {
        return AthleteAlert.newBuilder()
                .setAlertId("ath-0042:RECOVERY_DEFICIT:2026-03-15")
                .setAthleteId("ath-0042")
                .setType(AlertType.RECOVERY_DEFICIT)
                .setSeverity(AlertSeverity.INFO)
                .setPeriod("2026-03-15")
                .setEventTime(Instant.parse("2026-03-15T00:00:00Z"))
                .setDetectedAt(Instant.parse("2026-03-15T00:00:01Z"))
                .setMessage("Form is low.")
                .setEvidence(Map.of())
                .build();
    }

    static List<SpecificRecord> all() {
        return List.of(
                fullHeartRateSample(),
                sparseHeartRateSample(),
                fullRunEvent(),
                sparseRunEvent(),
                fullAthleteProfile(),
                sparseAthleteProfile(),
                fullRunSummary(),
                sparseRunSummary(),
                fullWeeklyVolume(),
                sparseWeeklyVolume(),
                fullAthleteAlert(),
                sparseAthleteAlert());
    }
}
