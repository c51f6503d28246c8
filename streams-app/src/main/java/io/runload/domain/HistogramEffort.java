package io.runload.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * The effort of a run under one profile, scored from its bpm histogram: TRIMP, time in zones, the
 * easy and heart-rate seconds, mean heart rate, coverage, intensity and quality flags. The live
 * summary ({@link RunHeartRateAccumulator#summarize}) and the re-score of a stored run
 * ({@link RunHeartRateRecord#effortUnder}) both score here, so they add the same terms in the same
 * ascending-bpm order and agree to the last bit under any profile.
 */
final class HistogramEffort {

    private static final double MILLIS_PER_MINUTE = 60_000.0;

    private HistogramEffort() {}

    /**
     * The effort under {@code profile} of the run whose heart rate is {@code histogram}.
     *
     * @param runDurationSec the run's elapsed time, which coverage is measured against
     * @param maxHr the highest bpm counted, null when no sample was counted
     * @param hrJumps whether the heart rate jumped implausibly ({@link HrQualityFlag#HR_JUMPS})
     * @param cadenceLock whether the heart rate followed the cadence ({@link HrQualityFlag#CADENCE_LOCK})
     * @param outOfOrderSamples whether samples came out of order ({@link HrQualityFlag#OUT_OF_ORDER_SAMPLES})
     * @param decouplingPct carried into the effort as given: it reads minute buckets, not the histogram
     * @param efficiencyFactor carried into the effort as given, like {@code decouplingPct}
     */
    static RunEffort score(
            ResolvedProfile profile,
            BpmHistogram histogram,
            int runDurationSec,
            Integer maxHr,
            boolean hrJumps,
            boolean cadenceLock,
            boolean outOfOrderSamples,
            Double decouplingPct,
            Double efficiencyFactor) {
        HeartRateZones zones = profile.zones();
        double k = profile.trimpK();
        long[] zoneMillis = new long[HeartRateZones.ZONE_COUNT];
        double trimp = 0;
        long hrMillis = 0;
        long easyMillis = 0;
        double sumHrMillis = 0;
        int aboveMax = 0;
        for (int bin = 0; bin < histogram.binCount(); bin++) {
            int bpm = histogram.binBpm(bin);
            if (bpm > profile.maxHr() + RunHeartRateAccumulator.ABOVE_MAX_MARGIN_BPM) {
                aboveMax += histogram.binSamples(bin);
            }
            long millis = histogram.binCreditedMillis(bin);
            if (millis == 0) {
                continue;
            }
            trimp += millis / MILLIS_PER_MINUTE * BanisterTrimp.perMinute(zones.hrrFraction(bpm), k);
            zoneMillis[zones.zoneIndex(bpm)] += millis;
            hrMillis += millis;
            sumHrMillis += (double) bpm * millis;
            if (zones.isEasy(bpm)) {
                easyMillis += millis;
            }
        }
        int[] timeInZoneSec = new int[HeartRateZones.ZONE_COUNT];
        for (int z = 0; z < timeInZoneSec.length; z++) {
            timeInZoneSec[z] = (int) Math.round(zoneMillis[z] / 1000.0);
        }
        double coverage =
                runDurationSec > 0 ? Math.min(1.0, hrMillis / 1000.0 / runDurationSec) : (hrMillis > 0 ? 1.0 : 0.0);

        List<String> flags = new ArrayList<>();
        if (hrMillis == 0) {
            flags.add(HrQualityFlag.NO_HR.name());
        } else if (coverage < RunHeartRateAccumulator.LOW_COVERAGE) {
            flags.add(HrQualityFlag.LOW_HR_COVERAGE.name());
        }
        if (hrJumps) {
            flags.add(HrQualityFlag.HR_JUMPS.name());
        }
        if (cadenceLock) {
            flags.add(HrQualityFlag.CADENCE_LOCK.name());
        }
        if (outOfOrderSamples) {
            flags.add(HrQualityFlag.OUT_OF_ORDER_SAMPLES.name());
        }
        if (aboveMax > 0) {
            flags.add(HrQualityFlag.HR_ABOVE_PROFILE_MAX.name());
        }
        return new RunEffort(
                trimp,
                timeInZoneSec,
                hrMillis > 0 ? sumHrMillis / hrMillis : null,
                maxHr,
                IntensityRule.classify(zoneMillis),
                decouplingPct,
                efficiencyFactor,
                coverage,
                aboveMax,
                flags,
                Math.round(easyMillis / 1000.0),
                Math.round(hrMillis / 1000.0));
    }
}
