package io.runload.simulator;

import java.util.SplittableRandom;

/**
 * Independent random streams keyed by what they are for. Each run, athlete and week draws from
 * its own stream, so that adding a draw in one place does not shift every number after it and
 * the output for a seed stays stable.
 */
final class DeterministicRandom {

    private DeterministicRandom() {}

    static SplittableRandom of(long seed, Object... parts) {
        long h = mix(seed ^ 0x9E3779B97F4A7C15L);
        for (Object part : parts) {
            h = mix(h
                    ^ (part instanceof Number n
                                            ? n.longValue()
                                            : (long) String.valueOf(part).hashCode())
                                    * 0xBF58476D1CE4E5B9L
                            + 0x94D049BB133111EBL);
        }
        return new SplittableRandom(h);
    }

    /** SplitMix64 finaliser: spreads nearby keys over the whole seed space. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    static double uniform(SplittableRandom random, double from, double to) {
        return from + (to - from) * random.nextDouble();
    }
}
