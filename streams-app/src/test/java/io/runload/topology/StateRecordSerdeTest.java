package io.runload.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.runload.avro.RunEvent;
import io.runload.serde.InMemorySchemaRegistry;
import io.runload.serde.SchemaRegistryClient;
import io.runload.serde.SpecificAvroSerializer;
import io.runload.testing.TestRecords;
import java.time.Instant;
import java.util.Arrays;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.Test;

class StateRecordSerdeTest {

    /** A registry that fails the test if the state serde ever asks it anything. */
    private static final SchemaRegistryClient UNTOUCHABLE = new SchemaRegistryClient() {
        @Override
        public int register(String subject, Schema schema) {
            throw new AssertionError("state registered " + subject);
        }

        @Override
        public int lookupId(String subject, Schema schema) {
            throw new AssertionError("state looked up " + subject);
        }

        @Override
        public Schema schemaById(int id) {
            throw new AssertionError("state fetched id " + id);
        }
    };

    private static final RunEvent RUN = TestRecords.run("a-1", "r-1", Instant.parse("2025-03-01T07:00:00Z"), 1800, 5000)
            .build();

    @Test
    void roundTripsWithoutTheRegistryAndNamesTheSchemaByFingerprint() {
        StateRecordSerde<RunEvent> serde = new StateRecordSerde<>(RunEvent.class, UNTOUCHABLE);
        byte[] bytes = serde.serializer().serialize("runload-pending-runs-changelog", RUN);

        // Avro single-object encoding: C3 01, then the CRC-64-AVRO fingerprint of the schema, little-endian.
        assertThat(bytes[0]).isEqualTo((byte) 0xC3);
        assertThat(bytes[1]).isEqualTo((byte) 0x01);
        long fingerprint = SchemaNormalization.parsingFingerprint64(RunEvent.getClassSchema());
        for (int i = 0; i < 8; i++) {
            assertThat(bytes[2 + i]).isEqualTo((byte) (fingerprint >>> (8 * i)));
        }
        assertThat(serde.deserializer().deserialize("runload-pending-runs-changelog", bytes))
                .isEqualTo(RUN);
        assertThat(serde.deserializer().deserialize("t", null)).isNull();
    }

    @Test
    void valuesStoredInTheConfluentFramingByEarlierReleasesAreStillRead() {
        InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
        byte[] legacy = new SpecificAvroSerializer<>(RunEvent.class, registry, true)
                .serialize("runload-pending-runs-changelog", RUN);
        assertThat(legacy[0]).isZero();

        StateRecordSerde<RunEvent> serde = new StateRecordSerde<>(RunEvent.class, registry);
        assertThat(serde.deserializer().deserialize("runload-pending-runs-changelog", legacy))
                .isEqualTo(RUN);
        assertThat(Arrays.equals(serde.serializer().serialize("x", RUN), legacy))
                .isFalse();
    }
}
