package io.runload.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * "Processed and committed": a consumer group's committed offsets on some input topics have
 * reached the topics' end offsets. Under exactly-once that is the moment the results of every
 * input record are committed too (offsets commit in the same transaction as the outputs).
 */
final class CommittedProgress {
    private final Admin admin;

    CommittedProgress(Admin admin) {
        this.admin = admin;
    }

    Map<TopicPartition, Long> endOffsets(List<String> topics) throws InterruptedException, ExecutionException {
        return offsets(topics, OffsetSpec.latest());
    }

    /** Where each partition's log now starts: above 0 once the broker has deleted records (retention). */
    Map<TopicPartition, Long> startOffsets(List<String> topics) throws InterruptedException, ExecutionException {
        return offsets(topics, OffsetSpec.earliest());
    }

    private Map<TopicPartition, Long> offsets(List<String> topics, OffsetSpec spec)
            throws InterruptedException, ExecutionException {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        admin.describeTopics(topics)
                .allTopicNames()
                .get()
                .forEach((name, description) -> description
                        .partitions()
                        .forEach(p -> request.put(new TopicPartition(name, p.partition()), spec)));
        return admin.listOffsets(request).all().get().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    long committedTotal(String groupId, Map<TopicPartition, Long> ends)
            throws InterruptedException, ExecutionException {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                .partitionsToOffsetAndMetadata()
                .get();
        long total = 0;
        for (TopicPartition tp : ends.keySet()) {
            OffsetAndMetadata o = committed.get(tp);
            total += o == null ? 0 : o.offset();
        }
        return total;
    }

    /** Polls until the group has committed up to {@code ends}; returns the wall time when it saw that. */
    long awaitCommitted(String groupId, Map<TopicPartition, Long> ends, Duration timeout)
            throws InterruptedException, ExecutionException {
        long target = ends.values().stream().mapToLong(Long::longValue).sum();
        long deadline = System.nanoTime() + timeout.toNanos();
        long lastReport = System.nanoTime();
        while (true) {
            long done = committedTotal(groupId, ends);
            if (done >= target) {
                return System.nanoTime();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        groupId + " committed " + done + " of " + target + " within " + timeout);
            }
            if (System.nanoTime() - lastReport > 10_000_000_000L) {
                BenchRun.log("  %s: %,d of %,d committed", groupId, done, target);
                lastReport = System.nanoTime();
            }
            Thread.sleep(50);
        }
    }
}
