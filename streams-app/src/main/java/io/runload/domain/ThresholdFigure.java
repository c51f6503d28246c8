package io.runload.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A measured value printed so that the text agrees with the comparison that raised the alert: a
 * value that is above a threshold never prints as the threshold itself ("10% longer" for 10.04%
 * under a "more than 10%" rule). Normal rounding is kept when it already lands on the right side;
 * otherwise more decimals are shown, up to two extra, and past that the last digit is rounded away
 * from the threshold.
 */
public final class ThresholdFigure {
    private static final int EXTRA_DECIMALS = 2;

    private ThresholdFigure() {}

    /** {@code value}, known to be strictly above {@code threshold}, with at least {@code decimals}. */
    public static String above(double value, double threshold, int decimals) {
        return print(value, threshold, decimals, 1, false);
    }

    /** {@code value}, known to be strictly below {@code threshold}. */
    public static String below(double value, double threshold, int decimals) {
        return print(value, threshold, decimals, -1, false);
    }

    /** {@code value}, known to be at or above {@code threshold}. */
    public static String atLeast(double value, double threshold, int decimals) {
        return print(value, threshold, decimals, 1, true);
    }

    private static String print(double value, double threshold, int decimals, int side, boolean orEqual) {
        BigDecimal exact = new BigDecimal(value);
        BigDecimal limit = new BigDecimal(threshold);
        for (int d = decimals; d <= decimals + EXTRA_DECIMALS; d++) {
            BigDecimal rounded = exact.setScale(d, RoundingMode.HALF_UP);
            int c = rounded.compareTo(limit) * side;
            if (c > 0 || (orEqual && c == 0)) {
                return rounded.toPlainString();
            }
        }
        RoundingMode away = side > 0 ? RoundingMode.CEILING : RoundingMode.FLOOR;
        return exact.setScale(decimals + EXTRA_DECIMALS, away).toPlainString();
    }
}
