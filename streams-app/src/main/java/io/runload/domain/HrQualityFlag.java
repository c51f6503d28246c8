package io.runload.domain;

/** Data-quality findings reported with a run's effort (docs/domain.md, "Data the pipeline must survive"). */
public enum HrQualityFlag {
    NO_HR,
    /** Valid heart rate covers less than half of the run's duration. */
    LOW_HR_COVERAGE,
    /** At least one change of more than 30 bpm within 2 s. */
    HR_JUMPS,
    /** Heart rate equal to cadence for more than 30 s: the optical sensor locked onto the footfall. */
    CADENCE_LOCK,
    OUT_OF_ORDER_SAMPLES,
    /** Samples above the profile's max HR + 5: the profile's max is probably too low. */
    HR_ABOVE_PROFILE_MAX
}
