package io.runload.serde;

import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serde for specific Avro records in the Confluent wire format. See {@link AvroSerdeConfig} for
 * the configuration keys, {@link SpecificAvroSerializer} and {@link SpecificAvroDeserializer} for
 * the behaviour. Safe for concurrent use.
 */
public class SpecificAvroSerde<T extends SpecificRecord> implements Serde<T> {

    private final SpecificAvroSerializer<T> serializer;
    private final SpecificAvroDeserializer<T> deserializer;

    /** For creation by Kafka through reflection; {@link #configure} must follow. */
    public SpecificAvroSerde() {
        this.serializer = new SpecificAvroSerializer<>();
        this.deserializer = new SpecificAvroDeserializer<>();
    }

    /**
     * Ready to use as a value serde with the given registry. {@link #configure} only switches
     * between key and value; registry keys in the map are ignored.
     */
    public SpecificAvroSerde(Class<T> type, SchemaRegistryClient registry, boolean autoRegister) {
        this.serializer = new SpecificAvroSerializer<>(type, registry, autoRegister);
        this.deserializer = new SpecificAvroDeserializer<>(type, registry);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (serializer.isProgrammatic()) {
            serializer.configure(configs, isKey, null);
            return;
        }
        // Check what the deserializer would reject before opening a client, then share one client
        // (and its caches) between both directions.
        AvroSerdeConfig.requireSpecificReader(configs);
        SchemaRegistryClient registry = AvroSerdeConfig.registry(configs);
        serializer.configure(configs, isKey, registry);
        deserializer.configure(configs, isKey, registry);
    }

    @Override
    public Serializer<T> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        return deserializer;
    }

    @Override
    public void close() {
        serializer.close();
        deserializer.close();
    }
}
