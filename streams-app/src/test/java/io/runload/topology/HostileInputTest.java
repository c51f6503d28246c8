package io.runload.topology;

import static io.runload.testing.TestRecords.profile;
import static io.runload.testing.TestRecords.run;
import static io.runload.testing.TestRecords.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runload.avro.HeartRateSample;
import io.runload.avro.RunEvent;
import io.runload.avro.RunSummary;
import io.runload.metrics.RunLoadMetrics;
import io.runload.serde.AvroWireFormat;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Records built to hurt the app: each goes to the dead-letter topic on its own, and the app goes on. */
class HostileInputTest {
    private static final Instant NOW = Instant.parse("2026-11-25T08:00:00Z");
    private static final int NESTING = 20_000;
    private final TopologyHarness h = new TopologyHarness(NOW);

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void aRecordWithARecursiveWriterSchemaIsDeadLetteredAndLaterRecordsAreProcessed() throws Exception {
        Schema writer = sampleSchemaWithRecursiveTrail();
        int writerId = h.registry.register(h.topics.hrSamples() + "-value", writer);
        Instant start = Instant.parse("2026-11-24T07:00:00Z");
        h.profile(profile("a1").build());
        byte[] hostile = hostileSample(writerId, sample("a1", "r1", start, 150));
        assertThat(hostile.length).isBetween(20_000, 21_000);
        assertThat(overflowsPlainAvro(writer, hostile))
                .as("the record really makes Avro recurse once per nesting level")
                .isTrue();

        h.samplesRaw.pipeInput(TopologyHarness.key("a1"), hostile);
        h.samplesRaw.pipeInput(
                TopologyHarness.key("a1"), hostileSample(writerId, sample("a1", "r1", start.plusSeconds(1), 150)));
        for (int s = 0; s <= 600; s++) {
            h.sample(sample("a1", "r1", start.plusSeconds(s), 150));
        }
        h.run(run("a1", "r1", start, 600, 1700).build());

        List<TestRecord<byte[], byte[]>> dead = h.deadLetters.readRecordsToList();
        assertThat(dead)
                .extracting(r -> header(r, "runload.dlq.reason"))
                .containsExactly("unsupported_writer_schema", "unsupported_writer_schema");
        assertThat(dead.get(0).value()).isEqualTo(hostile);
        assertThat(header(dead.get(0), "runload.dlq.message")).contains("recursive");
        assertThat(h.metric("runload.dlq.records", "reason", "unsupported_writer_schema", "input", "hr-samples"))
                .isEqualTo(2.0);
        assertThat(h.metric("runload.records.accepted", "input", "hr-samples")).isEqualTo(601.0);
        List<RunSummary> summaries = h.summaries.readValuesToList();
        assertThat(summaries).hasSize(1);
        assertThat(summaries.get(0).getHrCoverage()).isGreaterThan(0.99);
    }

    @Test
    void aDeserializerThatOverflowsTheStackRejectsTheRecordButTheJvmRunningOutOfMemoryIsNotHidden() {
        ValidatingProcessor<HeartRateSample> overflowing = processor(
                (topic, data) -> {
                    throw new StackOverflowError();
                },
                (k, v, now) -> Optional.empty());
        assertThatThrownBy(() -> overflowing.process(rawRecord("a1")))
                .isInstanceOfSatisfying(
                        RejectedRecordException.class,
                        e -> assertThat(e.reason()).isEqualTo("corrupt_body"));

        ValidatingProcessor<HeartRateSample> rulesFail =
                processor((topic, data) -> sample("a1", "r1", NOW, 150), (k, v, now) -> {
                    throw new StackOverflowError();
                });
        assertThatThrownBy(() -> rulesFail.process(rawRecord("a1")))
                .isInstanceOfSatisfying(
                        RejectedRecordException.class,
                        e -> assertThat(e.reason()).isEqualTo("validation_error"));

        ValidatingProcessor<HeartRateSample> outOfMemory = processor(
                (topic, data) -> {
                    throw new OutOfMemoryError("test");
                },
                (k, v, now) -> Optional.empty());
        assertThatThrownBy(() -> outOfMemory.process(rawRecord("a1"))).isInstanceOf(OutOfMemoryError.class);
    }

    @Test
    void aNulInTheAthleteIdIsDeadLetteredAndNeverShowsUpInAnotherAthletesRuns() {
        Instant start = Instant.parse("2026-11-24T07:00:00Z");
        h.profile(profile("sim-0001").build());
        String evil = "sim-0001\u0000evil";
        RunEvent intruder = run(evil, "r-evil", start, 1800, 5000).build();
        h.runsRaw.pipeInput(TopologyHarness.key(evil), h.encode(intruder, h.topics.runs()));
        // The value's id, even under a valid key, cannot smuggle it in either.
        h.runsRaw.pipeInput(TopologyHarness.key("sim-0001"), h.encode(intruder, h.topics.runs()));
        h.runAndWait(run("sim-0001", "r-own", start.plus(Duration.ofDays(-1)), 1800, 5000)
                .build());

        List<TestRecord<byte[], byte[]>> dead = h.deadLetters.readRecordsToList();
        assertThat(dead)
                .extracting(r -> header(r, "runload.dlq.reason"))
                .containsExactly("invalid_athlete_id", "key_mismatch");
        assertThat(h.metric("runload.dlq.records", "reason", "invalid_athlete_id", "input", "runs"))
                .isEqualTo(1.0);

        KeyValueStore<String, RunSummary> summaries = h.driver.getKeyValueStore(StoreNames.RUN_SUMMARIES);
        List<String> ownRuns = new ArrayList<>();
        try (var it = summaries.prefixScan(
                StoreNames.athletePrefix("sim-0001"), new org.apache.kafka.common.serialization.StringSerializer())) {
            it.forEachRemaining(kv -> ownRuns.add(kv.value.getRunId()));
        }
        assertThat(ownRuns).containsExactly("r-own");
        try (var it = summaries.all()) {
            it.forEachRemaining(kv -> assertThat(kv.value.getRunId()).isNotEqualTo("r-evil"));
        }
    }

    @Test
    void idsWithControlCharactersOrOutsideTheAllowedFormAreDeadLettered() {
        Instant t = NOW.minus(Duration.ofHours(1));
        List<String> bad = List.of("a\tb", "a\u0001", "a\nb", "a b", "sim/0001", "a\u00e9", "x".repeat(129));
        for (String id : bad) {
            h.samplesRaw.pipeInput(TopologyHarness.key(id), h.encode(sample(id, "r1", t, 140), h.topics.hrSamples()));
        }
        h.samplesRaw.pipeInput(
                new byte[] {(byte) 0xff, (byte) 0xfe}, h.encode(sample("a1", "r1", t, 140), h.topics.hrSamples()));
        List<String> good = List.of("a1", "user@example.com", "org:team+1", "A_b.c-d", "x".repeat(128));
        for (String id : good) {
            h.sample(sample(id, "r1", t, 140));
        }
        assertThat(h.deadLetters.readRecordsToList())
                .extracting(r -> header(r, "runload.dlq.reason"))
                .containsOnly("invalid_athlete_id")
                .hasSize(bad.size() + 1);
        assertThat(h.metric("runload.records.accepted", "input", "hr-samples")).isEqualTo(good.size());
    }

    private static ValidatingProcessor<HeartRateSample> processor(
            Deserializer<HeartRateSample> deserializer, ValidatingProcessor.Rules<HeartRateSample> rules) {
        ValidatingProcessor<HeartRateSample> processor = new ValidatingProcessor<>(
                "hr-samples", deserializer, rules, RunLoadMetrics.prometheus(), java.time.Clock.systemUTC(), 1_000_000);
        processor.init(new MockProcessorContext<>());
        return processor;
    }

    private static Record<byte[], byte[]> rawRecord(String key) {
        return new Record<>(key.getBytes(StandardCharsets.UTF_8), new byte[] {0, 0, 0, 0, 1, 2}, 0L);
    }

    /**
     * HeartRateSample as a producer might evolve it: the same fields plus an optional, recursive
     * {@code trail} (a linked list). The schema is legal Avro and a registry accepts it.
     */
    private static Schema sampleSchemaWithRecursiveTrail() {
        Schema base = HeartRateSample.getClassSchema();
        Schema link = Schema.createRecord("Link", null, "io.example.hostile", false);
        Schema nullable = Schema.createUnion(Schema.create(Schema.Type.NULL), link);
        link.setFields(List.of(new Schema.Field("next", nullable, null, Schema.Field.NULL_DEFAULT_VALUE)));
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field f : base.getFields()) {
            fields.add(new Schema.Field(f, f.schema()));
        }
        fields.add(new Schema.Field(
                "trail",
                Schema.createUnion(Schema.create(Schema.Type.NULL), link),
                null,
                Schema.Field.NULL_DEFAULT_VALUE));
        return Schema.createRecord(base.getName(), base.getDoc(), base.getNamespace(), false, fields);
    }

    /**
     * The sample's own encoding (the writer's leading fields are the reader's) followed by a trail
     * nested {@value #NESTING} deep: each level is union branch 1 (zig-zag varint 0x02), then null.
     */
    private byte[] hostileSample(int writerId, HeartRateSample s) {
        byte[] own = h.encode(s, h.topics.hrSamples());
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(own, AvroWireFormat.HEADER_LENGTH, own.length - AvroWireFormat.HEADER_LENGTH);
        byte[] trail = new byte[NESTING + 1];
        Arrays.fill(trail, 0, NESTING, (byte) 0x02);
        body.writeBytes(trail);
        return AvroWireFormat.frame(writerId, body.toByteArray());
    }

    /** Plain Avro, reading with the writer schema alone, on a thread with a modest stack. */
    private static boolean overflowsPlainAvro(Schema writer, byte[] framed) throws InterruptedException {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread reader = new Thread(
                null,
                () -> {
                    try {
                        new GenericDatumReader<>(writer)
                                .read(
                                        null,
                                        DecoderFactory.get()
                                                .binaryDecoder(
                                                        framed,
                                                        AvroWireFormat.HEADER_LENGTH,
                                                        framed.length - AvroWireFormat.HEADER_LENGTH,
                                                        null));
                    } catch (Throwable t) {
                        failure.set(t);
                    }
                },
                "plain-avro",
                512 * 1024);
        reader.start();
        reader.join(30_000);
        return failure.get() instanceof StackOverflowError;
    }

    private static String header(TestRecord<byte[], byte[]> r, String name) {
        var header = r.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
