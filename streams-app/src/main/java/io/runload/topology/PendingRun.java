package io.runload.topology;

import io.runload.avro.RunEvent;
import java.nio.ByteBuffer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** A run event waiting for the rest of its heart rate, until {@code deadlineMillis} (wall clock). */
record PendingRun(long deadlineMillis, RunEvent event) {

    /** The deadline as 8 bytes, then the run event in the state serde's Avro framing. */
    static Serde<PendingRun> serde(Serde<RunEvent> events) {
        Serializer<RunEvent> eventSerializer = events.serializer();
        Deserializer<RunEvent> eventDeserializer = events.deserializer();
        Serializer<PendingRun> serializer = (topic, pending) -> {
            if (pending == null) {
                return null;
            }
            byte[] event = eventSerializer.serialize(topic, pending.event());
            return ByteBuffer.allocate(Long.BYTES + event.length).putLong(pending.deadlineMillis()).put(event).array();
        };
        Deserializer<PendingRun> deserializer = (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            long deadline = buffer.getLong();
            byte[] event = new byte[buffer.remaining()];
            buffer.get(event);
            return new PendingRun(deadline, eventDeserializer.deserialize(topic, event));
        };
        return org.apache.kafka.common.serialization.Serdes.serdeFrom(serializer, deserializer);
    }
}
