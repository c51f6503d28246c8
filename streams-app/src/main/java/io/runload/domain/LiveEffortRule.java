package io.runload.domain;

/**
 * Thresholds of the live EASY_RUN_TOO_HARD rule (docs/domain.md, "Effort within a run"): after a
 * warm-up, fire when more than {@code maxShareAbove} of the last 5 minutes was above the easy ceiling,
 * for runs planned easy or whose warm-up was easy.
 *
 * @param warmUpMillis            length of the warm-up, during which the rule never fires
 * @param warmUpMaxShareAbove     a warm-up counts as easy when at most this share of it is above the ceiling
 * @param warmUpMinCreditedMillis and when at least this much of it carries heart rate
 * @param maxShareAbove           share of the window above the ceiling that fires the rule (strictly more)
 * @param minWindowMillis         heart-rate time the 5-minute window must hold before it is judged
 */
public record LiveEffortRule(
        long warmUpMillis,
        double warmUpMaxShareAbove,
        long warmUpMinCreditedMillis,
        double maxShareAbove,
        long minWindowMillis) {

    /**
     * 10-minute warm-up and 50% of 5 minutes from docs/domain.md; the 10% warm-up tolerance lets a few
     * early spikes (optical sensors often read high in the first minutes) pass; half the warm-up must
     * carry HR to judge it; 4 of the 5 minutes must carry HR so that a dropout cannot fire the rule.
     */
    public static final LiveEffortRule DEFAULT = new LiveEffortRule(10 * 60_000L, 0.10, 5 * 60_000L, 0.50, 4 * 60_000L);

    public boolean warmUpWasEasy(long creditedMillis, long aboveCeilingMillis) {
        return creditedMillis >= warmUpMinCreditedMillis && aboveCeilingMillis <= warmUpMaxShareAbove * creditedMillis;
    }

    public boolean violates(long windowMillis, long aboveCeilingMillis) {
        return windowMillis >= minWindowMillis && aboveCeilingMillis > maxShareAbove * windowMillis;
    }
}
