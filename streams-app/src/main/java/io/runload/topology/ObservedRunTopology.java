package io.runload.topology;

import io.runload.avro.AthleteProfile;
import io.runload.avro.RunEvent;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;

/**
 * Profiles into their history, and run events joined with their heart-rate accumulation and the
 * profile of their date. Returns the observed runs for the training ledger: those just summarised,
 * and those a back-dated profile version scored again.
 */
public final class ObservedRunTopology {
    private ObservedRunTopology() {}

    public static KStream<String, ObservedRun> build(
            KStream<String, RunEvent> runs,
            KStream<String, AthleteProfile> profiles,
            TopologySettings settings,
            ProfileRevision profileRevision) {
        KStream<String, ObservedRun> rescored = profiles.process(
                () -> new ProfileHistoryProcessor(profileRevision),
                Named.as("profile-history"),
                StoreNames.PROFILE_HISTORY,
                StoreNames.LEDGER,
                StoreNames.RUN_HEART_RATE_RECORD);
        KStream<String, ObservedRun> summarised = runs.process(
                () -> new ObservedRunProcessor(
                        settings.runHeartRateWait(),
                        settings.lateHeartRateWatch(),
                        settings.lateGrace(),
                        settings.hrRetention()),
                Named.as("run-summary"),
                StoreNames.HEART_RATE,
                StoreNames.HEART_RATE_RUNS,
                StoreNames.PROFILE_HISTORY,
                StoreNames.PENDING_RUNS,
                StoreNames.WATCHED_RUNS,
                StoreNames.LEDGER,
                StoreNames.RUN_HEART_RATE_RECORD);
        return summarised.merge(rescored, Named.as("observed-runs"));
    }
}
