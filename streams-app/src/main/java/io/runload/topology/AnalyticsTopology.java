package io.runload.topology;

import io.runload.avro.AthleteAlert;
import io.runload.avro.RunEvent;
import io.runload.avro.RunSummary;
import io.runload.avro.WeeklyVolume;
import io.runload.state.AlertLogCodec;
import io.runload.state.AthleteHeartRateStateCodec;
import io.runload.state.ProfileHistoryCodec;
import io.runload.state.RunHeartRateAccumulatorCodec;
import io.runload.state.TrainingLedgerCodec;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Wires the analytics topologies ({@link LiveEffortTopology}, {@link ObservedRunTopology},
 * {@link TrainingLoadTopology}) over shared state stores, and routes every result to its output
 * topic.
 *
 * <p>Every input is keyed by athleteId and co-partitioned, so all of this runs in one
 * sub-topology with no repartition topic: an athlete's samples, runs and profile meet in one task
 * and its stores.
 */
public final class AnalyticsTopology {
    private AnalyticsTopology() {}

    public static void build(
            StreamsBuilder builder, InputValidationTopology.ValidatedInputs inputs, TopologySettings settings) {
        addStores(builder, settings);

        // Shared by the profile writer and the per-sample profile cache of every task.
        ProfileRevision profileRevision = new ProfileRevision();
        KStream<String, SpecificRecord> liveAlerts =
                LiveEffortTopology.build(inputs.samples(), settings, profileRevision);
        KStream<String, ObservedRun> observedRuns =
                ObservedRunTopology.build(inputs.runs(), inputs.profiles(), settings, profileRevision);
        KStream<String, SpecificRecord> ledgerOutputs = TrainingLoadTopology.build(observedRuns, settings);

        route(liveAlerts.merge(ledgerOutputs, Named.as("merge-outputs")), settings);
        ErasureTopology.build(inputs.erasures(), settings, profileRevision);
    }

    private static void route(KStream<String, SpecificRecord> outputs, TopologySettings settings) {
        var topics = settings.topics();
        outputs.split(Named.as("output-"))
                .branch(
                        (k, v) -> v instanceof RunSummary,
                        Branched.withConsumer(
                                s -> s.mapValues(v -> (RunSummary) v, Named.as("as-run-summary"))
                                        .to(
                                                topics.runSummaries(),
                                                Produced.with(Serdes.String(), settings.serde(RunSummary.class))
                                                        .withName("run-summaries-sink")),
                                "run-summaries"))
                .branch(
                        (k, v) -> v instanceof WeeklyVolume,
                        Branched.withConsumer(
                                s -> s.mapValues(v -> (WeeklyVolume) v, Named.as("as-weekly-volume"))
                                        .to(
                                                topics.weeklyVolume(),
                                                Produced.with(Serdes.String(), settings.serde(WeeklyVolume.class))
                                                        .withName("weekly-volume-sink")),
                                "weekly-volume"))
                .branch(
                        (k, v) -> v instanceof AthleteAlert,
                        Branched.withConsumer(
                                s -> s.mapValues(v -> (AthleteAlert) v, Named.as("as-alert"))
                                        .to(
                                                topics.alerts(),
                                                Produced.with(Serdes.String(), settings.serde(AthleteAlert.class))
                                                        .withName("alerts-sink")),
                                "alerts"))
                .noDefaultBranch();
    }

    private static void addStores(StreamsBuilder builder, TopologySettings settings) {
        builder.addStateStore(store(
                settings,
                StoreNames.PROFILE_HISTORY,
                new CodecSerde<>(ProfileHistoryCodec::encode, ProfileHistoryCodec::decode)));
        // Rewritten on every sample: encoded once per commit instead of once per write (see CommitTimeEncodingStore).
        builder.addStateStore(CommitTimeEncodingStore.builder(Stores.keyValueStoreBuilder(
                supplier(settings, StoreNames.HEART_RATE),
                Serdes.String(),
                new CodecSerde<>(AthleteHeartRateStateCodec::encode, AthleteHeartRateStateCodec::decode))));
        // One entry per run, so that a commit encodes and logs only the runs that took samples since the last.
        builder.addStateStore(CommitTimeEncodingStore.builder(Stores.keyValueStoreBuilder(
                supplier(settings, StoreNames.HEART_RATE_RUNS),
                Serdes.String(),
                new CodecSerde<>(RunHeartRateAccumulatorCodec::encode, RunHeartRateAccumulatorCodec::decode))));
        builder.addStateStore(store(
                settings,
                StoreNames.LEDGER,
                new CodecSerde<>(TrainingLedgerCodec::encode, TrainingLedgerCodec::decode)));
        builder.addStateStore(
                store(settings, StoreNames.ALERT_LOG, new CodecSerde<>(AlertLogCodec::encode, AlertLogCodec::decode)));
        builder.addStateStore(store(settings, StoreNames.RUN_SUMMARIES, settings.stateSerde(RunSummary.class)));
        builder.addStateStore(store(settings, StoreNames.WEEKLY_VOLUME, settings.stateSerde(WeeklyVolume.class)));
        builder.addStateStore(store(settings, StoreNames.ALERTS, settings.stateSerde(AthleteAlert.class)));
        builder.addStateStore(
                store(settings, StoreNames.PENDING_RUNS, PendingRun.serde(settings.stateSerde(RunEvent.class))));
        builder.addStateStore(
                store(settings, StoreNames.WATCHED_RUNS, PendingRun.serde(settings.stateSerde(RunEvent.class))));
        // Raw bytes: RunHeartRateRecords decodes them with the key, which holds the ids the value leaves out.
        builder.addStateStore(store(settings, StoreNames.RUN_HEART_RATE_RECORD, Serdes.ByteArray()));
    }

    private static <V> StoreBuilder<?> store(TopologySettings settings, String name, Serde<V> valueSerde) {
        return Stores.keyValueStoreBuilder(supplier(settings, name), Serdes.String(), valueSerde)
                .withCachingEnabled();
    }

    private static KeyValueBytesStoreSupplier supplier(TopologySettings settings, String name) {
        return settings.stateStores() == TopologySettings.StateStores.IN_MEMORY
                ? Stores.inMemoryKeyValueStore(name)
                : Stores.persistentKeyValueStore(name);
    }
}
