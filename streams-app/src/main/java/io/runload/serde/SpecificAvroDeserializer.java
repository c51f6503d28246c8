package io.runload.serde;

import io.runload.serde.AvroDecodingException.Failure;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent-framed Avro into specific records, resolving the writer schema (fetched by id)
 * against the record class's schema with Avro's schema resolution.
 *
 * <p>A null value (a tombstone) deserializes to null. Everything else that is not a readable
 * record throws {@link AvroDecodingException} with a stable reason code, so that the
 * deserialization exception handler can route it to the DLQ.
 *
 * <p>Thread safety: safe for concurrent use, since Kafka Streams shares a serde instance between
 * its stream threads. One {@link DatumReader} is cached per writer schema id (Avro keeps its
 * resolving decoders per thread) and the binary decoder is reused per thread.
 */
public class SpecificAvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {

    static {
        AvroClassTrust.install();
    }

    private final boolean programmatic;
    private Class<T> type;
    private SchemaRegistryClient registry;

    private final ConcurrentMap<Integer, WriterResolution<T>> resolutionsById = new ConcurrentHashMap<>();
    private final ThreadLocal<DecodingState> decoding = ThreadLocal.withInitial(DecodingState::new);

    /**
     * For creation by Kafka through reflection; {@link #configure} must follow. Without
     * {@code specific.avro.value.type} the record class is found from the writer schema's name.
     */
    public SpecificAvroDeserializer() {
        this.programmatic = false;
    }

    /** Ready to use; {@link #configure} then changes nothing. */
    public SpecificAvroDeserializer(Class<T> type, SchemaRegistryClient registry) {
        this.programmatic = true;
        this.type = Objects.requireNonNull(type, "type");
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (programmatic) {
            return;
        }
        configure(configs, isKey, AvroSerdeConfig.registry(configs));
    }

    /** As {@link #configure(Map, boolean)}, with a registry client the caller already made. */
    void configure(Map<String, ?> configs, boolean isKey, SchemaRegistryClient configuredRegistry) {
        if (programmatic) {
            return;
        }
        AvroSerdeConfig.requireSpecificReader(configs);
        Class<T> configuredType = AvroSerdeConfig.recordType(configs, isKey);
        if (configuredType != null) {
            this.type = configuredType;
        }
        this.registry = Objects.requireNonNull(configuredRegistry, "registry");
        resolutionsById.clear();
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (registry == null) {
            throw new IllegalStateException("SpecificAvroDeserializer is not configured: call configure() "
                    + "or use the constructor that takes a SchemaRegistryClient");
        }
        int schemaId;
        try {
            schemaId = AvroWireFormat.schemaId(data);
        } catch (AvroDecodingException e) {
            throw new AvroDecodingException(
                    e.failure(), AvroWireFormat.NO_SCHEMA_ID, "Topic '" + topic + "': " + e.getMessage(), null);
        }
        WriterResolution<T> resolution = resolution(topic, schemaId);
        DecodingState state = decoding.get();
        BinaryDecoder decoder = DecoderFactory.get()
                .binaryDecoder(
                        data, AvroWireFormat.HEADER_LENGTH, data.length - AvroWireFormat.HEADER_LENGTH, state.decoder);
        state.decoder = decoder;
        T value;
        try {
            value = resolution.reader().read(null, decoder);
        } catch (EOFException e) {
            throw bodyFailure(Failure.TRUNCATED, topic, schemaId, resolution, data, "ends before the record does", e);
        } catch (IOException | RuntimeException e) {
            throw bodyFailure(Failure.CORRUPT_BODY, topic, schemaId, resolution, data, "is not valid: " + e, e);
        } catch (StackOverflowError e) {
            // The writer bounds should make this unreachable; if a schema slips past them, one
            // record must still not take the stream thread down.
            throw bodyFailure(
                    Failure.CORRUPT_BODY,
                    topic,
                    schemaId,
                    resolution,
                    data,
                    "nests too deeply to decode (stack overflow)",
                    null);
        }
        boolean consumedAll;
        try {
            consumedAll = decoder.isEnd();
        } catch (IOException e) {
            consumedAll = false;
        }
        if (!consumedAll) {
            throw bodyFailure(
                    Failure.CORRUPT_BODY,
                    topic,
                    schemaId,
                    resolution,
                    data,
                    "has bytes left over after a complete record",
                    null);
        }
        return value;
    }

    private WriterResolution<T> resolution(String topic, int schemaId) {
        WriterResolution<T> cached = resolutionsById.get(schemaId);
        if (cached == null) {
            cached = resolve(topic, schemaId);
            WriterResolution<T> raced = resolutionsById.putIfAbsent(schemaId, cached);
            if (raced != null) {
                cached = raced;
            }
        }
        if (cached.incompatibility() != null) {
            throw new AvroDecodingException(
                    cached.failure(),
                    schemaId,
                    "Topic '" + topic
                            + "': writer schema id " + schemaId + " ("
                            + cached.writer().getFullName()
                            + ") cannot be read as " + cached.readerName() + ": " + cached.incompatibility(),
                    null);
        }
        return cached;
    }

    /**
     * Fetches the writer schema and decides once per id whether it can be read. Registry failures
     * are not cached: the next record retries, so an outage heals by itself.
     */
    private WriterResolution<T> resolve(String topic, int schemaId) {
        Schema writer;
        try {
            writer = registry.schemaById(schemaId);
        } catch (SchemaRegistryException e) {
            Failure failure = e.isNotFound() ? Failure.UNKNOWN_SCHEMA_ID : Failure.REGISTRY_UNAVAILABLE;
            throw new AvroDecodingException(
                    failure,
                    schemaId,
                    "Topic '" + topic + "': cannot get writer schema id " + schemaId + ": " + e.getMessage(),
                    e);
        }
        var unsupported = WriterSchemaBounds.DEFAULT.violation(writer);
        if (unsupported.isPresent()) {
            return WriterResolution.incompatible(
                    Failure.UNSUPPORTED_WRITER_SCHEMA,
                    writer,
                    type != null ? type.getName() : writer.getFullName(),
                    unsupported.get());
        }
        Class<T> target = type != null ? type : classNamedBy(writer);
        if (target == null) {
            return WriterResolution.incompatible(
                    Failure.INCOMPATIBLE_SCHEMA,
                    writer,
                    writer.getFullName(),
                    "no specific record class " + writer.getFullName() + " on the classpath");
        }
        SpecificData model = SpecificData.getForClass(target);
        Schema reader = model.getSchema(target);
        SchemaPairCompatibility compatibility = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        if (compatibility.getType() != SchemaCompatibilityType.COMPATIBLE) {
            String details = compatibility.getResult().getIncompatibilities().stream()
                    .map(i -> i.getType() + " at " + i.getLocation() + fieldPath(reader, i.getLocation()) + ": "
                            + i.getMessage())
                    .collect(Collectors.joining("; "));
            return WriterResolution.incompatible(Failure.INCOMPATIBLE_SCHEMA, writer, reader.getFullName(), details);
        }
        return new WriterResolution<>(
                writer, reader.getFullName(), new SpecificDatumReader<>(writer, reader, model), null);
    }

    /**
     * Avro reports where an incompatibility is as a JSON pointer into the reader schema, such as
     * {@code /fields/2/type}; operators need the field names ({@code " (field deviceId)"}).
     */
    static String fieldPath(Schema reader, String location) {
        List<String> names = new ArrayList<>();
        Schema current = reader;
        String[] steps = location.split("/", -1);
        try {
            for (int i = 0; i < steps.length; i++) {
                switch (steps[i]) {
                    case "fields" -> {
                        Schema.Field field = current.getFields().get(Integer.parseInt(steps[++i]));
                        names.add(field.name());
                        current = field.schema();
                    }
                    case "items" -> current = current.getElementType();
                    case "values" -> current = current.getValueType();
                    default -> {
                        if (current.getType() == Schema.Type.UNION
                                && steps[i].chars().allMatch(Character::isDigit)) {
                            current = current.getTypes().get(Integer.parseInt(steps[i]));
                        }
                    }
                }
            }
        } catch (RuntimeException unexpectedShape) {
            // Best effort only: the raw pointer is still in the message.
        }
        return names.isEmpty() ? "" : " (field " + String.join(".", names) + ")";
    }

    @SuppressWarnings("unchecked")
    private static <T> Class<T> classNamedBy(Schema writer) {
        if (writer.getType() != Schema.Type.RECORD) {
            return null;
        }
        Class<?> found = SpecificData.get().getClass(writer);
        return found != null && SpecificRecord.class.isAssignableFrom(found) ? (Class<T>) found : null;
    }

    private static AvroDecodingException bodyFailure(
            Failure failure,
            String topic,
            int schemaId,
            WriterResolution<?> resolution,
            byte[] data,
            String what,
            Throwable cause) {
        return new AvroDecodingException(
                failure,
                schemaId,
                "Topic '" + topic + "': Avro body of "
                        + (data.length - AvroWireFormat.HEADER_LENGTH) + " bytes with writer schema id " + schemaId
                        + " ("
                        + resolution.writer().getFullName() + ") " + what,
                cause);
    }

    @Override
    public void close() {
        resolutionsById.clear();
    }

    private record WriterResolution<T>(
            Schema writer, String readerName, DatumReader<T> reader, String incompatibility, Failure failure) {
        WriterResolution(Schema writer, String readerName, DatumReader<T> reader, String incompatibility) {
            this(writer, readerName, reader, incompatibility, Failure.INCOMPATIBLE_SCHEMA);
        }

        static <T> WriterResolution<T> incompatible(Failure failure, Schema writer, String readerName, String why) {
            return new WriterResolution<>(writer, readerName, null, why, failure);
        }
    }

    private static final class DecodingState {
        BinaryDecoder decoder;
    }
}
