package io.runload.domain;

import io.runload.avro.LoadSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Load of a run whose heart rate covers only part of it (a strap that died, a watch that lost
 * contact) or none of it. The TRIMP measured over the covered part is kept exactly, and the
 * uncovered minutes are filled from the athlete's own pace-to-load relation ({@link PaceLoadModel}),
 * at the pace of the uncovered part:
 * <ol>
 *   <li>fitted on the covered minutes of the same run, when they have speed;</li>
 *   <li>else fitted on the athlete's earlier runs with measured load (load per minute against
 *       average speed), when the run's pace lies within their range;</li>
 *   <li>else the duration estimate, as before: it replaces a TRIMP that covers less than half of the
 *       run when it is larger.</li>
 * </ol>
 * The uncovered part's pace is its distance (the run's distance less the distance covered during
 * the heart-rate minutes) over its time (active time less heart-rate time).
 *
 * <p>Confidence: each covered minute counts 1, each filled minute {@link #RUN_MODEL_WEIGHT} (same
 * run) or {@link #HISTORY_MODEL_WEIGHT} (earlier runs) times the model's {@link PaceLoadModel#quality()}.
 * So a fully covered run has confidence 1, and an unfilled partial TRIMP its coverage (the rest of
 * the run is missing from it). The duration estimate has {@link #DURATION_ESTIMATE_CONFIDENCE}.
 */
public final class PartialHeartRateFill {

    /** Less uncovered time than this is left unfilled: dropouts of a few seconds are not worth a model. */
    public static final int MIN_FILL_SEC = 60;
    /** Heart rate lags a change of pace by about a minute, so the first minutes of a run say little about pace. */
    public static final long FIT_SKIP_MILLIS = 3 * 60_000L;
    /** A minute bucket joins the fit with at least this much heart rate, and speed over half of it. */
    public static final long FIT_MIN_BUCKET_MILLIS = 30_000L;

    public static final double RUN_FIT_MIN_MINUTES = 5;
    public static final int HISTORY_MIN_RUNS = 3;
    /** Earlier runs join the history fit when their load is measured over nearly all of them. */
    public static final double HISTORY_MIN_COVERAGE = 0.9;

    public static final double HISTORY_MIN_RUN_MINUTES = 10;
    public static final double RUN_MODEL_WEIGHT = 0.8;
    public static final double HISTORY_MODEL_WEIGHT = 0.6;
    public static final double DURATION_ESTIMATE_CONFIDENCE = 0.25;
    /** Below half coverage, an unfilled TRIMP undercounts the run: the larger duration estimate replaces it. */
    public static final double MIN_COVERAGE_FOR_UNFILLED_TRIMP = 0.5;

    private static final double MAX_SPEED_MPS = RunHeartRateAccumulator.MAX_PLAUSIBLE_SPEED_MPS;

    private PartialHeartRateFill() {}

    /** What is known of one run. */
    public record Run(long startMillis, int activeSec, double distanceMeters) {}

    /**
     * The run's load: the measured TRIMP, with any uncovered part filled as the class describes.
     *
     * @param effort the run's heart-rate effort, null without heart rate
     * @param minutes the run's minute buckets, empty without heart rate
     * @param earlierRuns the athlete's runs; only counted ones that started before this run are used
     * @param durationEstimate the duration-based estimate for the run's active minutes
     */
    public static RunLoad resolve(
            Run run,
            RunEffort effort,
            List<MinuteBucket> minutes,
            ResolvedProfile profile,
            List<LedgerRun> earlierRuns,
            double durationEstimate) {
        double coverage = effort == null ? 0.0 : effort.hrCoverage();
        double measured = effort == null ? 0.0 : effort.trimp();
        long hrSec = effort == null ? 0 : effort.hrSeconds();
        long uncoveredSec = run.activeSec() - hrSec;
        if (effort != null && (coverage >= 1.0 || uncoveredSec < MIN_FILL_SEC)) {
            return new RunLoad(measured, LoadSource.MEASURED, coverage, false);
        }
        Optional<PaceLoadModel> history = historyModel(earlierRuns, run.startMillis());
        double speed = uncoveredSpeed(run, minutes, uncoveredSec);
        if (Double.isFinite(speed) && uncoveredSec > 0) {
            double fallbackSlope = history.filter(PaceLoadModel::slopeFitted)
                    .map(PaceLoadModel::slope)
                    .orElse(PaceLoadModel.TYPICAL_SLOPE);
            Optional<PaceLoadModel> sameRun = sameRunModel(minutes, profile, run.startMillis(), fallbackSlope);
            if (sameRun.isPresent()) {
                return filled(measured, coverage, uncoveredSec, speed, sameRun.get(), RUN_MODEL_WEIGHT);
            }
            if (history.isPresent() && history.get().covers(speed)) {
                return filled(measured, coverage, uncoveredSec, speed, history.get(), HISTORY_MODEL_WEIGHT);
            }
        }
        if (effort == null || (coverage < MIN_COVERAGE_FOR_UNFILLED_TRIMP && durationEstimate > measured)) {
            return new RunLoad(durationEstimate, LoadSource.DURATION_ESTIMATE, DURATION_ESTIMATE_CONFIDENCE, true);
        }
        return new RunLoad(measured, LoadSource.MEASURED, coverage, coverage < MIN_COVERAGE_FOR_UNFILLED_TRIMP);
    }

    private static RunLoad filled(
            double measured, double coverage, long uncoveredSec, double speed, PaceLoadModel model, double weight) {
        double value = measured + uncoveredSec / 60.0 * model.loadPerMinuteAt(speed);
        double confidence = coverage + (1 - coverage) * weight * model.quality();
        return new RunLoad(
                value, LoadSource.PACE_MODEL, Math.min(1.0, confidence), coverage < MIN_COVERAGE_FOR_UNFILLED_TRIMP);
    }

    /**
     * Distance over time of the part without heart rate. The covered part's distance is what its
     * speed readings add up to, its minutes without speed taken at the covered mean speed. Falls
     * back to the run's average pace when the covered part has no speed, and to the covered mean
     * speed when the remainder comes out implausible (GPS distance short of the speed readings).
     * NaN when the run has no usable distance.
     */
    static double uncoveredSpeed(Run run, List<MinuteBucket> minutes, long uncoveredSec) {
        if (!(run.distanceMeters() > 0) || run.activeSec() <= 0) {
            return Double.NaN;
        }
        double runAverage = run.distanceMeters() / run.activeSec();
        long hrMillis = 0;
        long speedMillis = 0;
        double metres = 0;
        for (MinuteBucket m : minutes) {
            hrMillis += m.hrMillis();
            speedMillis += m.speedKnownMillis();
            metres += m.speedMetres();
        }
        if (speedMillis == 0 || uncoveredSec <= 0) {
            return runAverage;
        }
        double coveredMean = metres / (speedMillis / 1000.0);
        double coveredDistance = metres + (hrMillis - speedMillis) / 1000.0 * coveredMean;
        double speed = (run.distanceMeters() - coveredDistance) / uncoveredSec;
        return speed > 0 && speed <= MAX_SPEED_MPS ? speed : coveredMean;
    }

    /** Per-minute TRIMP against per-minute speed over the covered minutes after the first three. */
    static Optional<PaceLoadModel> sameRunModel(
            List<MinuteBucket> minutes, ResolvedProfile profile, long runStartMillis, double fallbackSlope) {
        double k = profile.trimpK();
        double reserve = profile.heartRateReserve();
        List<PaceLoadModel.Point> points = new ArrayList<>();
        for (MinuteBucket m : minutes) {
            if (m.startMillis() < runStartMillis + FIT_SKIP_MILLIS
                    || m.hrMillis() < FIT_MIN_BUCKET_MILLIS
                    || m.speedKnownMillis() * 2 < m.hrMillis()) {
                continue;
            }
            double x = (m.meanBpm() - profile.restingHr()) / reserve;
            points.add(
                    new PaceLoadModel.Point(m.meanSpeedMps(), BanisterTrimp.perMinute(x, k), m.hrMillis() / 60_000.0));
        }
        return PaceLoadModel.fit(points, RUN_FIT_MIN_MINUTES, fallbackSlope);
    }

    /** Load per active minute against average speed over earlier runs with measured load. */
    static Optional<PaceLoadModel> historyModel(List<LedgerRun> runs, long beforeMillis) {
        List<PaceLoadModel.Point> points = new ArrayList<>();
        for (LedgerRun r : runs) {
            double minutes = r.activeMinutes();
            if (r.startMillis() >= beforeMillis
                    || r.loadEstimated()
                    || r.hrCoverage() < HISTORY_MIN_COVERAGE
                    || minutes < HISTORY_MIN_RUN_MINUTES
                    || !(r.distanceMeters() > 0)) {
                continue;
            }
            double speed = r.distanceMeters() / (minutes * 60);
            if (speed <= MAX_SPEED_MPS) {
                points.add(new PaceLoadModel.Point(speed, r.load() / minutes, minutes));
            }
        }
        if (points.size() < HISTORY_MIN_RUNS) {
            return Optional.empty();
        }
        return PaceLoadModel.fit(points, HISTORY_MIN_RUNS * HISTORY_MIN_RUN_MINUTES, PaceLoadModel.TYPICAL_SLOPE);
    }
}
