package io.runload.topology;

import io.runload.serde.SchemaRegistryClient;
import io.runload.serde.SpecificAvroDeserializer;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Avro records in state stores and their changelogs, in Avro's single-object encoding (marker,
 * the schema's 64-bit fingerprint, then the body). The fingerprint names the writer schema without
 * a registry, so stored state does not depend on registry ids (which an in-memory or rebuilt
 * registry hands out afresh) and no subject is registered for an internal topic.
 *
 * <p>A later release that changes a record's schema adds the old schema to {@link SchemaStore} so
 * that state written before the upgrade is still read, resolved to the new one.
 *
 * <p>Values written by earlier releases in the Confluent framing (magic byte 0, a registry id) are
 * still read through the registry when one is given, as long as it still knows their ids; they are
 * rewritten in this encoding the next time they change.
 */
final class StateRecordSerde<T extends SpecificRecord> implements Serde<T> {
    private static final byte CONFLUENT_MAGIC = 0;

    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;
    private final SpecificAvroDeserializer<T> legacy;

    StateRecordSerde(Class<T> type, SchemaRegistryClient legacyRegistry) {
        SpecificData model = SpecificData.getForClass(type);
        Schema schema = model.getSchema(type);
        SchemaStore.Cache known = new SchemaStore.Cache();
        known.addSchema(schema);
        this.encoder = new BinaryMessageEncoder<>(model, schema);
        this.decoder = new BinaryMessageDecoder<>(model, schema, known);
        this.legacy = legacyRegistry == null ? null : new SpecificAvroDeserializer<>(type, legacyRegistry);
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> {
            if (value == null) {
                return null;
            }
            try {
                return encoder.encode(value).array();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            if (bytes.length > 0 && bytes[0] == CONFLUENT_MAGIC && legacy != null) {
                return legacy.deserialize(topic, bytes);
            }
            try {
                return decoder.decode(bytes);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }
}
