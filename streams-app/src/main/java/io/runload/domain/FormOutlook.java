package io.runload.domain;

import java.util.OptionalInt;

/**
 * Where form goes next, read straight off the CTL/ATL recurrences of {@link LoadChains}: the range
 * of today's load that puts tomorrow's form in a band, and how many rest days bring form back up
 * to a threshold.
 *
 * <p>Tomorrow's form is linear in today's load. With yesterday's chains C and A, today's load L,
 * gains gC = 1 − e^(−1/42) and gA = 1 − e^(−1/7):
 *
 * <pre>
 * CTL_today = C + (L − C)·gC = C·(1 − gC) + L·gC
 * ATL_today = A + (L − A)·gA = A·(1 − gA) + L·gA
 * TSB_tomorrow = CTL_today − ATL_today
 *              = [C·(1 − gC) − A·(1 − gA)] − L·(gA − gC)
 *              = R − L·s,   R = form tomorrow after a rest day,  s = gA − gC ≈ 0.109594 > 0
 * </pre>
 *
 * So TSB_tomorrow ≥ low ⇔ L ≤ (R − low)/s and TSB_tomorrow ≤ high ⇔ L ≥ (R − high)/s. Load is never
 * negative, so the lower end is clipped at 0, and when even (R − low)/s is negative no load today
 * keeps form above the band's floor.
 *
 * <p>Resting (load 0) from tomorrow on, each chain only decays: CTL_(t+k) = CTL_t·e^(−k/42) and
 * ATL_(t+k) = ATL_t·e^(−k/7), so form on day t+1+k is CTL_t·e^(−k/42) − ATL_t·e^(−k/7).
 */
public final class FormOutlook {

    /** Tomorrow's form per unit of today's load, taken away: gA − gC. */
    static final double TSB_DROP_PER_LOAD = LoadChains.ATL_GAIN - LoadChains.CTL_GAIN;

    /** Form tomorrow aimed at by default: fatigued enough to build, short of the −30 overload line (docs/domain.md). */
    public static final Band DEFAULT_BAND = new Band(-30, -10);

    /** Form at which a tired athlete is taken to be fresh again by default: the top of {@link #DEFAULT_BAND}. */
    public static final double DEFAULT_RECOVERED_TSB = -10;

    /** Rest days looked ahead; beyond a season form has long since settled near 0. */
    public static final int REST_HORIZON_DAYS = 365;

    private FormOutlook() {}

    /** A closed range of form values, low below high. */
    public record Band(double low, double high) {
        public Band {
            if (!Double.isFinite(low) || !Double.isFinite(high) || low >= high) {
                throw new IllegalArgumentException("a form band needs finite low < high, got " + low + ".." + high);
            }
        }
    }

    /**
     * Today's load (the day's total) that puts tomorrow's form in a band.
     *
     * @param restTsbTomorrow R: tomorrow's form if today has no load at all
     * @param lowestLoad the least load that brings form down to the band's top; 0 when rest already does
     * @param highestLoad the most load that keeps form at or above the band's floor; null when even rest
     *     leaves it below (then {@code lowestLoad} is null too)
     */
    public record LoadRange(double restTsbTomorrow, Double lowestLoad, Double highestLoad) {
        public boolean reachable() {
            return highestLoad != null;
        }
    }

    /**
     * The range of today's load that puts tomorrow's form in {@code band}.
     *
     * @param ctlYesterday CTL after yesterday
     * @param atlYesterday ATL after yesterday
     */
    public static LoadRange loadRange(double ctlYesterday, double atlYesterday, Band band) {
        double rest = ctlYesterday * (1 - LoadChains.CTL_GAIN) - atlYesterday * (1 - LoadChains.ATL_GAIN);
        double highest = (rest - band.low()) / TSB_DROP_PER_LOAD;
        if (highest < 0) {
            return new LoadRange(rest, null, null);
        }
        double lowest = Math.max(0, (rest - band.high()) / TSB_DROP_PER_LOAD);
        return new LoadRange(rest, lowest, highest);
    }

    /**
     * Days from today until form is at or above {@code threshold} if no further load is done: 0
     * when today's form already is, empty when it is not within {@link #REST_HORIZON_DAYS} (a
     * threshold above 0 that fitness is too low to reach).
     *
     * @param tsbToday today's form (yesterday's CTL − ATL)
     * @param ctlToday CTL after today, with the load done today so far
     * @param atlToday ATL after today, likewise
     */
    public static OptionalInt restDaysUntil(double tsbToday, double ctlToday, double atlToday, double threshold) {
        if (tsbToday >= threshold) {
            return OptionalInt.of(0);
        }
        double ctl = ctlToday;
        double atl = atlToday;
        for (int day = 1; day <= REST_HORIZON_DAYS; day++) {
            // Form on day `day` uses the chains after the day before it.
            if (ctl - atl >= threshold) {
                return OptionalInt.of(day);
            }
            ctl *= 1 - LoadChains.CTL_GAIN;
            atl *= 1 - LoadChains.ATL_GAIN;
        }
        return OptionalInt.empty();
    }
}
