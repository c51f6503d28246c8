package io.runload.domain;

import java.util.Optional;

/**
 * What {@link AthleteHeartRateState#onSample} did with one sample: its status, the run key it went to
 * (null when it was LATE or INVALID) and a live EASY_RUN_TOO_HARD violation it triggered, if any.
 */
public record SampleOutcome(Status status, String runKey, LiveEffortViolation violationOrNull) {

    public enum Status {
        ACCEPTED,
        /** Counted in its run and flagged, but older than the run's newest sample, so credited no time. */
        OUT_OF_ORDER,
        DUPLICATE,
        /** Older than the athlete's heart-rate frontier minus the grace period: belongs in the DLQ as late. */
        LATE,
        /** Outside 30..230 bpm. */
        INVALID
    }

    public Optional<LiveEffortViolation> violation() {
        return Optional.ofNullable(violationOrNull);
    }
}
