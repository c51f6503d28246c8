package io.runload.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.runload.avro.AthleteProfile;
import io.runload.avro.RunOp;
import io.runload.avro.RunSummary;
import io.runload.avro.Sport;
import io.runload.runtime.RunLoadApplication;
import io.runload.runtime.RunLoadConfig;
import io.runload.serde.SchemaRegistryClients;
import io.runload.serde.SpecificAvroDeserializer;
import io.runload.testing.SharedKafkaBroker;
import io.runload.testing.TestApplications;
import io.runload.testing.TestRecords;
import io.runload.topology.DeadLetterHeaders;
import io.runload.topology.TopicNames;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

/**
 * Every input offset of a mixed stream is accounted for: each rejected offset appears in the DLQ
 * exactly once (by its source topic, partition and offset headers), each other offset is counted as
 * accepted, accepted records that change nothing are counted as dropped with their reason, and each
 * valid run has its summary.
 */
class InputAccountingIT {

    @Test
    void everyInputOffsetEndsAsAResultOrADeadLetter() throws Exception {
        Properties settings = TestApplications.isolated("accounting");
        RunLoadConfig config = RunLoadConfig.load(Map.of(), settings);
        TopicNames topics = config.topics();
        var registry = SchemaRegistryClients.forUrl(config.schemaRegistryUrl());
        WireEncoding wire = new WireEncoding(registry);
        Instant start = Instant.now().minus(Duration.ofDays(2)).truncatedTo(ChronoUnit.MINUTES);

        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        List<Boolean> valid = new ArrayList<>();
        Set<String> validRunIds = new HashSet<>();
        int duplicateSamples = 0;
        for (int a = 0; a < 4; a++) {
            String id = "acct-" + a;
            add(
                    records,
                    valid,
                    topics.athleteProfiles(),
                    id,
                    wire.avro(topics.athleteProfiles(), TestRecords.profile(id).build()),
                    true);
            add(
                    records,
                    valid,
                    topics.athleteProfiles(),
                    id,
                    wire.avro(
                            topics.athleteProfiles(),
                            AthleteProfile.newBuilder(TestRecords.profile(id).build())
                                    .setMaxHr(50)
                                    .build()),
                    false);
            for (int r = 0; r < 3; r++) {
                String runId = id + "-run-" + r;
                Instant runStart = start.plus(Duration.ofHours(6L * r + a));
                for (int s = 0; s <= 1800; s += 10) {
                    byte[] sample = wire.avro(
                            topics.hrSamples(), TestRecords.sample(id, runId, runStart.plusSeconds(s), 135 + s / 120));
                    add(records, valid, topics.hrSamples(), id, sample, true);
                    if (s % 300 == 0) {
                        add(records, valid, topics.hrSamples(), id, sample, true);
                        duplicateSamples++;
                    }
                    if (s % 450 == 0) {
                        add(
                                records,
                                valid,
                                topics.hrSamples(),
                                id,
                                wire.avro(
                                        topics.hrSamples(),
                                        TestRecords.sample(id, runId, runStart.plusSeconds(s), 255)),
                                false);
                    }
                }
                add(
                        records,
                        valid,
                        topics.runs(),
                        id,
                        wire.avro(
                                topics.runs(),
                                TestRecords.run(id, runId, runStart, 1800, 5200).build()),
                        true);
                validRunIds.add(runId);
                add(records, valid, topics.runs(), id, new byte[] {0, 0, 0, 0, 9, 9}, false);
            }
            add(
                    records,
                    valid,
                    topics.runs(),
                    id,
                    wire.avro(
                            topics.runs(),
                            TestRecords.run(id, id + "-ride", start, 3600, 30_000)
                                    .setSport(Sport.OTHER)
                                    .build()),
                    true);
            add(
                    records,
                    valid,
                    topics.runs(),
                    id,
                    wire.avro(
                            topics.runs(),
                            TestRecords.run(id, id + "-never-seen", start, 60, 100)
                                    .setOp(RunOp.DELETE)
                                    .build()),
                    true);
            add(
                    records,
                    valid,
                    topics.runs(),
                    id,
                    wire.avro(
                            topics.runs(),
                            TestRecords.run(id, id + "-bad", start, 600, -3).build()),
                    false);
            records.add(new ProducerRecord<>(topics.hrSamples(), null, new byte[] {3}));
            valid.add(false);
        }

        try (RunLoadApplication app = TestApplications.start(settings)) {
            TestApplications.awaitRunning(app, Duration.ofSeconds(60));
            List<RecordMetadata> sent = SharedKafkaBroker.produce(records);
            Set<String> rejectedOffsets = new HashSet<>();
            Map<String, Integer> producedPerInput = new TreeMap<>();
            Map<String, Integer> rejectedPerInput = new TreeMap<>();
            for (int i = 0; i < sent.size(); i++) {
                RecordMetadata m = sent.get(i);
                String input = logical(topics, m.topic());
                producedPerInput.merge(input, 1, Integer::sum);
                if (!valid.get(i)) {
                    rejectedOffsets.add(m.topic() + "/" + m.partition() + "@" + m.offset());
                    rejectedPerInput.merge(input, 1, Integer::sum);
                }
            }

            List<ConsumerRecord<byte[], byte[]>> dead = SharedKafkaBroker.consumeAll(
                    topics.deadLetters(), rejectedOffsets.size() + 1, Duration.ofSeconds(60));
            List<String> deadOrigins = dead.stream()
                    .map(d -> DeadLetterHeaders.text(d.headers(), DeadLetterHeaders.SOURCE_TOPIC) + "/"
                            + DeadLetterHeaders.text(d.headers(), DeadLetterHeaders.SOURCE_PARTITION) + "@"
                            + DeadLetterHeaders.text(d.headers(), DeadLetterHeaders.SOURCE_OFFSET))
                    .toList();
            assertThat(deadOrigins).doesNotHaveDuplicates();
            assertThat(new HashSet<>(deadOrigins)).isEqualTo(rejectedOffsets);

            var summaries =
                    SharedKafkaBroker.consumeAll(topics.runSummaries(), validRunIds.size(), Duration.ofSeconds(60));
            var deserializer = new SpecificAvroDeserializer<>(RunSummary.class, registry);
            Set<String> summarised = new HashSet<>();
            summaries.forEach(r -> summarised.add(
                    deserializer.deserialize(topics.runSummaries(), r.value()).getRunId()));
            assertThat(summarised).isEqualTo(validRunIds);

            for (String input : producedPerInput.keySet()) {
                int produced = producedPerInput.get(input);
                int rejected = rejectedPerInput.getOrDefault(input, 0);
                CrashRecoveryIT.awaitTrue(
                        () -> counter(app, "runload.records.accepted", "input", input)
                                        + counter(app, "runload.dlq.records", "input", input)
                                >= produced,
                        Duration.ofSeconds(30),
                        "all of " + input + " is counted");
                assertThat(counter(app, "runload.records.accepted", "input", input))
                        .as("accepted %s", input)
                        .isEqualTo(produced - rejected);
                assertThat(counter(app, "runload.dlq.records", "input", input))
                        .as("dead-lettered %s", input)
                        .isEqualTo(rejected);
            }
            assertThat(counter(app, "runload.dropped.records", "reason", "duplicate_sample"))
                    .isEqualTo(duplicateSamples);
            assertThat(counter(app, "runload.dropped.records", "reason", "not_a_run"))
                    .isEqualTo(4);
            assertThat(counter(app, "runload.dropped.records", "reason", "delete_unknown_run"))
                    .isEqualTo(4);
            System.out.printf(
                    "accounting: produced %s, rejected %s, %d run summaries, %d duplicate samples dropped%n",
                    producedPerInput, rejectedPerInput, summaries.size(), duplicateSamples);
        }
    }

    private static void add(
            List<ProducerRecord<byte[], byte[]>> records,
            List<Boolean> valid,
            String topic,
            String key,
            byte[] value,
            boolean ok) {
        records.add(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value));
        valid.add(ok);
    }

    private static String logical(TopicNames topics, String topic) {
        return topic.equals(topics.hrSamples())
                ? "hr-samples"
                : topic.equals(topics.runs()) ? "runs" : "athlete-profiles";
    }

    static double counter(RunLoadApplication app, String name, String... tags) {
        var search = app.metrics().registry().find(name);
        for (int i = 0; i + 1 < tags.length; i += 2) {
            search = search.tag(tags[i], tags[i + 1]);
        }
        return search.counters().stream().mapToDouble(c -> c.count()).sum();
    }
}
