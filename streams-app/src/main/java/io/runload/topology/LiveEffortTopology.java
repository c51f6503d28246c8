package io.runload.topology;

import io.runload.avro.HeartRateSample;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;

/**
 * Heart-rate samples: dedup on (athlete, timestamp), late check, per-run accumulation for the run
 * summary, and the live easy-run-too-hard rule. Returns the alerts it raises.
 */
public final class LiveEffortTopology {
    private LiveEffortTopology() {}

    public static KStream<String, SpecificRecord> build(
            KStream<String, HeartRateSample> samples, TopologySettings settings, ProfileRevision profileRevision) {
        return samples.process(
                () -> new LiveEffortProcessor(
                        settings.metrics(),
                        settings.clock(),
                        settings.lateGrace().toMillis(),
                        settings.hrRetention().toMillis(),
                        profileRevision),
                Named.as("live-effort"),
                StoreNames.HEART_RATE,
                StoreNames.HEART_RATE_RUNS,
                StoreNames.PROFILE_HISTORY,
                StoreNames.ALERT_LOG,
                StoreNames.ALERTS);
    }
}
