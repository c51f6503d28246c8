package io.runload.reliability;

import io.runload.serde.SchemaRegistryClient;
import io.runload.testing.SharedKafkaBroker;
import io.runload.topology.TopicNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads every output topic from the beginning with {@code read_committed}, as a downstream service
 * would, until the expected number of records arrived on each, and then for a quiet period more: a
 * record replayed after a crash arrives late, so stopping at the expected count would hide it.
 */
final class CommittedOutputReader {
    private CommittedOutputReader() {}

    static PublishedOutputs read(
            String bootstrap,
            TopicNames topics,
            SchemaRegistryClient registry,
            Map<String, Integer> expected,
            Duration timeout,
            Duration quiet) {
        PublishedOutputs outputs = new PublishedOutputs(topics, registry);
        List<String> names =
                List.of(topics.runSummaries(), topics.weeklyVolume(), topics.alerts(), topics.deadLetters());
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(SharedKafkaBroker.readCommittedConsumerConfig(bootstrap))) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String t : names) {
                List<PartitionInfo> infos = consumer.partitionsFor(t, Duration.ofSeconds(10));
                infos.forEach(i -> partitions.add(new TopicPartition(t, i.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            long quietUntil = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, quietUntil)) {
                var polled = consumer.poll(Duration.ofMillis(200));
                polled.forEach(r -> outputs.add(r.topic(), r.key(), r.value(), r.headers()));
                if (quietUntil == Long.MAX_VALUE && reached(outputs, expected)) {
                    quietUntil = System.nanoTime() + quiet.toNanos();
                }
            }
        }
        return outputs;
    }

    private static boolean reached(PublishedOutputs outputs, Map<String, Integer> expected) {
        return expected.entrySet().stream().allMatch(e -> outputs.count(e.getKey()) >= e.getValue());
    }
}
