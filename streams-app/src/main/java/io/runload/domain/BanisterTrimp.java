package io.runload.domain;

/** Banister's training impulse (docs/domain.md, "Load of one run"), summed per sample by the callers. */
public final class BanisterTrimp {

    private static final double WEIGHTING = 0.64;

    private BanisterTrimp() {}

    /** TRIMP earned per minute at heart-rate-reserve fraction {@code x} (clamped to [0,1]): x * 0.64 * e^(k*x). */
    public static double perMinute(double hrrFraction, double k) {
        double x = Math.max(0.0, Math.min(1.0, hrrFraction));
        return x * WEIGHTING * Math.exp(k * x);
    }
}
