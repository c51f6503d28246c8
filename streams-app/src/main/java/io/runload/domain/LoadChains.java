package io.runload.domain;

/**
 * Fitness, fatigue and the ACWR averages after one day, and the step to the next day. All four
 * are linear recursions over daily load, so a ledger can carry them forward from a seed instead of
 * replaying the whole history.
 */
public record LoadChains(double ctl, double atl, double acuteEwma, double chronicEwma) {

    /** docs/domain.md: CTL_t = CTL_(t-1) + (load_t - CTL_(t-1)) * (1 - e^(-1/42)). */
    static final double CTL_GAIN = 1 - Math.exp(-1.0 / 42);
    /** docs/domain.md: ATL is the same chain with 7 days. */
    static final double ATL_GAIN = 1 - Math.exp(-1.0 / 7);
    /** docs/domain.md (Williams 2017): l = 2 / (N + 1) with N = 7 for the acute average. */
    static final double ACUTE_LAMBDA = 2.0 / (7 + 1);
    /** docs/domain.md (Williams 2017): l = 2 / (N + 1) with N = 28 for the chronic average. */
    static final double CHRONIC_LAMBDA = 2.0 / (28 + 1);
    /** Below this the chronic average is treated as "no base yet" and the ratio is undefined. */
    static final double CHRONIC_EPSILON = 1e-6;

    public static final LoadChains ZERO = new LoadChains(0, 0, 0, 0);

    public LoadChains next(double load) {
        return new LoadChains(
                ctl + (load - ctl) * CTL_GAIN,
                atl + (load - atl) * ATL_GAIN,
                ACUTE_LAMBDA * load + (1 - ACUTE_LAMBDA) * acuteEwma,
                CHRONIC_LAMBDA * load + (1 - CHRONIC_LAMBDA) * chronicEwma);
    }

    /** Form for the following day: it uses these values as "yesterday's". */
    public double balance() {
        return ctl - atl;
    }

    /** Acute:chronic ratio, null while there is no chronic load to divide by. */
    public Double acwr() {
        return chronicEwma < CHRONIC_EPSILON ? null : acuteEwma / chronicEwma;
    }
}
