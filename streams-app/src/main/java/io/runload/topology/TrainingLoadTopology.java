package io.runload.topology;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;

/**
 * Observed runs into the per-athlete training ledger. Returns run summaries, weekly volume and
 * volume, load and recovery alerts.
 */
public final class TrainingLoadTopology {
    private TrainingLoadTopology() {}

    public static KStream<String, SpecificRecord> build(KStream<String, ObservedRun> runs, TopologySettings settings) {
        return runs.process(
                () -> new TrainingLoadProcessor(settings.metrics(), settings.clock(), settings.alertHistoricalDays()),
                Named.as("training-load"),
                StoreNames.LEDGER,
                StoreNames.RUN_SUMMARIES,
                StoreNames.WEEKLY_VOLUME,
                StoreNames.ALERT_LOG,
                StoreNames.ALERTS);
    }
}
