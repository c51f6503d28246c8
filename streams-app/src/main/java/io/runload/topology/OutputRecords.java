package io.runload.topology;

import io.runload.avro.IntensityClass;
import io.runload.avro.RunEvent;
import io.runload.avro.RunStatus;
import io.runload.avro.RunSummary;
import io.runload.avro.WeeklyVolume;
import io.runload.domain.RunEffort;
import io.runload.domain.WeeklyTotals;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/** Builds the output Avro records from domain results. */
final class OutputRecords {
    private OutputRecords() {}

    static RunSummary runSummary(
            ObservedRun observed,
            double load,
            boolean loadEstimated,
            RunStatus status,
            String duplicateOf,
            List<String> extraFlags) {
        RunEvent run = observed.event();
        RunEffort effort = observed.effort();
        List<String> flags = new ArrayList<>(effort == null ? List.of("NO_HR") : effort.qualityFlags());
        for (String f : extraFlags) {
            if (!flags.contains(f)) {
                flags.add(f);
            }
        }
        int moving = run.getMovingTimeSec() == null || run.getMovingTimeSec() == 0
                ? run.getDurationSec()
                : run.getMovingTimeSec();
        return RunSummary.newBuilder()
                .setAthleteId(run.getAthleteId())
                .setRunId(run.getRunId())
                .setSource(run.getSource())
                .setExternalId(run.getExternalId())
                .setStatus(status)
                .setDuplicateOf(duplicateOf)
                .setSport(run.getSport())
                .setStartTime(run.getStartTime())
                .setTimezone(observed.zone().getId())
                .setLocalDate(observed.localDate())
                .setDurationSec(run.getDurationSec())
                .setMovingTimeSec(moving)
                .setDistanceMeters(run.getDistanceMeters())
                .setPlannedType(run.getPlannedType())
                .setLoad(load)
                .setLoadEstimated(loadEstimated)
                .setMaxHrEstimated(observed.profile().maxHrEstimated())
                .setTimeInZoneSec(effort == null ? List.of(0, 0, 0, 0, 0) : boxed(effort.timeInZoneSec()))
                .setAvgHr(effort == null ? null : effort.avgHr())
                .setMaxHr(effort == null ? null : effort.maxHr())
                .setIntensity(effort == null ? IntensityClass.UNKNOWN : effort.intensity())
                .setDecouplingPct(effort == null ? null : effort.decouplingPct())
                .setEfficiencyFactor(effort == null ? null : effort.efficiencyFactor())
                .setHrCoverage(effort == null ? 0.0 : effort.hrCoverage())
                .setSamplesAboveProfileMax(effort == null ? 0 : effort.samplesAboveProfileMax())
                .setQualityFlags(flags)
                .setUpdatedAt(Instant.ofEpochMilli(observed.endMillis()))
                .build();
    }

    /** A stored summary with a new status, for runs whose status another run's arrival changed. */
    static RunSummary withStatus(RunSummary previous, RunStatus status, String duplicateOf, long eventTimeMillis) {
        return RunSummary.newBuilder(previous)
                .setStatus(status)
                .setDuplicateOf(duplicateOf)
                .setUpdatedAt(Instant.ofEpochMilli(eventTimeMillis))
                .build();
    }

    static WeeklyVolume weeklyVolume(String athleteId, ZoneId zone, WeeklyTotals w, long eventTimeMillis) {
        return WeeklyVolume.newBuilder()
                .setAthleteId(athleteId)
                .setWeekStart(w.weekStart())
                .setTimezone(zone.getId())
                .setAsOf(w.asOf())
                .setDistanceMeters(w.distanceMeters())
                .setMovingTimeSec(w.movingTimeSec())
                .setRuns(w.runs())
                .setLoad(w.load())
                .setRolling7DistanceMeters(w.rolling7DistanceMeters())
                .setRolling7MovingTimeSec(w.rolling7MovingTimeSec())
                .setRolling7Runs(w.rolling7Runs())
                .setRolling7Load(w.rolling7Load())
                .setPreviousWeekDistanceMeters(w.previousWeekDistanceMeters())
                .setWeekOverWeekChangePct(w.weekOverWeekChangePct())
                .setCtl(w.ctl())
                .setAtl(w.atl())
                .setTsb(w.tsb())
                .setAcwr(w.acwr())
                .setMonotony(w.monotony())
                .setStrain(w.strain())
                .setEasyShare(w.easyShare())
                .setUpdatedAt(Instant.ofEpochMilli(eventTimeMillis))
                .build();
    }

    private static List<Integer> boxed(int[] values) {
        List<Integer> out = new ArrayList<>(values.length);
        for (int v : values) {
            out.add(v);
        }
        return out;
    }
}
