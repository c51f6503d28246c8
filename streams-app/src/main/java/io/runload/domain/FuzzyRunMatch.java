package io.runload.domain;

/**
 * docs/domain.md's fuzzy duplicate test for two uploads of one run from different sources: same sport,
 * start within 5 minutes, duration within 15% and distance within 10%. Relative tolerances are
 * taken against the larger of the two values so that the test is symmetric.
 */
public final class FuzzyRunMatch {

    static final long MAX_START_GAP_MILLIS = 5 * 60_000L;
    static final double DURATION_TOLERANCE = 0.15;
    static final double DISTANCE_TOLERANCE = 0.10;

    private FuzzyRunMatch() {}

    public static boolean sameActivity(LedgerRun a, LedgerRun b) {
        return a.sport() == b.sport()
                && Math.abs(a.startMillis() - b.startMillis()) <= MAX_START_GAP_MILLIS
                && withinShare(a.durationSec(), b.durationSec(), DURATION_TOLERANCE)
                && withinShare(a.distanceMeters(), b.distanceMeters(), DISTANCE_TOLERANCE);
    }

    private static boolean withinShare(double x, double y, double share) {
        return Math.abs(x - y) <= share * Math.max(x, y);
    }
}
