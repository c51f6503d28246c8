package io.runload.serde;

import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes specific records in the Confluent wire format, registering (or looking up) the writer
 * schema under the topic's subject ({@code <topic>-value} or {@code <topic>-key}).
 *
 * <p>Thread safety: Kafka Streams shares one serde instance between its stream threads, so this
 * class is safe for concurrent use. Schema ids are cached per topic; the output buffer and the
 * Avro encoder are reused per thread, so a record costs one array copy for the returned frame
 * and no other buffer allocation. A null record serializes to null (a tombstone).
 */
public class SpecificAvroSerializer<T extends SpecificRecord> implements Serializer<T> {

    static {
        AvroClassTrust.install();
    }

    private final boolean programmatic;
    private Class<T> type;
    private SchemaRegistryClient registry;
    private boolean autoRegister = true;
    private boolean isKey;

    private final ConcurrentMap<String, RegisteredSchema> idsByTopic = new ConcurrentHashMap<>();
    private volatile SchemaWriter<T> writer;
    private final ThreadLocal<EncodingState> encoding = ThreadLocal.withInitial(EncodingState::new);

    /** For creation by Kafka through reflection; {@link #configure} must follow. */
    public SpecificAvroSerializer() {
        this.programmatic = false;
    }

    /**
     * Ready to use with the given registry, as a value serializer; {@link #configure} only switches
     * between key and value and ignores the registry keys.
     */
    public SpecificAvroSerializer(Class<T> type, SchemaRegistryClient registry, boolean autoRegister) {
        this.programmatic = true;
        this.type = Objects.requireNonNull(type, "type");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.autoRegister = autoRegister;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        configure(configs, isKey, programmatic ? null : AvroSerdeConfig.registry(configs));
    }

    /** As {@link #configure(Map, boolean)}, with a registry client the caller already made. */
    void configure(Map<String, ?> configs, boolean isKey, SchemaRegistryClient configuredRegistry) {
        this.isKey = isKey;
        idsByTopic.clear();
        if (programmatic) {
            return;
        }
        Class<T> configuredType = AvroSerdeConfig.recordType(configs, isKey);
        if (configuredType != null) {
            this.type = configuredType;
        }
        this.autoRegister = AvroSerdeConfig.bool(configs, AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, true);
        this.registry = Objects.requireNonNull(configuredRegistry, "registry");
    }

    boolean isProgrammatic() {
        return programmatic;
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        if (registry == null) {
            throw new IllegalStateException("SpecificAvroSerializer is not configured: call configure() "
                    + "or use the constructor that takes a SchemaRegistryClient");
        }
        Schema schema = data.getSchema();
        int schemaId = schemaId(topic, schema);
        DatumWriter<T> datumWriter = writerFor(data, schema);
        EncodingState state = encoding.get();
        state.output.startFrame(schemaId);
        state.encoder = EncoderFactory.get().directBinaryEncoder(state.output, state.encoder);
        try {
            datumWriter.write(data, state.encoder);
            state.encoder.flush();
        } catch (IOException | RuntimeException e) {
            throw new SerializationException(
                    "Cannot encode " + schema.getFullName() + " for topic '" + topic + "': " + e.getMessage(), e);
        }
        return state.output.toFrame();
    }

    // Identity, not equals: records of one class share one Schema instance, and equals would
    // walk the whole schema on every record. A different instance only costs a registry cache hit.
    @SuppressWarnings("ReferenceEquality")
    private int schemaId(String topic, Schema schema) {
        RegisteredSchema cached = idsByTopic.get(topic);
        if (cached != null && cached.schema() == schema) {
            return cached.id();
        }
        String subject = AvroSerdeConfig.subject(topic, isKey);
        int id;
        try {
            id = autoRegister ? registry.register(subject, schema) : registry.lookupId(subject, schema);
        } catch (SchemaRegistryException e) {
            String action = autoRegister ? "register" : "find (auto.register.schemas=false)";
            throw new SerializationException(
                    "Cannot " + action + " schema " + schema.getFullName() + " under subject '" + subject + "': "
                            + e.getMessage(),
                    e);
        }
        idsByTopic.put(topic, new RegisteredSchema(schema, id));
        return id;
    }

    // Identity for the same reason as in schemaId: a different instance only builds a new writer.
    @SuppressWarnings("ReferenceEquality")
    private DatumWriter<T> writerFor(T data, Schema schema) {
        SchemaWriter<T> current = writer;
        if (current != null && current.schema() == schema) {
            return current.writer();
        }
        if (type != null && !type.isInstance(data)) {
            throw new SerializationException("Expected a " + type.getName() + " but got a "
                    + data.getClass().getName());
        }
        // The class's own SpecificData carries its logical-type conversions (Instant, LocalDate).
        SpecificDatumWriter<T> created = new SpecificDatumWriter<>(schema, SpecificData.getForClass(data.getClass()));
        writer = new SchemaWriter<>(schema, created);
        return created;
    }

    @Override
    public void close() {
        idsByTopic.clear();
    }

    private record RegisteredSchema(Schema schema, int id) {}

    private record SchemaWriter<T>(Schema schema, DatumWriter<T> writer) {}

    private static final class EncodingState {
        final FrameOutput output = new FrameOutput();
        BinaryEncoder encoder;
    }
}
