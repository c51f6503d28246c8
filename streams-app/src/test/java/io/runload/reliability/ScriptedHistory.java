package io.runload.reliability;

import io.runload.avro.HeartRateSample;
import io.runload.avro.PlannedType;
import io.runload.avro.RunEvent;
import io.runload.avro.RunOp;
import io.runload.avro.Sport;
import io.runload.serde.SchemaRegistryClient;
import io.runload.serde.SpecificAvroSerializer;
import io.runload.testing.TestRecords;
import io.runload.topology.TopicNames;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * A deterministic history of several athletes: profiles, runs with heart rate every 10 s, an easy run
 * turning hard (live alert), a long run (volume spike), re-sent samples, an exact and a fuzzy
 * duplicate run, a late run inside the grace period, one past it, a delete, a non-running sport and
 * garbage bytes.
 *
 * <p>Records are grouped in batches that the producer flushes one after the other, and every record
 * carries a timestamp that grows in production order. Kafka Streams merges a task's partitions by
 * timestamp and waits for data it knows is on the broker, so each athlete's records are processed in
 * exactly this order, as in the reference run through the TopologyTestDriver.
 */
final class ScriptedHistory {
    /** One record as it will be produced. */
    // Produced, never compared with equals.
    @SuppressWarnings("ArrayRecordComponent")
    record Input(String topic, byte[] key, byte[] value, long timestamp) {
        ProducerRecord<byte[], byte[]> toProducerRecord() {
            return new ProducerRecord<>(topic, null, timestamp, key, value);
        }
    }

    /**
     * Sends one batch and returns once the broker has every record of it, so a run event never
     * overtakes its own heart-rate samples; a record the broker did not take fails the caller.
     */
    static void produceBatch(KafkaProducer<byte[], byte[]> producer, List<Input> batch) {
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        for (Input in : batch) {
            acks.add(producer.send(in.toProducerRecord()));
        }
        producer.flush();
        try {
            for (Future<RecordMetadata> ack : acks) {
                ack.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while producing the scripted history", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a scripted record was not written", e.getCause());
        }
    }

    private static final int[] RUN_DAYS = {-20, -18, -15, -13, -10, -8, -6, -4, -2};
    private static final int SAMPLE_EVERY_SEC = 10;

    private final TopicNames topics;
    private final SchemaRegistryClient registry;
    private final LocalDate today;
    private final List<List<Input>> batches = new ArrayList<>();
    private final int partOneBatches;
    private long nextTimestamp;
    private int records;

    private ScriptedHistory(TopicNames topics, SchemaRegistryClient registry, Instant now, int athletes) {
        this.topics = topics;
        this.registry = registry;
        this.today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        this.nextTimestamp = now.minus(Duration.ofHours(1)).toEpochMilli();
        List<String> ids = new ArrayList<>();
        for (int a = 0; a < athletes; a++) {
            ids.add("athlete-" + a);
        }
        List<Input> profiles = new ArrayList<>();
        for (int a = 0; a < athletes; a++) {
            String id = ids.get(a);
            profiles.add(avro(
                    topics.athleteProfiles(),
                    id,
                    TestRecords.profile(id)
                            .setMaxHr(186 + a)
                            .setRestingHr(52 + a)
                            .setTimezone(a % 2 == 0 ? "Europe/Berlin" : "America/New_York")
                            .build()));
        }
        batches.add(profiles);
        int split = -1;
        for (int day : RUN_DAYS) {
            if (day > -10 && split < 0) {
                split = batches.size();
            }
            List<Input> samples = new ArrayList<>();
            List<Input> runs = new ArrayList<>();
            for (int a = 0; a < athletes; a++) {
                Planned p = planned(ids.get(a), a, day);
                List<Input> runSamples = samples(p, a);
                samples.addAll(runSamples);
                if (day == -8) {
                    // A watch re-sends part of a run: exact duplicates of 20 samples.
                    for (Input resent : runSamples.subList(100, 120)) {
                        samples.add(input(resent.topic(), p.athleteId, resent.value()));
                    }
                }
                // Created after every sample of the run, so its timestamp is larger than theirs.
                runs.add(avro(topics.runs(), p.athleteId, p.event()));
                if (day == -10) {
                    // The same run re-sent by its source (exact duplicate) and uploaded by a second
                    // source a minute off (fuzzy duplicate).
                    runs.add(avro(topics.runs(), p.athleteId, p.event()));
                    runs.add(avro(
                            topics.runs(),
                            p.athleteId,
                            RunEvent.newBuilder(p.event())
                                    .setRunId(p.runId + "-strava")
                                    .setSource("strava")
                                    .setExternalId("strava-" + p.runId)
                                    .setStartTime(p.start.plusSeconds(60))
                                    .build()));
                }
            }
            batches.add(samples);
            batches.add(runs);
        }
        partOneBatches = split;
        List<Input> tail = new ArrayList<>();
        for (int a = 0; a < athletes; a++) {
            String id = ids.get(a);
            Planned late = planned(id, a, -5);
            List<Input> lateSamples = samples(late, a);
            batches.add(lateSamples);
            tail.add(avro(topics.runs(), id, late.event()));
            Planned tooLate = planned(id, a, -12);
            tail.add(avro(
                    topics.runs(),
                    id,
                    RunEvent.newBuilder(tooLate.event())
                            .setRunId(tooLate.runId + "-old")
                            .build()));
            tail.add(avro(
                    topics.runs(),
                    id,
                    RunEvent.newBuilder(planned(id, a, -15).event())
                            .setOp(RunOp.DELETE)
                            .build()));
            tail.add(avro(
                    topics.runs(),
                    id,
                    RunEvent.newBuilder(planned(id, a, -3).event())
                            .setRunId("swim-" + a)
                            .setSport(Sport.OTHER)
                            .build()));
            tail.add(input(topics.hrSamples(), id, new byte[] {0x7f, 1, 2, 3}));
            tail.add(avro(
                    topics.hrSamples(),
                    id,
                    TestRecords.sample(id, "x", today.atStartOfDay().toInstant(ZoneOffset.UTC), 255)));
        }
        tail.add(input(topics.runs(), null, new byte[] {0, 0, 0, 0, 0}));
        batches.add(tail);
    }

    static ScriptedHistory build(TopicNames topics, SchemaRegistryClient registry, Instant now, int athletes) {
        return new ScriptedHistory(topics, registry, now, athletes);
    }

    List<List<Input>> partOne() {
        return batches.subList(0, partOneBatches);
    }

    List<List<Input>> partTwo() {
        return batches.subList(partOneBatches, batches.size());
    }

    List<List<Input>> all() {
        return batches;
    }

    int recordCount() {
        return records;
    }

    private record Planned(
            String athleteId,
            String runId,
            Instant start,
            int durationSec,
            double distance,
            PlannedType type,
            int day) {
        RunEvent event() {
            return TestRecords.run(athleteId, runId, start, durationSec, distance)
                    .setPlannedType(type)
                    .build();
        }
    }

    private Planned planned(String athleteId, int a, int day) {
        Instant start = today.plusDays(day).atTime(6, 30 + a).toInstant(ZoneOffset.UTC);
        String runId = athleteId + "-d" + -day;
        if (day == -2) {
            return new Planned(athleteId, runId, start, 80 * 60, 15_500, PlannedType.LONG, day);
        }
        if (day == -6) {
            return new Planned(athleteId, runId, start, 45 * 60, 9_800, PlannedType.WORKOUT, day);
        }
        return new Planned(athleteId, runId, start, (40 + a) * 60, 7_500 + 100 * a, PlannedType.EASY, day);
    }

    /** Heart rate every 10 s (the TRIMP gap cap); deterministic per (athlete, day). The day -4 run starts easy and turns hard. */
    private List<Input> samples(Planned p, int a) {
        Random random = new Random(31L * a + p.day);
        List<Input> out = new ArrayList<>();
        int easy = 128 + a;
        for (int t = 0; t <= p.durationSec; t += SAMPLE_EVERY_SEC) {
            int bpm;
            if (p.day == -6) {
                bpm = t < 600 ? easy : 168 + a;
            } else if (p.day == -4) {
                bpm = t < 12 * 60 ? easy : 172;
            } else {
                bpm = easy + t / 300;
            }
            bpm += random.nextInt(5) - 2;
            HeartRateSample s = TestRecords.sample(p.athleteId, p.runId, p.start.plusSeconds(t), bpm);
            s.setSpeedMps(p.distance / p.durationSec * (1.0 + (random.nextDouble() - 0.5) / 20));
            out.add(avro(topics.hrSamples(), p.athleteId, s));
        }
        return out;
    }

    private Input avro(String topic, String athleteId, SpecificRecord value) {
        @SuppressWarnings({"unchecked", "rawtypes"})
        SpecificAvroSerializer<SpecificRecord> serializer =
                new SpecificAvroSerializer(value.getClass(), registry, true);
        return input(topic, athleteId, serializer.serialize(topic, value));
    }

    private Input input(String topic, String athleteId, byte[] value) {
        records++;
        return new Input(
                topic, athleteId == null ? null : athleteId.getBytes(StandardCharsets.UTF_8), value, nextTimestamp++);
    }
}
