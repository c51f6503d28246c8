package io.runload.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.runload.avro.AthleteProfile;
import io.runload.avro.ErasureRequest;
import io.runload.avro.HeartRateSample;
import io.runload.avro.RunEvent;
import io.runload.runtime.RunLoadApplication;
import io.runload.runtime.RunLoadConfig;
import io.runload.serde.SchemaRegistryClients;
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
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

/**
 * More than a thousand generated bad records across every input topic: each one lands in the DLQ
 * once, with its original bytes and the reason its kind calls for, the metric counts them exactly,
 * and the application stays RUNNING throughout.
 */
class BadInputFuzzIT {
    private static final int ROUNDS = 30;

    /** One kind of bad record: how to make the i-th one, and the DLQ reason it must get (null: any). */
    private record Kind(
            String name, String topic, String reason, Function<Integer, ProducerRecord<byte[], byte[]>> make) {}

    @Test
    void everyBadRecordIsDeadLetteredWithAReasonAndCounted() throws Exception {
        Properties settings = TestApplications.isolated("fuzz");
        RunLoadConfig config = RunLoadConfig.load(Map.of(), settings);
        TopicNames topics = config.topics();
        var registry = SchemaRegistryClients.forUrl(config.schemaRegistryUrl());
        WireEncoding wire = new WireEncoding(registry);
        List<Kind> kinds = kinds(topics, wire, config.maxRecordBytes(), new Random(20251125));

        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        List<String> expectedReasons = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            for (Kind kind : kinds) {
                records.add(kind.make().apply(round));
                expectedReasons.add(kind.reason());
            }
        }
        assertThat(records.size()).isGreaterThanOrEqualTo(1000);

        try (RunLoadApplication app = TestApplications.start(settings)) {
            TestApplications.awaitRunning(app, Duration.ofSeconds(60));
            Map<String, Integer> producedPerTopic = new TreeMap<>();
            records.forEach(r -> producedPerTopic.merge(r.topic(), 1, Integer::sum));
            List<RecordMetadata> sent = sendWithLargeRequests(records);
            Map<String, Integer> indexByOrigin = new HashMap<>();
            for (int i = 0; i < sent.size(); i++) {
                indexByOrigin.put(
                        sent.get(i).topic() + "/" + sent.get(i).partition() + "@"
                                + sent.get(i).offset(),
                        i);
            }

            List<ConsumerRecord<byte[], byte[]>> dead =
                    SharedKafkaBroker.consumeAll(topics.deadLetters(), records.size() + 1, Duration.ofSeconds(90));
            System.out.printf(
                    "fuzz: %d bad records produced %s, %d dead-lettered%n",
                    records.size(), producedPerTopic, dead.size());
            assertThat(dead).hasSize(records.size());
            Map<String, Integer> reasons = new TreeMap<>();
            for (ConsumerRecord<byte[], byte[]> d : dead) {
                String origin = DeadLetterHeaders.text(d.headers(), DeadLetterHeaders.SOURCE_TOPIC) + "/"
                        + DeadLetterHeaders.text(d.headers(), DeadLetterHeaders.SOURCE_PARTITION) + "@"
                        + DeadLetterHeaders.text(d.headers(), DeadLetterHeaders.SOURCE_OFFSET);
                Integer index = indexByOrigin.remove(origin);
                assertThat(index)
                        .as("DLQ record %s matches one produced record, once", origin)
                        .isNotNull();
                ProducerRecord<byte[], byte[]> original = records.get(index);
                String reason = DeadLetterHeaders.text(d.headers(), DeadLetterHeaders.REASON);
                assertThat(reason).as("reason of %s", origin).isNotBlank();
                if (expectedReasons.get(index) != null) {
                    assertThat(reason)
                            .as(
                                    "reason of record %d (%s)",
                                    index, kinds.get(index % kinds.size()).name())
                            .isEqualTo(expectedReasons.get(index));
                }
                assertThat(d.value()).as("original value bytes").isEqualTo(original.value());
                assertThat(d.key()).as("original key bytes").isEqualTo(original.key());
                reasons.merge(reason, 1, Integer::sum);
            }
            assertThat(indexByOrigin).as("bad records missing from the DLQ").isEmpty();

            var meter = app.metrics().registry().find("runload.dlq.records");
            double counted =
                    meter.counters().stream().mapToDouble(c -> c.count()).sum();
            assertThat(counted).isEqualTo((double) records.size());
            for (var e : reasons.entrySet()) {
                double perReason =
                        app
                                .metrics()
                                .registry()
                                .find("runload.dlq.records")
                                .tag("reason", e.getKey())
                                .counters()
                                .stream()
                                .mapToDouble(c -> c.count())
                                .sum();
                assertThat(perReason)
                        .as("runload_dlq_records_total{reason=%s}", e.getKey())
                        .isEqualTo(e.getValue().doubleValue());
            }
            double accepted = app.metrics().registry().find("runload.records.accepted").counters().stream()
                    .mapToDouble(c -> c.count())
                    .sum();
            assertThat(accepted).isZero();
            assertThat(app.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
            assertThat(app.streams().metadataForLocalThreads()).hasSize(config.numStreamThreads());
            System.out.printf("fuzz: DLQ reasons %s%n", reasons);
        }
    }

    private static List<RecordMetadata> sendWithLargeRequests(List<ProducerRecord<byte[], byte[]>> records) {
        return SharedKafkaBroker.produce(records);
    }

    private static List<Kind> kinds(TopicNames topics, WireEncoding wire, int maxRecordBytes, Random random) {
        String samples = topics.hrSamples();
        String runs = topics.runs();
        String profiles = topics.athleteProfiles();
        Instant recent = Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.SECONDS);
        Function<Integer, String> athlete = i -> "fuzz-" + (i % 7);
        Function<Integer, HeartRateSample> sample =
                i -> TestRecords.sample(athlete.apply(i), "run-" + i, recent.plusSeconds(i), 140);
        Function<Integer, RunEvent> run =
                i -> TestRecords.run(athlete.apply(i), "run-" + i, recent.plusSeconds(60L * i), 1800, 5000)
                        .build();
        Function<Integer, AthleteProfile> profile =
                i -> TestRecords.profile(athlete.apply(i)).build();
        String erasures = topics.erasures();
        Function<Integer, ErasureRequest> erasure = i -> ErasureRequest.newBuilder()
                .setAthleteId(athlete.apply(i))
                .setRequestId("fuzz-" + i)
                .setRequestedAt(recent)
                .build();
        List<Kind> kinds = new ArrayList<>();
        for (String topic : topics.inputs()) {
            Function<Integer, org.apache.avro.specific.SpecificRecord> valid = topic.equals(samples)
                    ? sample::apply
                    : topic.equals(runs) ? run::apply : topic.equals(erasures) ? erasure::apply : profile::apply;
            kinds.add(new Kind("random bytes", topic, null, i -> {
                byte[] junk = new byte[1 + random.nextInt(64)];
                random.nextBytes(junk);
                junk[0] = (byte) (1 + random.nextInt(255));
                return record(topic, athlete.apply(i), junk);
            }));
            kinds.add(new Kind("random bytes after a zero magic byte", topic, null, i -> {
                byte[] junk = new byte[5 + random.nextInt(64)];
                random.nextBytes(junk);
                junk[0] = 0;
                junk[1] = (byte) 0x7f;
                return record(topic, athlete.apply(i), junk);
            }));
            kinds.add(new Kind(
                    "wrong magic byte",
                    topic,
                    "bad_magic_byte",
                    i -> record(
                            topic, athlete.apply(i), wire.withMagicByte(wire.avro(topic, valid.apply(i)), (byte) 1))));
            kinds.add(new Kind(
                    "truncated header",
                    topic,
                    "truncated",
                    i -> record(topic, athlete.apply(i), new byte[] {0, 0, 0})));
            kinds.add(new Kind(
                    "unknown schema id",
                    topic,
                    "unknown_schema_id",
                    i -> record(
                            topic,
                            athlete.apply(i),
                            wire.withSchemaId(wire.avro(topic, valid.apply(i)), 900_000 + i))));
            if (!topic.equals(profiles)) {
                // A profile tombstone is an erasure request (AthleteErasureTest), not bad input.
                kinds.add(new Kind("null value", topic, "null_value", i -> record(topic, athlete.apply(i), null)));
            }
            kinds.add(new Kind("empty value", topic, "null_value", i -> record(topic, athlete.apply(i), new byte[0])));
            kinds.add(new Kind(
                    "empty key",
                    topic,
                    "null_key",
                    i -> new ProducerRecord<>(topic, new byte[0], wire.avro(topic, valid.apply(i)))));
            kinds.add(new Kind(
                    "blank key",
                    topic,
                    "null_key",
                    i -> new ProducerRecord<>(
                            topic, "  ".getBytes(StandardCharsets.UTF_8), wire.avro(topic, valid.apply(i)))));
            if (!topic.equals(profiles)) {
                // The compacted profiles topic refuses null keys at the broker, so they never reach RunLoad.
                kinds.add(new Kind(
                        "null key",
                        topic,
                        "null_key",
                        i -> new ProducerRecord<>(topic, null, wire.avro(topic, valid.apply(i)))));
            }
            kinds.add(new Kind("oversized value", topic, "oversized", i -> {
                byte[] big = new byte[maxRecordBytes + 1 + i];
                Arrays.fill(big, (byte) 'x');
                big[0] = 0;
                return record(topic, athlete.apply(i), big);
            }));
            kinds.add(new Kind(
                    "key of another athlete",
                    topic,
                    "key_mismatch",
                    i -> record(topic, "someone-else", wire.avro(topic, valid.apply(i)))));
        }
        kinds.add(new Kind(
                "incompatible field type (bpm as string)",
                samples,
                "incompatible_schema",
                i -> record(
                        samples,
                        athlete.apply(i),
                        wire.foreign(
                                samples,
                                sample.apply(i),
                                "\"name\":\"bpm\",\"type\":\"int\"",
                                "\"name\":\"bpm\",\"type\":\"string\"",
                                "bpm",
                                "one-forty"))));
        kinds.add(new Kind(
                "incompatible field type (duration as string)",
                runs,
                "incompatible_schema",
                i -> record(
                        runs,
                        athlete.apply(i),
                        wire.foreign(
                                runs,
                                run.apply(i),
                                "\"name\":\"durationSec\",\"type\":\"int\"",
                                "\"name\":\"durationSec\",\"type\":\"string\"",
                                "durationSec",
                                "30 min"))));
        kinds.add(new Kind(
                "incompatible field type (resting HR as string)",
                profiles,
                "incompatible_schema",
                i -> record(
                        profiles,
                        athlete.apply(i),
                        wire.foreign(
                                profiles,
                                profile.apply(i),
                                "\"name\":\"restingHr\",\"type\":[\"null\",\"int\"]",
                                "\"name\":\"restingHr\",\"type\":[\"null\",\"string\"]",
                                "restingHr",
                                "sixty"))));
        kinds.add(new Kind(
                "unknown run operation (newer RunOp symbol)",
                runs,
                "unknown_run_op",
                i -> record(
                        runs,
                        athlete.apply(i),
                        wire.foreign(
                                runs,
                                run.apply(i),
                                "\"UPSERT\",\"DELETE\",\"UNKNOWN\"]",
                                "\"UPSERT\",\"DELETE\",\"UNKNOWN\",\"ARCHIVE\"]",
                                "op",
                                "ARCHIVE"))));
        kinds.add(new Kind(
                "recursive writer schema nested 20000 deep",
                samples,
                "unsupported_writer_schema",
                i -> record(samples, athlete.apply(i), wire.withRecursiveTail(samples, sample.apply(i), 20_000))));
        kinds.add(new Kind("NUL in the athlete id", runs, "invalid_athlete_id", i -> {
            RunEvent r = run.apply(i);
            r.setAthleteId(athlete.apply(i) + "\u0000evil");
            return record(runs, r.getAthleteId(), wire.avro(runs, r));
        }));
        kinds.add(new Kind("control character in the athlete id", samples, "invalid_athlete_id", i -> {
            HeartRateSample s = sample.apply(i);
            s.setAthleteId("fuzz\u0007" + i);
            return record(samples, s.getAthleteId(), wire.avro(samples, s));
        }));
        kinds.add(new Kind(
                "bpm 255 (FIT invalid)",
                samples,
                "hr_invalid_sentinel",
                i -> record(samples, athlete.apply(i), wire.avro(samples, withBpm(sample.apply(i), 255)))));
        kinds.add(new Kind(
                "bpm 400",
                samples,
                "bpm_out_of_range",
                i -> record(
                        samples,
                        athlete.apply(i),
                        wire.avro(samples, withBpm(sample.apply(i), 300 + random.nextInt(500))))));
        kinds.add(new Kind(
                "bpm below 30",
                samples,
                "bpm_out_of_range",
                i -> record(
                        samples, athlete.apply(i), wire.avro(samples, withBpm(sample.apply(i), -random.nextInt(30))))));
        kinds.add(new Kind("speed 40 m/s", samples, "speed_out_of_range", i -> {
            HeartRateSample s = sample.apply(i);
            s.setSpeedMps(40.0 + random.nextDouble());
            return record(samples, athlete.apply(i), wire.avro(samples, s));
        }));
        kinds.add(new Kind("NaN speed", samples, "speed_out_of_range", i -> {
            HeartRateSample s = sample.apply(i);
            s.setSpeedMps(Double.NaN);
            return record(samples, athlete.apply(i), wire.avro(samples, s));
        }));
        kinds.add(new Kind("sample far in the future", samples, "timestamp_in_future", i -> {
            HeartRateSample s = sample.apply(i);
            s.setEventTime(Instant.now().plus(Duration.ofDays(30 + i)));
            return record(samples, athlete.apply(i), wire.avro(samples, s));
        }));
        kinds.add(new Kind("sample in 1970", samples, "timestamp_too_old", i -> {
            HeartRateSample s = sample.apply(i);
            s.setEventTime(Instant.ofEpochSecond(i));
            return record(samples, athlete.apply(i), wire.avro(samples, s));
        }));
        kinds.add(new Kind(
                "run in the future",
                runs,
                "timestamp_in_future",
                i -> record(
                        runs,
                        athlete.apply(i),
                        wire.avro(
                                runs,
                                RunEvent.newBuilder(run.apply(i))
                                        .setStartTime(Instant.now().plus(Duration.ofDays(400)))
                                        .build()))));
        kinds.add(new Kind(
                "run in 1970",
                runs,
                "timestamp_too_old",
                i -> record(
                        runs,
                        athlete.apply(i),
                        wire.avro(
                                runs,
                                RunEvent.newBuilder(run.apply(i))
                                        .setStartTime(Instant.EPOCH.plusSeconds(i))
                                        .build()))));
        kinds.add(new Kind(
                "negative distance",
                runs,
                "negative_distance",
                i -> record(
                        runs,
                        athlete.apply(i),
                        wire.avro(
                                runs,
                                RunEvent.newBuilder(run.apply(i))
                                        .setDistanceMeters(-1 - i)
                                        .build()))));
        kinds.add(new Kind(
                "zero duration",
                runs,
                "duration_out_of_range",
                i -> record(
                        runs,
                        athlete.apply(i),
                        wire.avro(
                                runs,
                                RunEvent.newBuilder(run.apply(i))
                                        .setDurationSec(0)
                                        .build()))));
        kinds.add(new Kind(
                "marathon in ten minutes",
                runs,
                "impossible_pace",
                i -> record(
                        runs,
                        athlete.apply(i),
                        wire.avro(
                                runs,
                                RunEvent.newBuilder(run.apply(i))
                                        .setDurationSec(600)
                                        .setMovingTimeSec(600)
                                        .setDistanceMeters(42_195)
                                        .build()))));
        kinds.add(new Kind(
                "moving time above elapsed",
                runs,
                "moving_time_out_of_range",
                i -> record(
                        runs,
                        athlete.apply(i),
                        wire.avro(
                                runs,
                                RunEvent.newBuilder(run.apply(i))
                                        .setMovingTimeSec(1801 + i)
                                        .build()))));
        kinds.add(new Kind(
                "unknown time zone",
                runs,
                "invalid_timezone",
                i -> record(
                        runs,
                        athlete.apply(i),
                        wire.avro(
                                runs,
                                RunEvent.newBuilder(run.apply(i))
                                        .setTimezone("Mars/Olympus_Mons")
                                        .build()))));
        kinds.add(new Kind(
                "blank run id",
                runs,
                "missing_run_id",
                i -> record(
                        runs,
                        athlete.apply(i),
                        wire.avro(
                                runs,
                                RunEvent.newBuilder(run.apply(i)).setRunId(" ").build()))));
        kinds.add(new Kind(
                "max HR below resting HR",
                profiles,
                "max_hr_below_resting",
                i -> record(
                        profiles,
                        athlete.apply(i),
                        wire.avro(
                                profiles,
                                AthleteProfile.newBuilder(profile.apply(i))
                                        .setMaxHr(55)
                                        .setRestingHr(60)
                                        .build()))));
        kinds.add(new Kind(
                "max HR 400",
                profiles,
                "max_hr_out_of_range",
                i -> record(
                        profiles,
                        athlete.apply(i),
                        wire.avro(
                                profiles,
                                AthleteProfile.newBuilder(profile.apply(i))
                                        .setMaxHr(400)
                                        .build()))));
        kinds.add(new Kind(
                "profile time zone unknown",
                profiles,
                "invalid_timezone",
                i -> record(
                        profiles,
                        athlete.apply(i),
                        wire.avro(
                                profiles,
                                AthleteProfile.newBuilder(profile.apply(i))
                                        .setTimezone("Atlantis/Capital")
                                        .build()))));
        return kinds;
    }

    private static HeartRateSample withBpm(HeartRateSample s, int bpm) {
        s.setBpm(bpm);
        return s;
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, String key, byte[] value) {
        return new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value);
    }
}
