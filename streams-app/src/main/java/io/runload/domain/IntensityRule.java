package io.runload.domain;

import io.runload.avro.IntensityClass;

/**
 * Intensity class of a run from its time in zones. HARD is checked first, so an interval session
 * with 80% easy jogging but 20% or more in Z4-Z5 is HARD, not EASY; the 80% easy threshold mirrors
 * Seiler's 80/20 split used elsewhere in docs/domain.md.
 */
public final class IntensityRule {

    public static final double HARD_MIN_SHARE_Z4_Z5 = 0.20;
    public static final double EASY_MIN_SHARE_Z1_Z2 = 0.80;

    private IntensityRule() {}

    /** {@code zoneMillis} holds Z1..Z5. */
    public static IntensityClass classify(long[] zoneMillis) {
        long total = 0;
        for (long millis : zoneMillis) {
            total += millis;
        }
        if (total == 0) {
            return IntensityClass.UNKNOWN;
        }
        double hardShare = (double) (zoneMillis[3] + zoneMillis[4]) / total;
        double easyShare = (double) (zoneMillis[0] + zoneMillis[1]) / total;
        if (hardShare >= HARD_MIN_SHARE_Z4_Z5) {
            return IntensityClass.HARD;
        }
        if (easyShare >= EASY_MIN_SHARE_Z1_Z2) {
            return IntensityClass.EASY;
        }
        return IntensityClass.MODERATE;
    }
}
