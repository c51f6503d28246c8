package io.runload.topology;

import io.micrometer.core.instrument.Counter;
import io.runload.domain.AthleteId;
import io.runload.metrics.RunLoadMetrics;
import io.runload.serde.AvroDecodingException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.Record;

/**
 * First step for every input topic: turns raw bytes into a typed record or rejects them with a
 * reason. It reads bytes rather than letting the source deserialize, so that every failure, from
 * a wrong magic byte to an impossible heart rate, takes the same path to the dead-letter topic.
 */
final class ValidatingProcessor<T extends SpecificRecord> extends ContextualProcessor<byte[], byte[], String, T> {

    /** Record-level plausibility; returns a reason when the record is impossible. */
    @FunctionalInterface
    interface Rules<T> {
        Optional<String> check(String key, T value, long nowMillis);
    }

    private final String input;
    private final Deserializer<T> deserializer;
    private final Rules<T> rules;
    private final UnaryOperator<T> normalise;
    private final RunLoadMetrics metrics;
    private final Clock clock;
    private final int maxRecordBytes;
    /** Bound on first use rather than looked up per record; created lazily so an idle input shows no series. */
    private Counter accepted;

    ValidatingProcessor(
            String input,
            Deserializer<T> deserializer,
            Rules<T> rules,
            RunLoadMetrics metrics,
            Clock clock,
            int maxRecordBytes) {
        this(input, deserializer, rules, UnaryOperator.identity(), metrics, clock, maxRecordBytes);
    }

    /**
     * @param normalise applied to a record that passed the rules, before it is forwarded: maps
     *     values that only exist for schema evolution (an enum's default symbol) to their meaning
     */
    ValidatingProcessor(
            String input,
            Deserializer<T> deserializer,
            Rules<T> rules,
            UnaryOperator<T> normalise,
            RunLoadMetrics metrics,
            Clock clock,
            int maxRecordBytes) {
        this.input = input;
        this.deserializer = deserializer;
        this.rules = rules;
        this.normalise = normalise;
        this.metrics = metrics;
        this.clock = clock;
        this.maxRecordBytes = maxRecordBytes;
    }

    /** The athlete id a record key holds; a missing, blank or malformed one rejects the record. */
    static String athleteId(byte[] rawKey) {
        if (rawKey == null || rawKey.length == 0) {
            throw new RejectedRecordException("null_key", "record has no athleteId key");
        }
        String key = new String(rawKey, StandardCharsets.UTF_8);
        if (key.isBlank()) {
            throw new RejectedRecordException("null_key", "record key is blank");
        }
        if (!AthleteId.isValid(key)) {
            throw new RejectedRecordException(
                    "invalid_athlete_id", "record key is not a valid athlete id (" + AthleteId.FORM + ")");
        }
        return key;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        byte[] rawValue = record.value();
        if (rawValue == null || rawValue.length == 0) {
            throw new RejectedRecordException("null_value", "record has no value");
        }
        if (rawValue.length > maxRecordBytes) {
            throw new RejectedRecordException(
                    "oversized", "value of " + rawValue.length + " bytes exceeds " + maxRecordBytes);
        }
        String key = athleteId(record.key());
        String topic = context().recordMetadata().map(m -> m.topic()).orElse(input);
        T value;
        try {
            value = deserializer.deserialize(topic, record.headers(), rawValue);
        } catch (AvroDecodingException e) {
            throw new RejectedRecordException(e.reason(), e.getMessage(), e);
        } catch (Throwable e) {
            throw new RejectedRecordException("corrupt_body", String.valueOf(survivable(e)), e);
        }
        if (value == null) {
            throw new RejectedRecordException("null_value", "value decoded to null");
        }
        Optional<String> reason;
        try {
            reason = rules.check(key, value, clock.millis());
        } catch (Throwable e) {
            throw new RejectedRecordException("validation_error", String.valueOf(survivable(e)), e);
        }
        if (reason.isPresent()) {
            throw new RejectedRecordException(reason.get(), input + " record is impossible: " + reason.get());
        }
        if (accepted == null) {
            accepted = metrics.acceptedCounter(input);
        }
        accepted.increment();
        context().forward(record.withKey(key).withValue(normalise.apply(value)));
    }

    /**
     * Anything one record's bytes can provoke, a {@link StackOverflowError} included, is that
     * record's fault and must not kill the stream thread: the record is dead-lettered instead.
     * Only a JVM in trouble (out of memory, an internal error) is left to fail the thread.
     */
    private static Throwable survivable(Throwable e) {
        if (e instanceof VirtualMachineError fatal && !(e instanceof StackOverflowError)) {
            throw fatal;
        }
        return e;
    }
}
