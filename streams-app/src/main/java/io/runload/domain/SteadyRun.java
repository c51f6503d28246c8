package io.runload.domain;

import io.runload.avro.PlannedType;
import io.runload.avro.Sport;
import java.util.List;

/**
 * Whether aerobic decoupling and efficiency factor mean something for a run. Both compare speed
 * with heart rate, which only says something about aerobic fitness at a steady effort: in an
 * interval, tempo or track session heart rate lags every change of pace and the two halves hold
 * different work. A run is steady when
 * <ul>
 *   <li>it was not planned as a WORKOUT or a RACE, and is not a TRACK_RUN;</li>
 *   <li>after the warm-up ({@link RunHeartRateAccumulator#WARM_UP_MILLIS} from the run's start)
 *       and before its end, at least {@link #MIN_SPEED_MILLIS} of minute buckets have speed, and
 *       the coefficient of variation of their mean speeds (weighted by the time with speed) is at
 *       most {@link #MAX_SPEED_CV}.</li>
 * </ul>
 */
public final class SteadyRun {

    /**
     * GPS noise and gentle terrain keep a steady run's minute speeds within a few percent; 3 minutes
     * fast and 2 easy (4.5 and 2.5 m/s) vary by 26%, a 20-minute tempo between easy running by about 15%.
     */
    public static final double MAX_SPEED_CV = 0.10;

    public static final long MIN_SPEED_MILLIS = 2 * 60_000L;
    /** A minute bucket joins the measure with at least this much time with speed. */
    static final long MIN_BUCKET_SPEED_MILLIS = 30_000L;

    private SteadyRun() {}

    public static boolean qualifies(
            List<MinuteBucket> minutes, long runStartMillis, int durationSec, PlannedType plannedType, Sport sport) {
        if (plannedType == PlannedType.WORKOUT || plannedType == PlannedType.RACE || sport == Sport.TRACK_RUN) {
            return false;
        }
        Double cv = speedVariation(minutes, runStartMillis, durationSec);
        return cv != null && cv <= MAX_SPEED_CV;
    }

    /** Coefficient of variation of minute speeds after the warm-up; null with too little speed. */
    public static Double speedVariation(List<MinuteBucket> minutes, long runStartMillis, int durationSec) {
        long from = runStartMillis + RunHeartRateAccumulator.WARM_UP_MILLIS;
        long to = runStartMillis + durationSec * 1000L;
        double w = 0;
        double sum = 0;
        double sumSq = 0;
        for (MinuteBucket m : minutes) {
            if (m.startMillis() < from || m.startMillis() >= to || m.speedKnownMillis() < MIN_BUCKET_SPEED_MILLIS) {
                continue;
            }
            double weight = m.speedKnownMillis();
            double speed = m.meanSpeedMps();
            w += weight;
            sum += weight * speed;
            sumSq += weight * speed * speed;
        }
        if (w < MIN_SPEED_MILLIS) {
            return null;
        }
        double mean = sum / w;
        if (!(mean > 0)) {
            return null;
        }
        double variance = Math.max(0.0, sumSq / w - mean * mean);
        return Math.sqrt(variance) / mean;
    }

    /** The effort as it is, or without decoupling and efficiency factor when the run is not steady. */
    public static RunEffort gate(
            RunEffort effort,
            List<MinuteBucket> minutes,
            long runStartMillis,
            int durationSec,
            PlannedType plannedType,
            Sport sport) {
        if (effort == null
                || (effort.decouplingPct() == null && effort.efficiencyFactor() == null)
                || qualifies(minutes, runStartMillis, durationSec, plannedType, sport)) {
            return effort;
        }
        return new RunEffort(
                effort.trimp(),
                effort.timeInZoneSec(),
                effort.avgHr(),
                effort.maxHr(),
                effort.intensity(),
                null,
                null,
                effort.hrCoverage(),
                effort.samplesAboveProfileMax(),
                effort.qualityFlags(),
                effort.easySeconds(),
                effort.hrSeconds());
    }
}
