package io.runload.topology;

import io.runload.avro.RunEvent;
import java.nio.ByteBuffer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A run event whose heart rate is not all there, kept until {@code deadlineMillis} (wall clock).
 * In {@code pending-runs} it is <em>waiting</em> for samples still in flight; in
 * {@code watched-runs}, after a summary made without all of its heart rate, it is <em>watched</em>,
 * so that samples synced later correct it.
 *
 * @param heartRateSeenMillis for a watched run, its newest sample when it was last summarised
 *     ({@code Long.MIN_VALUE} if it had none): the summary is redone only if newer samples came
 */
record PendingRun(long deadlineMillis, RunEvent event, long heartRateSeenMillis) {
    /** First byte of the current encoding; the first encoding began with a deadline's high byte, always 0. */
    private static final byte VERSION_WITH_WATCH = 1;

    static PendingRun waiting(long deadlineMillis, RunEvent event) {
        return new PendingRun(deadlineMillis, event, Long.MIN_VALUE);
    }

    static PendingRun watched(long deadlineMillis, RunEvent event, long heartRateSeenMillis) {
        return new PendingRun(deadlineMillis, event, heartRateSeenMillis);
    }

    /** Version, deadline, newest sample seen, then the run event in the state serde's Avro framing. */
    static Serde<PendingRun> serde(Serde<RunEvent> events) {
        Serializer<RunEvent> eventSerializer = events.serializer();
        Deserializer<RunEvent> eventDeserializer = events.deserializer();
        Serializer<PendingRun> serializer = (topic, pending) -> {
            if (pending == null) {
                return null;
            }
            byte[] event = eventSerializer.serialize(topic, pending.event());
            return ByteBuffer.allocate(1 + Long.BYTES + Long.BYTES + event.length)
                    .put(VERSION_WITH_WATCH)
                    .putLong(pending.deadlineMillis())
                    .putLong(pending.heartRateSeenMillis())
                    .put(event)
                    .array();
        };
        Deserializer<PendingRun> deserializer = (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            boolean withWatch = bytes[0] == VERSION_WITH_WATCH;
            if (withWatch) {
                buffer.get();
            }
            long deadline = buffer.getLong();
            long seen = withWatch ? buffer.getLong() : Long.MIN_VALUE;
            byte[] event = new byte[buffer.remaining()];
            buffer.get(event);
            return new PendingRun(deadline, eventDeserializer.deserialize(topic, event), seen);
        };
        return Serdes.serdeFrom(serializer, deserializer);
    }
}
