package io.runload.simulator;

import java.time.Instant;

/**
 * How far a demo simulation got, so that a restarted demo carries on instead of replaying its
 * history into state that already holds it (every replayed record would be late).
 *
 * @param seed            the plan's seed; a position only applies to the same seed and athletes
 * @param athletes        the plan's number of athletes
 * @param historyStart    start of the replayed history
 * @param historyEnd      end of the replayed history (the first start's "now")
 * @param historyEmitted  history emissions already sent, in the timeline's deterministic order
 * @param historyComplete whether the whole history was sent
 * @param liveSessions    live phases started so far; each one names its runs apart from earlier ones
 */
public record SimulationPosition(
        long seed,
        int athletes,
        Instant historyStart,
        Instant historyEnd,
        long historyEmitted,
        boolean historyComplete,
        int liveSessions) {

    /** Whether this position was written by a simulation of {@code plan}'s athletes. */
    public boolean appliesTo(SimulationPlan plan) {
        return seed == plan.seed() && athletes == plan.athletes();
    }
}
