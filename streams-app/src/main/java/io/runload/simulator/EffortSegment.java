package io.runload.simulator;

/**
 * A stretch of a run at one intended effort.
 *
 * @param seconds     length of the stretch
 * @param hrrFraction heart rate the effort settles at, as a fraction of heart-rate reserve
 * @param speedFactor speed relative to the athlete's easy speed; 0 means standing still
 */
public record EffortSegment(int seconds, double hrrFraction, double speedFactor) {

    /** Effort the athlete's easy speed corresponds to. */
    static final double EASY_REFERENCE_HRR = 0.64;

    public EffortSegment {
        if (seconds <= 0) {
            throw new IllegalArgumentException("segment must last at least a second");
        }
    }

    /** A running stretch whose speed follows from its effort. */
    static EffortSegment running(int seconds, double hrrFraction) {
        return new EffortSegment(seconds, hrrFraction, speedFactorFor(hrrFraction));
    }

    static EffortSegment standing(int seconds) {
        return new EffortSegment(seconds, 0.45, 0);
    }

    /**
     * Roughly linear speed-effort relation of a trained runner: 0.90 HRR is about 35% faster than
     * easy, which puts 5:30/km easy runners at about 4:05/km for intervals.
     */
    static double speedFactorFor(double hrrFraction) {
        return 1 + 1.4 * (hrrFraction - EASY_REFERENCE_HRR);
    }

    boolean isMoving() {
        return speedFactor > 0;
    }
}
