package io.runload.topology;

/** Every state store, named explicitly: the names fix the changelog topics across releases. */
public final class StoreNames {
    /** athleteId -> ProfileHistory: every profile version, for as-of-date resolution. */
    public static final String PROFILE_HISTORY = "athlete-profile-history";
    /** athleteId -> AthleteHeartRateState: the heart-rate frontier, the recent runs' keys and bounds, the live monitor. */
    public static final String HEART_RATE = "athlete-heart-rate";
    /** athleteId NUL runKey -> RunHeartRateAccumulator: the heart rate of each run of {@link #HEART_RATE}. */
    public static final String HEART_RATE_RUNS = "athlete-heart-rate-runs";
    /** athleteId -> TrainingLedger: daily loads, runs and chain seeds. */
    public static final String LEDGER = "training-ledger";
    /** athleteId -> AlertLog: emitted alert ids and severities, for dedup. */
    public static final String ALERT_LOG = "alert-log";
    /** athleteId NUL runId -> RunSummary: the latest summary of each run (re-publication and the API). */
    public static final String RUN_SUMMARIES = "run-summary-store";
    /** athleteId NUL weekStart -> WeeklyVolume: the latest figures of each week (the API). */
    public static final String WEEKLY_VOLUME = "weekly-volume-store";
    /** athleteId NUL runId -> PendingRun: run events waiting for the rest of their heart rate. */
    public static final String PENDING_RUNS = "pending-runs";
    /** athleteId NUL runId -> PendingRun: runs summarised without all their heart rate, watched for late samples. */
    public static final String WATCHED_RUNS = "watched-runs";
    /**
     * athleteId NUL runId -> RunHeartRateRecord: each summarised run of the ledger window with its bpm
     * histogram, so that a back-dated profile change can score it again.
     */
    public static final String RUN_HEART_RATE_RECORD = "run-heart-rate-record";
    /** athleteId NUL alertId -> AthleteAlert: recent alerts (the API). */
    public static final String ALERTS = "alert-store";

    private StoreNames() {}

    /** Composite key whose prefix is the athlete, so one athlete's entries form one range. */
    public static String composite(String athleteId, String suffix) {
        return athleteId + '\u0000' + suffix;
    }

    public static String athletePrefix(String athleteId) {
        return athleteId + '\u0000';
    }
}
