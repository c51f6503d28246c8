package io.runload.runtime;

import io.runload.avro.AthleteProfile;
import io.runload.avro.HeartRateSample;
import io.runload.avro.RunEvent;
import io.runload.serde.SchemaRegistryClient;
import io.runload.serde.SpecificAvroSerializer;
import io.runload.simulator.DemoSimulator;
import io.runload.simulator.SimulationPlan;
import io.runload.simulator.SimulationPosition;
import io.runload.simulator.SimulationSink;
import io.runload.topology.TopicNames;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
 *
 * <p>Its position is kept in {@code <data dir>/simulator/position.properties} (every few seconds
 * and when it stops), so that a restarted demo carries on where it stopped rather than replaying
 * its history into state that already holds it.
 */
public final class DemoSimulation implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DemoSimulation.class);

    private final AtomicBoolean stop = new AtomicBoolean();
    private final Thread thread;
    private final KafkaProducer<byte[], byte[]> producer;
    private final DemoSimulator simulator;
    private final Path positionFile;
    private final ScheduledExecutorService saver;

    private DemoSimulation(
            SimulationPlan plan,
            KafkaProducer<byte[], byte[]> producer,
            TopicNames topics,
            SchemaRegistryClient registry,
            Optional<SimulationPosition> resume,
            Path positionFile) {
        this.producer = producer;
        this.positionFile = positionFile;
        SimulationSink sink = new KafkaSimulationSink(producer, topics, registry);
        DemoSimulator simulator = new DemoSimulator(plan, sink, resume);
        this.simulator = simulator;
        thread = new Thread(
                () -> {
                    try {
                        var summary = simulator.runUntilStopped(stop);
                        LOG.info("Simulator stopped: {}", summary);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (RuntimeException e) {
                        LOG.error("Simulator failed", e);
                    }
                },
                "runload-simulator");
        thread.setDaemon(true);
        saver = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "runload-simulator-position");
            t.setDaemon(true);
            return t;
        });
    }

    public static DemoSimulation start(
            RunLoadConfig config, String bootstrap, SchemaRegistryClient registry, Clock clock) {
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
            throw KafkaClientFailure.describe(
                    "reach " + config.topics().hrSamples(), e, config.kafkaClient(), bootstrap);
        }
        Path positionFile = positionFile(config);
        Optional<SimulationPosition> resume = Optional.empty();
        if (config.simulatorResume()) {
            resume = readPosition(positionFile);
            resume.filter(p -> !p.appliesTo(plan))
                    .ifPresent(p -> LOG.warn(
                            "{} was written for seed {} and {} athletes, not seed {} "
                                    + "and {}: replaying a new history (records older than the state already kept go to the DLQ as late)",
                            positionFile,
                            p.seed(),
                            p.athletes(),
                            plan.seed(),
                            plan.athletes()));
        }
        DemoSimulation simulation = new DemoSimulation(plan, producer, config.topics(), registry, resume, positionFile);
        simulation.thread.start();
        // savePosition logs its own failures, so the schedule never ends on an exception; close() stops it.
        var unused = simulation.saver.scheduleWithFixedDelay(simulation::savePosition, 5, 5, TimeUnit.SECONDS);
        if (resume.filter(p -> p.appliesTo(plan)).isPresent()) {
            LOG.info("Demo simulator resumed from {}: {} athletes (sim-0001 ...)", positionFile, plan.athletes());
        } else {
            LOG.info(
                    "Demo simulator started: {} athletes (sim-0001 ...), replaying {} of history",
                    plan.athletes(),
                    plan.history());
        }
        return simulation;
    }

    /** Where the simulator keeps its position. */
    public static Path positionFile(RunLoadConfig config) {
        return config.dataDir().resolve("simulator").resolve("position.properties");
    }

    static Optional<SimulationPosition> readPosition(Path file) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            p.load(in);
            return Optional.of(new SimulationPosition(
                    Long.parseLong(p.getProperty("seed")),
                    Integer.parseInt(p.getProperty("athletes")),
                    Instant.parse(p.getProperty("history.start")),
                    Instant.parse(p.getProperty("history.end")),
                    Long.parseLong(p.getProperty("history.emitted")),
                    Boolean.parseBoolean(p.getProperty("history.complete")),
                    Integer.parseInt(p.getProperty("live.sessions"))));
        } catch (IOException | RuntimeException e) {
            LOG.warn("Ignoring the unreadable simulator position {}: {}", file, e.toString());
            return Optional.empty();
        }
    }

    static void writePosition(Path file, SimulationPosition position) throws IOException {
        Properties p = new Properties();
        p.setProperty("seed", Long.toString(position.seed()));
        p.setProperty("athletes", Integer.toString(position.athletes()));
        p.setProperty("history.start", position.historyStart().toString());
        p.setProperty("history.end", position.historyEnd().toString());
        p.setProperty("history.emitted", Long.toString(position.historyEmitted()));
        p.setProperty("history.complete", Boolean.toString(position.historyComplete()));
        p.setProperty("live.sessions", Integer.toString(position.liveSessions()));
        Files.createDirectories(file.getParent());
        Path partial = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer out = Files.newBufferedWriter(partial)) {
            p.store(out, "Demo simulator position: where a restarted demo carries on");
        }
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private void savePosition() {
        try {
            writePosition(positionFile, simulator.position());
        } catch (IOException | RuntimeException e) {
            LOG.warn("Cannot save the simulator position to {}: {}", positionFile, e.toString());
        }
    }

    private static final Map<String, Object> PRODUCER = Map.of(
            ProducerConfig.LINGER_MS_CONFIG,
            20,
            ProducerConfig.BATCH_SIZE_CONFIG,
            256 * 1024,
            ProducerConfig.COMPRESSION_TYPE_CONFIG,
            "lz4",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
            true);

    static KafkaProducer<byte[], byte[]> producer(Map<String, Object> config) {
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @Override
    public void close() {
        saver.shutdownNow();
        stop.set(true);
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Flushes what the simulator sent, so the position saved next counts only delivered records.
        producer.close();
        savePosition();
    }

    /** Produces simulator output keyed by athleteId, serialized in the Confluent wire format. */
    static final class KafkaSimulationSink implements SimulationSink {
        private final KafkaProducer<byte[], byte[]> producer;
        private final TopicNames topics;
        private final SpecificAvroSerializer<HeartRateSample> samples;
        private final SpecificAvroSerializer<RunEvent> runs;
        private final SpecificAvroSerializer<AthleteProfile> profiles;
        private final AtomicBoolean failureLogged = new AtomicBoolean();

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
            deliver(new ProducerRecord<>(target, key, value));
        }

        private void send(String topic, String athleteId, byte[] value) {
            deliver(new ProducerRecord<>(topic, athleteId.getBytes(StandardCharsets.UTF_8), value));
        }

        // The demo carries on past a lost record, but says so once instead of dropping it unseen. The
        // callback sees every outcome, so the returned Future adds nothing.
        private void deliver(ProducerRecord<byte[], byte[]> record) {
            var unused = producer.send(record, (metadata, e) -> {
                if (e != null && failureLogged.compareAndSet(false, true)) {
                    LOG.warn(
                            "Demo simulator could not deliver to {} (later failures are not logged): {}",
                            record.topic(),
                            e.toString());
                }
            });
        }
    }
}
