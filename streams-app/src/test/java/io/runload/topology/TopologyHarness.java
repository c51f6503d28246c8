package io.runload.topology;

import io.runload.avro.AthleteAlert;
import io.runload.avro.AthleteProfile;
import io.runload.avro.HeartRateSample;
import io.runload.avro.RunEvent;
import io.runload.avro.RunSummary;
import io.runload.avro.WeeklyVolume;
import io.runload.metrics.RunLoadMetrics;
import io.runload.runtime.DeadLetterHandler;
import io.runload.serde.InMemorySchemaRegistry;
import io.runload.serde.SpecificAvroSerde;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/** The whole RunLoad topology in a TopologyTestDriver, with an in-memory registry and a fixed clock. */
final class TopologyHarness implements AutoCloseable {
    static final Duration RUN_HEART_RATE_WAIT = Duration.ofSeconds(10);
    static final Duration LATE_HEART_RATE_WATCH = Duration.ofMinutes(30);
    final TopicNames topics = new TopicNames("runload.");
    final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    final RunLoadMetrics metrics = RunLoadMetrics.prometheus();
    final TopologyTestDriver driver;
    final TestInputTopic<byte[], byte[]> samplesRaw;
    final TestInputTopic<byte[], byte[]> runsRaw;
    final TestInputTopic<byte[], byte[]> profilesRaw;
    final TestOutputTopic<String, RunSummary> summaries;
    final TestOutputTopic<String, WeeklyVolume> weeks;
    final TestOutputTopic<String, AthleteAlert> alerts;
    final TestOutputTopic<byte[], byte[]> deadLetters;
    private final SpecificAvroSerde<HeartRateSample> sampleSerde;
    private final SpecificAvroSerde<RunEvent> runSerde;
    private final SpecificAvroSerde<AthleteProfile> profileSerde;

    TopologyHarness(Instant now) {
        this(now, Duration.ofDays(7));
    }

    TopologyHarness(Instant now, Duration grace) {
        this(now, grace, Duration.ofHours(36), RUN_HEART_RATE_WAIT, new Properties());
    }

    /** With the given heart-rate retention and run wait, and extra Streams properties (e.g. max.task.idle.ms). */
    TopologyHarness(Instant now, Duration grace, Duration hrRetention, Duration runHeartRateWait, Properties extra) {
        this(now, grace, hrRetention, runHeartRateWait, extra, TopologySettings.StateStores.PERSISTENT);
    }

    TopologyHarness(
            Instant now,
            Duration grace,
            Duration hrRetention,
            Duration runHeartRateWait,
            Properties extra,
            TopologySettings.StateStores stores) {
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        TopologySettings settings = new TopologySettings(
                topics,
                registry,
                true,
                metrics,
                clock,
                grace,
                hrRetention,
                262_144,
                runHeartRateWait,
                LATE_HEART_RATE_WATCH,
                TopologySettings.DEFAULT_ALERT_HISTORICAL_DAYS,
                stores);
        Properties props = new Properties();
        props.putAll(extra);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "runload-test-" + UUID.randomUUID());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class.getName());
        props.put(DeadLetterHandler.DLQ_TOPIC_CONFIG, topics.deadLetters());
        props.put(DeadLetterHandler.METRICS_CONFIG, metrics);
        props.put(
                StreamsConfig.STATE_DIR_CONFIG,
                System.getProperty("java.io.tmpdir") + "/runload-ttd-" + UUID.randomUUID());
        driver = new TopologyTestDriver(RunLoadTopology.build(settings), props, now);
        var bytes = new ByteArraySerializer();
        samplesRaw = driver.createInputTopic(topics.hrSamples(), bytes, bytes);
        runsRaw = driver.createInputTopic(topics.runs(), bytes, bytes);
        profilesRaw = driver.createInputTopic(topics.athleteProfiles(), bytes, bytes);
        summaries = driver.createOutputTopic(
                topics.runSummaries(),
                new StringDeserializer(),
                settings.serde(RunSummary.class).deserializer());
        weeks = driver.createOutputTopic(
                topics.weeklyVolume(),
                new StringDeserializer(),
                settings.serde(WeeklyVolume.class).deserializer());
        alerts = driver.createOutputTopic(
                topics.alerts(),
                new StringDeserializer(),
                settings.serde(AthleteAlert.class).deserializer());
        deadLetters = driver.createOutputTopic(
                topics.deadLetters(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        sampleSerde = settings.serde(HeartRateSample.class);
        runSerde = settings.serde(RunEvent.class);
        profileSerde = settings.serde(AthleteProfile.class);
    }

    void profile(AthleteProfile p) {
        profilesRaw.pipeInput(key(p.getAthleteId()), profileSerde.serializer().serialize(topics.athleteProfiles(), p));
    }

    void sample(HeartRateSample s) {
        samplesRaw.pipeInput(new TestRecord<>(
                key(s.getAthleteId()), sampleSerde.serializer().serialize(topics.hrSamples(), s), s.getEventTime()));
    }

    void run(RunEvent r) {
        runsRaw.pipeInput(new TestRecord<>(
                key(r.getAthleteId()), runSerde.serializer().serialize(topics.runs(), r), r.getStartTime()));
    }

    /** A run event, then as much wall-clock time as a run without (all its) heart rate waits. */
    void runAndWait(RunEvent r) {
        run(r);
        driver.advanceWallClockTime(RUN_HEART_RATE_WAIT.plusSeconds(1));
    }

    /** Keys of the runs waiting for, or watched for, heart rate. */
    List<String> pendingRuns() {
        List<String> keys = new java.util.ArrayList<>();
        for (String store : List.of(StoreNames.PENDING_RUNS, StoreNames.WATCHED_RUNS)) {
            org.apache.kafka.streams.state.KeyValueStore<String, Object> runs = driver.getKeyValueStore(store);
            try (var it = runs.all()) {
                it.forEachRemaining(entry -> keys.add(entry.key));
            }
        }
        return keys;
    }

    byte[] encode(SpecificRecord value, String topic) {
        if (value instanceof HeartRateSample s) {
            return sampleSerde.serializer().serialize(topic, s);
        }
        if (value instanceof RunEvent r) {
            return runSerde.serializer().serialize(topic, r);
        }
        return profileSerde.serializer().serialize(topic, (AthleteProfile) value);
    }

    static byte[] key(String athleteId) {
        return athleteId.getBytes(StandardCharsets.UTF_8);
    }

    <T> List<T> drainValues(TestOutputTopic<?, T> topic) {
        return topic.readValuesToList();
    }

    double metric(String name, String... labels) {
        var search = metrics.registry().find(name);
        for (int i = 0; i + 1 < labels.length; i += 2) {
            search = search.tag(labels[i], labels[i + 1]);
        }
        var counters = search.counters();
        return counters.stream().mapToDouble(c -> c.count()).sum();
    }

    @Override
    public void close() {
        driver.close();
    }
}
