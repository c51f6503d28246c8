package io.runload.domain;

/** What {@link RunHeartRateAccumulator#add} did with one sample. */
public enum AddOutcome {
    /** In time order: it will be credited the gap to the next sample. */
    ACCEPTED,
    /** Older than the newest sample: counted and flagged, but credited no time (its gap is unknowable). */
    OUT_OF_ORDER,
    /** Same timestamp as a recent sample: ignored entirely. */
    DUPLICATE,
    /** Heart rate outside 30..230 bpm (docs/domain.md plausibility filter): ignored. */
    INVALID
}
