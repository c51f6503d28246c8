package io.runload.runtime;

import io.runload.topology.DeadLetterHeaders;
import io.runload.topology.TopicNames;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends dead-lettered records back to the input topic they came from, with their original key,
 * value and headers, once the cause of their rejection is fixed (a raised grace period, a schema
 * registered late, a bug fixed). It reads the dead-letter topic up to its end at the moment it
 * starts, so records that fail again and land back in the DLQ are not replayed in a loop.
 *
 * <p>It only writes to RunLoad's own input topics: a corrupted source-topic header cannot make it
 * write anywhere else.
 */
public final class DeadLetterReplay {
    /** Header on a replayed record naming the dead-letter record it came from. */
    public static final String ORIGIN_HEADER = "runload.replay.origin";

    /** What to replay: reasons (empty = all), records dead-lettered at or after {@code since} (null = all). */
    public record Filter(Set<String> reasons, Instant since) {
        boolean matches(String reason) {
            return reasons.isEmpty() || reasons.contains(reason);
        }
    }

    /** Counts per reason of what was replayed and what was left in the DLQ. */
    public record Report(Map<String, Integer> replayed, Map<String, Integer> skipped, int unroutable) {
        public int replayedTotal() {
            return replayed.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    private DeadLetterReplay() {}

    public static Report replay(String bootstrap, TopicNames topics, Filter filter, boolean dryRun) {
        return replay(bootstrap, KafkaClientSettings.NONE, topics, filter, dryRun);
    }

    /** Replays with the shared client settings (TLS, SASL); a client failure becomes a one-line exception. */
    public static Report replay(
            String bootstrap, KafkaClientSettings client, TopicNames topics, Filter filter, boolean dryRun) {
        try {
            return replayWith(bootstrap, client, topics, filter, dryRun);
        } catch (KafkaException e) {
            throw KafkaClientFailure.describe("replay " + topics.deadLetters(), e, client, bootstrap);
        }
    }

    private static Report replayWith(
            String bootstrap, KafkaClientSettings client, TopicNames topics, Filter filter, boolean dryRun) {
        Map<String, Integer> replayed = new TreeMap<>();
        Map<String, Integer> skipped = new TreeMap<>();
        int unroutable = 0;
        Set<String> inputs = Set.copyOf(topics.inputs());
        AtomicReference<KafkaException> sendFailure = new AtomicReference<>();
        Callback onAck = (metadata, e) -> {
            if (e != null) {
                sendFailure.compareAndSet(
                        null, e instanceof KafkaException k ? k : new KafkaException("replay not written: " + e, e));
            }
        };
        Map<String, Object> consumerConfig = client.forClient(
                bootstrap,
                Map.of(
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed",
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false));
        Map<String, Object> producerConfig = client.forClient(
                bootstrap,
                Map.of(
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                        true,
                        ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                        8 * 1024 * 1024));
        try (KafkaConsumer<byte[], byte[]> consumer =
                        new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer());
                KafkaProducer<byte[], byte[]> producer = dryRun
                        ? null
                        : new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            List<PartitionInfo> infos = consumer.partitionsFor(topics.deadLetters(), Duration.ofSeconds(30));
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("Dead-letter topic " + topics.deadLetters() + " does not exist");
            }
            infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            seekToStart(consumer, partitions, filter.since());
            Map<TopicPartition, Long> remaining = new HashMap<>(end);
            remaining.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
            while (!remaining.isEmpty()) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    if (r.offset() >= end.get(tp)) {
                        continue;
                    }
                    String reason = String.valueOf(DeadLetterHeaders.text(r.headers(), DeadLetterHeaders.REASON));
                    String source = DeadLetterHeaders.text(r.headers(), DeadLetterHeaders.SOURCE_TOPIC);
                    if (!filter.matches(reason)) {
                        skipped.merge(reason, 1, Integer::sum);
                    } else if (source == null || !inputs.contains(source)) {
                        unroutable++;
                    } else {
                        if (producer != null) {
                            RecordHeaders headers = new RecordHeaders();
                            r.headers().forEach(h -> {
                                if (!h.key().startsWith("runload.dlq.")
                                        && !h.key().equals(ORIGIN_HEADER)) {
                                    headers.add(h);
                                }
                            });
                            headers.add(
                                    ORIGIN_HEADER,
                                    (r.topic() + "/" + r.partition() + "@" + r.offset())
                                            .getBytes(StandardCharsets.UTF_8));
                            // The callback sees every outcome, so the returned Future adds nothing.
                            var unused = producer.send(
                                    new ProducerRecord<>(source, null, null, r.key(), r.value(), headers), onAck);
                        }
                        replayed.merge(reason, 1, Integer::sum);
                    }
                }
                remaining.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
            }
            if (producer != null) {
                producer.flush();
                // A record that was not written back must not be reported as replayed.
                if (sendFailure.get() != null) {
                    throw sendFailure.get();
                }
            }
        }
        return new Report(replayed, skipped, unroutable);
    }

    private static void seekToStart(
            KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions, Instant since) {
        if (since == null) {
            consumer.seekToBeginning(partitions);
            return;
        }
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(p -> query.put(p, since.toEpochMilli()));
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
        for (TopicPartition p : partitions) {
            OffsetAndTimestamp at = found.get(p);
            if (at == null) {
                consumer.seekToEnd(List.of(p));
            } else {
                consumer.seek(p, at.offset());
            }
        }
    }
}
