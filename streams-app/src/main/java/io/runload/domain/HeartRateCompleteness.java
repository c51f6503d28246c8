package io.runload.domain;

/**
 * Whether a run's heart rate has (most likely) all arrived, so its summary can be computed.
 *
 * <p>Run events and samples travel on different topics and are not ordered with each other: a run
 * event is often processed a moment before the last samples of that run. Summarising at once
 * would undercount TRIMP, so a run waits until its heart rate reaches the run's end, or the
 * athlete's samples have moved past it, or a short wall-clock wait runs out (a run recorded
 * without heart rate never gets samples).
 */
public final class HeartRateCompleteness {
    /**
     * Rounding of start and duration to whole seconds. Anything looser would release a run while its
     * last samples are still in flight; a recording that stops early simply waits out the wait.
     */
    public static final long END_TOLERANCE_MILLIS = 1_000;

    private HeartRateCompleteness() {}

    /**
     * Whether the run ending at {@code runEndMillis} has its heart rate: its own samples reach the
     * end (within {@link #END_TOLERANCE_MILLIS}), or the athlete's samples have moved past it.
     *
     * @param runLastSampleMillis the newest sample of this run, or {@code Long.MIN_VALUE} if none
     * @param athleteFrontierMillis the newest sample of any of the athlete's runs, or {@code Long.MIN_VALUE}
     */
    public static boolean complete(long runLastSampleMillis, long athleteFrontierMillis, long runEndMillis) {
        long needed = runEndMillis - END_TOLERANCE_MILLIS;
        return runLastSampleMillis >= needed || athleteFrontierMillis >= runEndMillis;
    }
}
