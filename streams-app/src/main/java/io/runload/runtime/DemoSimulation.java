package io.runload.runtime;

import io.runload.avro.AthleteProfile;
import io.runload.avro.HeartRateSample;
import io.runload.avro.RunEvent;
import io.runload.ingest.DemoSimulator;
import io.runload.ingest.SimulationPlan;
import io.runload.ingest.SimulationSink;
import io.runload.serde.SchemaRegistryClient;
import io.runload.serde.SpecificAvroSerializer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the demo simulator on its own thread and produces what it generates to the input topics,
 * in the Avro wire format. Garbage records go out as raw bytes so the dead-letter path shows in
 * the demo.
 */
public final class DemoSimulation implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DemoSimulation.class);

    private final AtomicBoolean stop = new AtomicBoolean();
    private final Thread thread;
    private final KafkaProducer<byte[], byte[]> producer;

    private DemoSimulation(SimulationPlan plan, KafkaProducer<byte[], byte[]> producer, TopicNames topics,
                           SchemaRegistryClient registry) {
        this.producer = producer;
        SimulationSink sink = new KafkaSimulationSink(producer, topics, registry);
        DemoSimulator simulator = new DemoSimulator(plan, sink);
        thread = new Thread(() -> {
            try {
                var summary = simulator.runUntilStopped(stop);
                LOG.info("Simulator stopped: {}", summary);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.error("Simulator failed", e);
            }
        }, "runload-simulator");
        thread.setDaemon(true);
    }

    public static DemoSimulation start(RunLoadConfig config, String bootstrap, SchemaRegistryClient registry, Clock clock) {
        SimulationPlan plan = SimulationPlan.defaults()
                .withAthletes(config.simulatorAthletes())
                .withSeed(config.simulatorSeed())
                .withClock(clock);
        KafkaProducer<byte[], byte[]> producer = producer(config.kafkaClient().forClient(bootstrap, PRODUCER));
        try {
            // Refused credentials or an unreachable cluster fail here, once, instead of on every send.
            producer.partitionsFor(config.topics().hrSamples());
        } catch (KafkaException e) {
            producer.close(Duration.ZERO);
            throw KafkaClientFailure.describe("reach " + config.topics().hrSamples(), e, config.kafkaClient(), bootstrap);
        }
        DemoSimulation simulation = new DemoSimulation(plan, producer, config.topics(), registry);
        simulation.thread.start();
        LOG.info("Demo simulator started: {} athletes (sim-0001 ...), replaying {} of history", plan.athletes(), plan.history());
        return simulation;
    }

    private static final Map<String, Object> PRODUCER = Map.of(
            ProducerConfig.LINGER_MS_CONFIG, 20,
            ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
            ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);

    static KafkaProducer<byte[], byte[]> producer(Map<String, Object> config) {
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @Override
    public void close() {
        stop.set(true);
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close();
    }

    /** Produces simulator output keyed by athleteId, serialized in the Confluent wire format. */
    static final class KafkaSimulationSink implements SimulationSink {
        private final KafkaProducer<byte[], byte[]> producer;
        private final TopicNames topics;
        private final SpecificAvroSerializer<HeartRateSample> samples;
        private final SpecificAvroSerializer<RunEvent> runs;
        private final SpecificAvroSerializer<AthleteProfile> profiles;

        KafkaSimulationSink(KafkaProducer<byte[], byte[]> producer, TopicNames topics, SchemaRegistryClient registry) {
            this.producer = producer;
            this.topics = topics;
            this.samples = new SpecificAvroSerializer<>(HeartRateSample.class, registry, true);
            this.runs = new SpecificAvroSerializer<>(RunEvent.class, registry, true);
            this.profiles = new SpecificAvroSerializer<>(AthleteProfile.class, registry, true);
        }

        @Override
        public void profile(AthleteProfile p) {
            send(topics.athleteProfiles(), p.getAthleteId(), profiles.serialize(topics.athleteProfiles(), p));
        }

        @Override
        public void sample(HeartRateSample s) {
            send(topics.hrSamples(), s.getAthleteId(), samples.serialize(topics.hrSamples(), s));
        }

        @Override
        public void run(RunEvent r) {
            send(topics.runs(), r.getAthleteId(), runs.serialize(topics.runs(), r));
        }

        @Override
        public void garbage(String topic, byte[] key, byte[] value) {
            String target = switch (topic) {
                case HR_SAMPLES -> topics.hrSamples();
                case RUNS -> topics.runs();
                default -> topics.athleteProfiles();
            };
            producer.send(new ProducerRecord<>(target, key, value));
        }

        private void send(String topic, String athleteId, byte[] value) {
            producer.send(new ProducerRecord<>(topic, athleteId.getBytes(StandardCharsets.UTF_8), value));
        }
    }
}
