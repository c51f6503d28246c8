package io.runload.topology;

import static io.runload.testing.TestRecords.profile;
import static io.runload.testing.TestRecords.run;
import static io.runload.testing.TestRecords.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.runload.avro.RunSummary;
import io.runload.avro.WeeklyVolume;
import io.runload.runtime.RunLoadApplication;
import io.runload.runtime.RunLoadConfig;
import io.runload.serde.SchemaRegistryClients;
import io.runload.serde.SpecificAvroSerde;
import io.runload.testing.SharedKafkaBroker;
import io.runload.testing.TestApplications;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** The real application against the in-process broker: Avro in, summaries, weeks and DLQ out. */
class RunLoadPipelineIT {

    @Test
    void validRecordsFlowAndGarbageLandsInTheDeadLetterTopicWithHeadersAndMetrics() throws Exception {
        Properties settings = TestApplications.isolated("pipeline");
        RunLoadConfig config = RunLoadConfig.load(Map.of(), settings);
        var topics = config.topics();
        var registry = SchemaRegistryClients.forUrl(config.schemaRegistryUrl());
        try (RunLoadApplication app = TestApplications.start(settings)) {
            TestApplications.awaitRunning(app, Duration.ofSeconds(60));

            Instant start = Instant.now().minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.MINUTES);
            List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
            records.add(avro(topics.athleteProfiles(), "ath-1", profile("ath-1").build(), registry));
            for (int s = 0; s <= 1800; s += 1) {
                records.add(avro(
                        topics.hrSamples(), "ath-1", sample("ath-1", "run-1", start.plusSeconds(s), 150), registry));
            }
            records.add(avro(
                    topics.runs(),
                    "ath-1",
                    run("ath-1", "run-1", start, 1800, 5000).build(),
                    registry));
            // Garbage on every input.
            records.add(new ProducerRecord<>(topics.hrSamples(), key("ath-1"), new byte[] {9, 9, 9}));
            records.add(avro(
                    topics.hrSamples(), "ath-1", sample("ath-1", "run-1", start.plusSeconds(5000), 255), registry));
            records.add(new ProducerRecord<>(topics.runs(), key("ath-1"), new byte[] {0, 0, 0, 0, 42, 1}));
            records.add(avro(
                    topics.runs(),
                    "ath-1",
                    run("ath-1", "run-x", start, 600, -10).build(),
                    registry));
            records.add(new ProducerRecord<>(topics.runs(), null, new byte[] {1}));
            SharedKafkaBroker.produce(records);

            List<ConsumerRecord<byte[], byte[]>> dead =
                    SharedKafkaBroker.consumeAll(topics.deadLetters(), 5, Duration.ofSeconds(60));
            assertThat(dead)
                    .extracting(r -> header(r, "runload.dlq.reason"))
                    .containsExactlyInAnyOrder(
                            "bad_magic_byte",
                            "hr_invalid_sentinel",
                            "unknown_schema_id",
                            "negative_distance",
                            "null_key");
            assertThat(dead).allSatisfy(r -> {
                assertThat(header(r, "runload.dlq.source.topic")).startsWith(config.topicPrefix());
                assertThat(header(r, "runload.dlq.source.offset")).matches("\\d+");
                assertThat(header(r, "runload.dlq.error.class")).isNotBlank();
            });
            ConsumerRecord<byte[], byte[]> badBytes = dead.stream()
                    .filter(r -> "bad_magic_byte".equals(header(r, "runload.dlq.reason")))
                    .findFirst()
                    .orElseThrow();
            assertThat(badBytes.value()).containsExactly(9, 9, 9);

            var summaryDeserializer = new SpecificAvroSerde<>(RunSummary.class, registry, true).deserializer();
            List<ConsumerRecord<byte[], byte[]>> summaries =
                    SharedKafkaBroker.consumeAll(topics.runSummaries(), 1, Duration.ofSeconds(60));
            assertThat(summaries).hasSize(1);
            RunSummary summary = summaryDeserializer.deserialize(
                    topics.runSummaries(), summaries.get(0).value());
            // 30 min at 150 bpm (HRR 0.692, male): 30 * 0.692 * 0.64 * e^(1.92*0.692) = 50.22
            assertThat(summary.getLoad()).isCloseTo(50.22, within(0.01));
            assertThat(new String(summaries.get(0).key(), StandardCharsets.UTF_8))
                    .isEqualTo("ath-1");

            var weekDeserializer = new SpecificAvroSerde<>(WeeklyVolume.class, registry, true).deserializer();
            List<ConsumerRecord<byte[], byte[]>> weeks =
                    SharedKafkaBroker.consumeAll(topics.weeklyVolume(), 1, Duration.ofSeconds(30));
            assertThat(weekDeserializer
                            .deserialize(topics.weeklyVolume(), weeks.get(0).value())
                            .getDistanceMeters())
                    .isEqualTo(5000.0);

            String metrics = get(app, "/metrics");
            assertThat(metrics)
                    .contains("runload_dlq_records_total{input=\"hr-samples\",reason=\"bad_magic_byte\"} 1.0");
            assertThat(metrics).contains("runload_dlq_records_total{input=\"runs\",reason=\"negative_distance\"} 1.0");
            assertThat(metrics).contains("kafka_stream_");
            assertThat(get(app, "/health/ready")).contains("READY");
        }
    }

    private static ProducerRecord<byte[], byte[]> avro(
            String topic, String athleteId, SpecificRecord value, io.runload.serde.SchemaRegistryClient registry) {
        @SuppressWarnings({"unchecked", "rawtypes"})
        var serializer = new io.runload.serde.SpecificAvroSerializer(value.getClass(), registry, true);
        @SuppressWarnings("unchecked")
        byte[] bytes = serializer.serialize(topic, value);
        return new ProducerRecord<>(topic, key(athleteId), bytes);
    }

    private static byte[] key(String athleteId) {
        return athleteId.getBytes(StandardCharsets.UTF_8);
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    static String get(RunLoadApplication app, String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.httpPort() + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return response.body();
    }
}
