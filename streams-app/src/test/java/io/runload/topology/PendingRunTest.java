package io.runload.topology;

import static io.runload.testing.TestRecords.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.runload.avro.RunEvent;
import io.runload.serde.InMemorySchemaRegistry;
import io.runload.serde.SpecificAvroSerde;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class PendingRunTest {
    private final SpecificAvroSerde<RunEvent> events =
            new SpecificAvroSerde<>(RunEvent.class, new InMemorySchemaRegistry(), true);
    private final Serde<PendingRun> serde = PendingRun.serde(events);
    private final RunEvent event =
            run("a1", "r1", Instant.parse("2026-11-20T07:00:00Z"), 2700, 7500).build();

    @Test
    void waitingAndWatchedRunsRoundTrip() {
        for (PendingRun pending : new PendingRun[] {
            PendingRun.waiting(1_795_000_000_000L, event),
            PendingRun.watched(1_795_000_003_600L, event, 1_763_622_600_000L),
            PendingRun.watched(1_795_000_003_600L, event, Long.MIN_VALUE)
        }) {
            byte[] bytes = serde.serializer().serialize("t", pending);
            assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(pending);
        }
    }

    @Test
    void anEntryWrittenBeforeWatchingExistedStillReadsAsWaiting() {
        byte[] encodedEvent = events.serializer().serialize("t", event);
        byte[] firstFormat = ByteBuffer.allocate(Long.BYTES + encodedEvent.length)
                .putLong(1_795_000_000_000L)
                .put(encodedEvent)
                .array();
        assertThat(serde.deserializer().deserialize("t", firstFormat))
                .isEqualTo(PendingRun.waiting(1_795_000_000_000L, event));
    }
}
