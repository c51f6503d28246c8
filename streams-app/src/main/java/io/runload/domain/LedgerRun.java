package io.runload.domain;

import io.runload.avro.IntensityClass;
import io.runload.avro.PlannedType;
import io.runload.avro.Sport;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.Objects;

/**
 * One run as the training ledger sees it: identity, volume, load and the heart-rate figures the
 * weekly rules need. {@code localDate} is the date at the run's start in the athlete's time zone,
 * resolved by the caller.
 *
 * @param uploadKey {@link UploadKey} of {@code (source, externalId)}: exact dedup only compares it
 * @param efficiencyFactor mean speed over mean HR, null when speed or HR is missing
 * @param plannedType null when the athlete did not say
 * @param hrCoverage share of the run covered by valid heart-rate samples, 0..1
 */
public record LedgerRun(
        String runId,
        String source,
        long uploadKey,
        Sport sport,
        long startMillis,
        int durationSec,
        int movingTimeSec,
        double distanceMeters,
        LocalDate localDate,
        double load,
        boolean loadEstimated,
        long hrSeconds,
        long easySeconds,
        Double efficiencyFactor,
        IntensityClass intensity,
        PlannedType plannedType,
        double hrCoverage) {

    /**
     * Orders two uploads of the same run, richest first, so that fuzzy dedup keeps the better one
     * whatever the arrival order. The final runId tie-break only makes the order total.
     */
    public static final Comparator<LedgerRun> RICHEST_FIRST = Comparator.comparingDouble(LedgerRun::hrCoverage)
            .reversed()
            .thenComparing(LedgerRun::loadEstimated)
            .thenComparing(
                    Comparator.comparingInt(LedgerRun::populatedFieldCount).reversed())
            .thenComparing(LedgerRun::source)
            .thenComparing(LedgerRun::runId);

    public LedgerRun {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(sport, "sport");
        Objects.requireNonNull(localDate, "localDate");
        Objects.requireNonNull(intensity, "intensity");
        if (durationSec < 0 || movingTimeSec < 0 || distanceMeters < 0 || load < 0) {
            throw new IllegalArgumentException("negative duration, distance or load in run " + runId);
        }
        if (hrSeconds < 0 || easySeconds < 0 || easySeconds > hrSeconds || hrSeconds > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("inconsistent HR seconds in run " + runId);
        }
    }

    /** A run as uploaded: its external id is kept only as the key exact dedup compares. */
    public LedgerRun(
            String runId,
            String source,
            String externalId,
            Sport sport,
            long startMillis,
            int durationSec,
            int movingTimeSec,
            double distanceMeters,
            LocalDate localDate,
            double load,
            boolean loadEstimated,
            long hrSeconds,
            long easySeconds,
            Double efficiencyFactor,
            IntensityClass intensity,
            PlannedType plannedType,
            double hrCoverage) {
        this(
                runId,
                source,
                UploadKey.of(
                        Objects.requireNonNull(source, "source"), Objects.requireNonNull(externalId, "externalId")),
                sport,
                startMillis,
                durationSec,
                movingTimeSec,
                distanceMeters,
                localDate,
                load,
                loadEstimated,
                hrSeconds,
                easySeconds,
                efficiencyFactor,
                intensity,
                plannedType,
                hrCoverage);
    }

    /** Optional facts this upload carries; the upload with more of them is the richer one. */
    public int populatedFieldCount() {
        int count = 0;
        if (distanceMeters > 0) count++;
        if (movingTimeSec > 0) count++;
        if (hrSeconds > 0) count++;
        if (efficiencyFactor != null) count++;
        if (plannedType != null) count++;
        return count;
    }

    /** Moving time when known, else elapsed time: the minutes load-per-minute figures refer to. */
    public double activeMinutes() {
        return (movingTimeSec > 0 ? movingTimeSec : durationSec) / 60.0;
    }

    public LedgerRun withRunId(String newRunId) {
        return with(newRunId, load, efficiencyFactor, hrCoverage);
    }

    public LedgerRun withLoad(double newLoad) {
        return with(runId, newLoad, efficiencyFactor, hrCoverage);
    }

    public LedgerRun withEfficiencyFactor(Double newEfficiencyFactor) {
        return with(runId, load, newEfficiencyFactor, hrCoverage);
    }

    public LedgerRun withHrCoverage(double newHrCoverage) {
        return with(runId, load, efficiencyFactor, newHrCoverage);
    }

    /** The one place a copy lists every field, so a new field cannot be dropped by one of the withers. */
    private LedgerRun with(String newRunId, double newLoad, Double newEfficiencyFactor, double newHrCoverage) {
        return new LedgerRun(
                newRunId,
                source,
                uploadKey,
                sport,
                startMillis,
                durationSec,
                movingTimeSec,
                distanceMeters,
                localDate,
                newLoad,
                loadEstimated,
                hrSeconds,
                easySeconds,
                newEfficiencyFactor,
                intensity,
                plannedType,
                newHrCoverage);
    }
}
