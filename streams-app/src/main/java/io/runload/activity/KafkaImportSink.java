package io.runload.activity;

import io.runload.avro.AthleteProfile;
import io.runload.avro.HeartRateSample;
import io.runload.avro.RunEvent;
import io.runload.serde.SchemaRegistryClient;
import io.runload.serde.SpecificAvroSerializer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Produces imported runs to the input topics, keyed by athleteId, in the Confluent wire format.
 *
 * <p>Kafka Streams processes an athlete's samples and runs, which sit on two topics, in record
 * timestamp order. Every sample of a run therefore carries one timestamp and the run event that
 * timestamp + 1, and the next run a later one: the run event is processed after all of its samples
 * and before the next run's, whatever the producer's batching. The timestamps follow the wall clock
 * but never repeat, so they stay within a few milliseconds of it.
 */
public final class KafkaImportSink implements ImportSink {

    private final KafkaProducer<byte[], byte[]> producer;
    private final String samplesTopic;
    private final String runsTopic;
    private final SpecificAvroSerializer<HeartRateSample> samples;
    private final SpecificAvroSerializer<RunEvent> runs;
    private final Clock clock;
    private final AtomicReference<Exception> firstFailure = new AtomicReference<>();
    private final Callback onAck = (metadata, e) -> {
        if (e != null) {
            firstFailure.compareAndSet(null, e);
        }
    };
    private long lastTimestamp = Long.MIN_VALUE;

    public KafkaImportSink(
            String bootstrapServers,
            String samplesTopic,
            String runsTopic,
            SchemaRegistryClient registry,
            boolean autoRegister,
            Clock clock) {
        this(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                samplesTopic,
                runsTopic,
                registry,
                autoRegister,
                clock);
    }

    /**
     * A sink whose producer takes {@code connection} (bootstrap servers, TLS, SASL and any other client
     * property) over the sink's own settings. It asks the cluster for the samples topic first, so a
     * cluster that cannot be reached, refuses the credentials or lacks the topic fails here, before any
     * file is read.
     */
    public KafkaImportSink(
            Map<String, ?> connection,
            String samplesTopic,
            String runsTopic,
            SchemaRegistryClient registry,
            boolean autoRegister,
            Clock clock) {
        Map<String, Object> config = new HashMap<>(Map.of(
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                ProducerConfig.LINGER_MS_CONFIG,
                20,
                ProducerConfig.BATCH_SIZE_CONFIG,
                256 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG,
                "lz4",
                ProducerConfig.MAX_BLOCK_MS_CONFIG,
                30_000));
        config.putAll(connection);
        this.producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
        try {
            producer.partitionsFor(samplesTopic);
        } catch (RuntimeException e) {
            producer.close(Duration.ZERO);
            throw e;
        }
        this.samplesTopic = samplesTopic;
        this.runsTopic = runsTopic;
        this.samples = new SpecificAvroSerializer<>(HeartRateSample.class, registry, autoRegister);
        this.runs = new SpecificAvroSerializer<>(RunEvent.class, registry, autoRegister);
        this.clock = clock;
    }

    @Override
    public void send(RunEvent run, List<HeartRateSample> runSamples) {
        failIfAnySendFailed();
        long stamp = Math.max(clock.millis(), lastTimestamp + 1);
        lastTimestamp = stamp + 1;
        byte[] key = run.getAthleteId().getBytes(StandardCharsets.UTF_8);
        // onAck sees every outcome (failIfAnySendFailed reports it), so the returned Futures add nothing.
        for (HeartRateSample s : runSamples) {
            var unused = producer.send(
                    new ProducerRecord<>(samplesTopic, null, stamp, key, samples.serialize(samplesTopic, s)), onAck);
        }
        var unused = producer.send(
                new ProducerRecord<>(runsTopic, null, stamp + 1, key, runs.serialize(runsTopic, run)), onAck);
    }

    /**
     * Sends the athlete's profile ahead of their runs: its timestamp precedes theirs, so Kafka
     * Streams applies it before it scores any of them.
     */
    public void sendProfile(
            String profilesTopic, AthleteProfile profile, SchemaRegistryClient registry, boolean autoRegister) {
        failIfAnySendFailed();
        long stamp = Math.max(clock.millis(), lastTimestamp + 1);
        lastTimestamp = stamp;
        byte[] value = new SpecificAvroSerializer<>(AthleteProfile.class, registry, autoRegister)
                .serialize(profilesTopic, profile);
        var unused = producer.send(
                new ProducerRecord<>(
                        profilesTopic, null, stamp, profile.getAthleteId().getBytes(StandardCharsets.UTF_8), value),
                onAck);
    }

    @Override
    public void flush() {
        producer.flush();
        failIfAnySendFailed();
    }

    private void failIfAnySendFailed() {
        Exception e = firstFailure.get();
        if (e != null) {
            throw new IllegalStateException(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
