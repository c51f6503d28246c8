package io.runload.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.runload.avro.HeartRateSample;
import io.runload.avro.RunSummary;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class AvroDecodingFailureTest {

    private static final String TOPIC = "runload.hr-samples.v1";

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final SpecificAvroSerde<HeartRateSample> serde =
            new SpecificAvroSerde<>(HeartRateSample.class, registry, true);
    private final byte[] valid = serde.serializer().serialize(TOPIC, SampleRecords.fullHeartRateSample());

    @Test
    void wrongMagicByte() {
        byte[] bytes = valid.clone();
        bytes[0] = 1;
        AvroDecodingException e = decodeFailure(bytes);
        assertThat(e.reason()).isEqualTo("bad_magic_byte");
        assertThat(e).isInstanceOf(SerializationException.class).hasMessageContaining(TOPIC);
    }

    @Test
    void unknownSchemaId() {
        byte[] bytes = AvroWireFormat.frame(999, Arrays.copyOfRange(valid, 5, valid.length));
        AvroDecodingException e = decodeFailure(bytes);
        assertThat(e.reason()).isEqualTo("unknown_schema_id");
        assertThat(e.schemaId()).isEqualTo(999);
        assertThat(e).hasMessageContaining("999");
    }

    @Test
    void truncatedHeader() {
        AvroDecodingException e = decodeFailure(Arrays.copyOf(valid, 3));
        assertThat(e.reason()).isEqualTo("truncated");
    }

    @Test
    void truncatedBodyAtEveryPossibleCut() {
        // Every proper prefix that keeps the header ends inside some field of the record.
        for (int length = AvroWireFormat.HEADER_LENGTH; length < valid.length; length++) {
            AvroDecodingException e = decodeFailure(Arrays.copyOf(valid, length));
            assertThat(e.reason())
                    .as("cut at %d of %d bytes", length, valid.length)
                    .isEqualTo("truncated");
        }
    }

    @Test
    void bytesLeftOverAfterTheRecordAreCorrupt() {
        byte[] bytes = Arrays.copyOf(valid, valid.length + 1);
        AvroDecodingException e = decodeFailure(bytes);
        assertThat(e.reason()).isEqualTo("corrupt_body");
        assertThat(e).hasMessageContaining("left over");
    }

    @Test
    void anOutOfRangeUnionBranchIsCorrupt() {
        // The second field, runId, is a [null, string] union; branch 5 (zig-zag 10) does not exist.
        byte[] bytes = valid.clone();
        int runIdBranch = AvroWireFormat.HEADER_LENGTH + 1 + "ath-0042".length();
        assertThat(bytes[runIdBranch]).as("string branch of runId").isEqualTo((byte) 2);
        bytes[runIdBranch] = 10;
        assertThat(decodeFailure(bytes).reason()).isEqualTo("corrupt_body");
    }

    @Test
    void emptyValueIsNotATombstone() {
        assertThat(decodeFailure(new byte[0]).reason()).isEqualTo("null_value");
    }

    @Test
    void randomBytesWithoutTheMagicByte() {
        byte[] bytes = new byte[64];
        new Random(20260314L).nextBytes(bytes);
        bytes[0] = (byte) 0x7b;
        assertThat(decodeFailure(bytes).reason()).isEqualTo("bad_magic_byte");
    }

    @Test
    void randomBodiesBehindAValidHeaderFailOnlyWithBodyReasons() {
        int id = AvroWireFormat.schemaId(valid);
        Random random = new Random(42);
        Set<AvroDecodingException.Failure> seen = EnumSet.noneOf(AvroDecodingException.Failure.class);
        int decodedAnyway = 0;
        for (int i = 0; i < 2_000; i++) {
            byte[] body = new byte[random.nextInt(80)];
            random.nextBytes(body);
            try {
                serde.deserializer().deserialize(TOPIC, AvroWireFormat.frame(id, body));
                decodedAnyway++;
            } catch (AvroDecodingException e) {
                seen.add(e.failure());
            }
            // Any other exception type escapes and fails the test.
        }
        assertThat(seen)
                .containsExactlyInAnyOrder(
                        AvroDecodingException.Failure.TRUNCATED, AvroDecodingException.Failure.CORRUPT_BODY);
        assertThat(decodedAnyway).isLessThan(2_000);
    }

    @Test
    void aWriterSchemaOfAnotherRecordIsIncompatible() {
        SpecificAvroSerializer<RunSummary> other = new SpecificAvroSerializer<>(RunSummary.class, registry, true);
        byte[] summaryBytes = other.serialize("runload.run-summaries.v1", SampleRecords.fullRunSummary());
        AvroDecodingException e = decodeFailure(summaryBytes);
        assertThat(e.reason()).isEqualTo("incompatible_schema");
        assertThat(e).hasMessageContaining("io.runload.avro.RunSummary").hasMessageContaining("HeartRateSample");
    }

    @Test
    void registryOutageIsRegistryUnavailableAndIsNotRemembered() {
        AtomicBoolean down = new AtomicBoolean(true);
        AtomicInteger calls = new AtomicInteger();
        SchemaRegistryClient flaky = new SchemaRegistryClient() {
            @Override
            public int register(String subject, Schema schema) {
                return registry.register(subject, schema);
            }

            @Override
            public int lookupId(String subject, Schema schema) {
                return registry.lookupId(subject, schema);
            }

            @Override
            public Schema schemaById(int id) {
                calls.incrementAndGet();
                if (down.get()) {
                    throw new SchemaRegistryException(
                            "registry down", 503, 50301, "http://registry:8081/schemas/ids/" + id);
                }
                return registry.schemaById(id);
            }
        };
        SpecificAvroDeserializer<HeartRateSample> deserializer =
                new SpecificAvroDeserializer<>(HeartRateSample.class, flaky);

        AvroDecodingException e =
                catchThrowableOfType(AvroDecodingException.class, () -> deserializer.deserialize(TOPIC, valid));
        assertThat(e.reason()).isEqualTo("registry_unavailable");
        assertThat(e).hasMessageContaining("registry down");

        down.set(false);
        assertThat(deserializer.deserialize(TOPIC, valid)).isEqualTo(SampleRecords.fullHeartRateSample());
        assertThat(deserializer.deserialize(TOPIC, valid)).isEqualTo(SampleRecords.fullHeartRateSample());
        assertThat(calls)
                .as("one failed fetch, then one fetch cached for the second record")
                .hasValue(2);
    }

    /** The failure, or null when decoding succeeded (so that assertions on it fail). */
    private AvroDecodingException decodeFailure(byte[] bytes) {
        return catchThrowableOfType(
                AvroDecodingException.class, () -> serde.deserializer().deserialize(TOPIC, bytes));
    }
}
