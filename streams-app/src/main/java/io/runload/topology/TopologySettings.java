package io.runload.topology;

import io.runload.metrics.RunLoadMetrics;
import io.runload.serde.SchemaRegistryClient;
import io.runload.serde.SpecificAvroSerde;
import java.time.Clock;
import java.time.Duration;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/** What the topology builders need from the outside world, injected so tests can fix it. */
public record TopologySettings(
        TopicNames topics,
        SchemaRegistryClient registry,
        boolean autoRegisterSchemas,
        RunLoadMetrics metrics,
        Clock clock,
        Duration lateGrace,
        Duration hrRetention,
        int maxRecordBytes,
        Duration runHeartRateWait,
        Duration lateHeartRateWatch,
        int alertHistoricalDays,
        StateStores stateStores) {

    /** Where the topology keeps its state. */
    public enum StateStores {
        /** RocksDB with changelogs: what the application runs with. */
        PERSISTENT,
        /**
         * In memory with changelogs: the same logic without a RocksDB flush at every commit, for
         * tests that drive many thousands of records through a TopologyTestDriver.
         */
        IN_MEMORY
    }

    public TopologySettings(
            TopicNames topics,
            SchemaRegistryClient registry,
            boolean autoRegisterSchemas,
            RunLoadMetrics metrics,
            Clock clock,
            Duration lateGrace,
            Duration hrRetention,
            int maxRecordBytes,
            Duration runHeartRateWait,
            Duration lateHeartRateWatch,
            int alertHistoricalDays) {
        this(
                topics,
                registry,
                autoRegisterSchemas,
                metrics,
                clock,
                lateGrace,
                hrRetention,
                maxRecordBytes,
                runHeartRateWait,
                lateHeartRateWatch,
                alertHistoricalDays,
                StateStores.PERSISTENT);
    }

    /** Alerts about periods that ended more than this many days before the latest data are historical. */
    public static final int DEFAULT_ALERT_HISTORICAL_DAYS = 7;

    public TopologySettings(
            TopicNames topics,
            SchemaRegistryClient registry,
            boolean autoRegisterSchemas,
            RunLoadMetrics metrics,
            Clock clock,
            Duration lateGrace,
            Duration hrRetention,
            int maxRecordBytes,
            Duration runHeartRateWait,
            Duration lateHeartRateWatch) {
        this(
                topics,
                registry,
                autoRegisterSchemas,
                metrics,
                clock,
                lateGrace,
                hrRetention,
                maxRecordBytes,
                runHeartRateWait,
                lateHeartRateWatch,
                DEFAULT_ALERT_HISTORICAL_DAYS);
    }

    public <T extends SpecificRecord> SpecificAvroSerde<T> serde(Class<T> type) {
        return new SpecificAvroSerde<>(type, registry, autoRegisterSchemas);
    }

    /**
     * Serde for Avro records in state stores and their changelogs: RunLoad's own internal topics,
     * so they name their schema by fingerprint rather than by registry id and register nothing
     * (see {@link StateRecordSerde}).
     */
    public <T extends SpecificRecord> Serde<T> stateSerde(Class<T> type) {
        return new StateRecordSerde<>(type, registry);
    }
}
