package io.runload.simulator;

/**
 * What the simulator has emitted so far, by kind.
 *
 * @param samples        all heart-rate samples, including {@code invalidSamples}
 * @param invalidSamples samples carrying FIT's 255 "invalid" heart rate, which the pipeline must reject
 * @param garbage        undecodable records sent to any topic
 */
public record SimulationSummary(
        long profiles, long samples, long invalidSamples, long runUpserts, long runDeletes, long garbage) {

    public long total() {
        return profiles + samples + runUpserts + runDeletes + garbage;
    }
}
