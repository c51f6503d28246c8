package io.runload.domain;

/** Foster (1998) monotony and strain over a 7-day block of daily load, rest days as zero. */
public final class FosterMonotony {

    /** docs/domain.md: monotony is capped at 10, which also stands in for an undefined ratio (SD = 0). */
    public static final double CAP = 10.0;

    private FosterMonotony() {}

    /** Mean over population SD, capped; null when the block has no load at all. */
    public static Double monotony(double[] dailyLoads) {
        double sum = 0;
        for (double load : dailyLoads) {
            sum += load;
        }
        if (sum <= 0) {
            return null;
        }
        double mean = sum / dailyLoads.length;
        double squares = 0;
        for (double load : dailyLoads) {
            squares += (load - mean) * (load - mean);
        }
        double sd = Math.sqrt(squares / dailyLoads.length);
        // Identical loads every day are the most monotonous block possible: report the cap
        // rather than an infinite ratio.
        if (sd < 1e-12) {
            return CAP;
        }
        return Math.min(mean / sd, CAP);
    }

    /** Block load times monotony, null when monotony is. */
    public static Double strain(double[] dailyLoads) {
        Double monotony = monotony(dailyLoads);
        if (monotony == null) {
            return null;
        }
        double sum = 0;
        for (double load : dailyLoads) {
            sum += load;
        }
        return sum * monotony;
    }
}
