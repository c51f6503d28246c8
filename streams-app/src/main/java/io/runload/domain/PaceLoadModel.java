package io.runload.domain;

import java.util.List;
import java.util.Optional;

/**
 * An athlete's load per minute as a function of running speed, fitted from observations of the
 * same athlete: ln(load per minute) = intercept + slope * speed, by least squares weighted by minutes.
 *
 * <p>Log-linear because Banister TRIMP per minute grows about exponentially with heart-rate reserve,
 * and heart rate grows about linearly with speed. Faster running is never cheaper, so a negative
 * fitted slope (noise, or heart rate still rising at a slow start) is replaced by a flat fit. When
 * the observations span too little speed to tell a slope, the caller's fallback slope is used and
 * only the intercept is fitted. Predictions are made at most {@link #EXTRAPOLATION_MPS} outside the
 * observed speeds; beyond that the speed is clamped.
 */
public final class PaceLoadModel {

    /** Observed speeds must spread at least this much (weighted standard deviation, m/s) to fit a slope. */
    public static final double MIN_SPEED_SPREAD_MPS = 0.1;
    /** The steepest slope accepted, per m/s: about 7x the load per minute for 1 m/s faster. */
    public static final double MAX_SLOPE = 2.0;

    public static final double EXTRAPOLATION_MPS = 0.5;
    /**
     * Typical slope when the data cannot tell one: heart rate rises about 30 bpm per m/s at
     * submaximal running speeds, 0.23 of a 130 bpm reserve, and d ln(TRIMP/min) / dx = 1/x + k is
     * about 3.5 at x = 0.65, k = 1.92; 0.23 * 3.5 = 0.8.
     */
    public static final double TYPICAL_SLOPE = 0.8;
    /** A residual scatter of this much in ln(load per minute) (about 50%) gives quality 0. */
    static final double ZERO_QUALITY_SCATTER = 0.5;
    /** An assumed slope only matters for speeds away from the observed ones, so it costs a quarter of the quality. */
    static final double ASSUMED_SLOPE_QUALITY = 0.75;

    /** One observation: mean speed, load per minute at it, and how many minutes it stands for. */
    public record Point(double speedMps, double loadPerMinute, double minutes) {}

    private final double intercept;
    private final double slope;
    private final boolean slopeFitted;
    private final double minSpeed;
    private final double maxSpeed;
    private final double residualScatter;
    private final double minutes;

    private PaceLoadModel(
            double intercept,
            double slope,
            boolean slopeFitted,
            double minSpeed,
            double maxSpeed,
            double residualScatter,
            double minutes) {
        this.intercept = intercept;
        this.slope = slope;
        this.slopeFitted = slopeFitted;
        this.minSpeed = minSpeed;
        this.maxSpeed = maxSpeed;
        this.residualScatter = residualScatter;
        this.minutes = minutes;
    }

    /**
     * Fits the points with positive load, speed and minutes; empty when they add up to less than
     * {@code minMinutes}.
     */
    public static Optional<PaceLoadModel> fit(List<Point> points, double minMinutes, double fallbackSlope) {
        double w = 0;
        double sx = 0;
        double sy = 0;
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Point p : points) {
            if (usable(p)) {
                w += p.minutes();
                sx += p.minutes() * p.speedMps();
                sy += p.minutes() * Math.log(p.loadPerMinute());
                lo = Math.min(lo, p.speedMps());
                hi = Math.max(hi, p.speedMps());
            }
        }
        if (w < minMinutes || w <= 0) {
            return Optional.empty();
        }
        double mx = sx / w;
        double my = sy / w;
        double sxx = 0;
        double sxy = 0;
        for (Point p : points) {
            if (usable(p)) {
                double dx = p.speedMps() - mx;
                sxx += p.minutes() * dx * dx;
                sxy += p.minutes() * dx * (Math.log(p.loadPerMinute()) - my);
            }
        }
        boolean spread = Math.sqrt(sxx / w) >= MIN_SPEED_SPREAD_MPS;
        double slope = spread ? Math.max(0.0, Math.min(MAX_SLOPE, sxy / sxx)) : Math.max(0.0, fallbackSlope);
        double intercept = my - slope * mx;
        double ss = 0;
        for (Point p : points) {
            if (usable(p)) {
                double r = Math.log(p.loadPerMinute()) - (intercept + slope * p.speedMps());
                ss += p.minutes() * r * r;
            }
        }
        return Optional.of(new PaceLoadModel(intercept, slope, spread, lo, hi, Math.sqrt(ss / w), w));
    }

    private static boolean usable(Point p) {
        return p.minutes() > 0
                && p.loadPerMinute() > 0
                && p.speedMps() > 0
                && Double.isFinite(p.loadPerMinute())
                && Double.isFinite(p.speedMps());
    }

    /** Load per minute at {@code speedMps}, the speed clamped to the observed range widened by {@link #EXTRAPOLATION_MPS}. */
    public double loadPerMinuteAt(double speedMps) {
        return Math.exp(intercept + slope * clampedSpeed(speedMps));
    }

    double clampedSpeed(double speedMps) {
        return Math.max(minSpeed - EXTRAPOLATION_MPS, Math.min(maxSpeed + EXTRAPOLATION_MPS, speedMps));
    }

    /** True when {@code speedMps} lies within the observed speeds widened by {@link #EXTRAPOLATION_MPS}. */
    public boolean covers(double speedMps) {
        return speedMps >= minSpeed - EXTRAPOLATION_MPS && speedMps <= maxSpeed + EXTRAPOLATION_MPS;
    }

    /**
     * 1 for observations on the fitted curve, falling linearly to 0 at a weighted RMS residual of
     * {@link #ZERO_QUALITY_SCATTER} in ln(load per minute); times {@link #ASSUMED_SLOPE_QUALITY} when the slope was not fitted
     * from these observations but assumed.
     */
    public double quality() {
        double q = Math.max(0.0, 1.0 - residualScatter / ZERO_QUALITY_SCATTER);
        return slopeFitted ? q : q * ASSUMED_SLOPE_QUALITY;
    }

    public double slope() {
        return slope;
    }

    public boolean slopeFitted() {
        return slopeFitted;
    }

    public double minutes() {
        return minutes;
    }

    @Override
    public String toString() {
        return "PaceLoadModel[ln(load/min) = " + intercept + " + " + slope + " * speed"
                + (slopeFitted ? "" : " (assumed slope)") + ", speeds " + minSpeed + ".." + maxSpeed
                + ", scatter " + residualScatter + ", minutes " + minutes + "]";
    }
}
