package io.runload.runtime;

import io.runload.topology.TopicNames;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates RunLoad's topics when they are missing and checks the ones that exist. The three inputs
 * must have the same partition count: one athlete's samples, runs and profile meet in one task.
 */
public final class TopicProvisioner {
    private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);
    private static final long DAY_MS = 24L * 3600 * 1000;

    private TopicProvisioner() {}

    /** The topics RunLoad needs, with their configs. */
    public static List<NewTopic> plan(TopicNames topics, int partitions, short replication) {
        List<NewTopic> plan = new ArrayList<>();
        plan.add(
                topic(topics.hrSamples(), partitions, replication, Map.of("retention.ms", Long.toString(14 * DAY_MS))));
        plan.add(topic(topics.runs(), partitions, replication, Map.of("retention.ms", Long.toString(90 * DAY_MS))));
        plan.add(topic(topics.athleteProfiles(), partitions, replication, Map.of("cleanup.policy", "compact")));
        // Outputs are keyed by athleteId but upsert per run or week, so compaction on the key would
        // discard other runs' and weeks' values: they use time retention instead.
        plan.add(topic(topics.runSummaries(), partitions, replication, output(90)));
        plan.add(topic(topics.weeklyVolume(), partitions, replication, output(90)));
        plan.add(topic(topics.alerts(), partitions, replication, output(30)));
        // A dead letter keeps its input's timestamp, which may be as old as the history it came with.
        plan.add(topic(topics.deadLetters(), partitions, replication, output(30)));
        // Kept as long as the longest-lived time-retained input (runs), so that reprocessing the
        // inputs from the start erases again what it re-reads from before the request.
        plan.add(topic(topics.erasures(), partitions, replication, Map.of("retention.ms", Long.toString(90 * DAY_MS))));
        plan.add(topic(
                topics.erasureReceipts(), partitions, replication, Map.of("retention.ms", Long.toString(90 * DAY_MS))));
        return plan;
    }

    /**
     * Outputs are stamped by the broker when they are written: RunLoad writes a back-filled run's
     * summary, weeks and alerts with the run's end time, and with that time as the record's, the
     * broker would delete them minutes after writing (everything older than the retention). A
     * deleted segment can also hold records of the transaction still open, which fenced RunLoad's
     * exactly-once producer at the broker's retention checks during back-fills.
     */
    private static Map<String, String> output(int retentionDays) {
        return Map.of("retention.ms", Long.toString(retentionDays * DAY_MS), "message.timestamp.type", "LogAppendTime");
    }

    public static void ensure(Admin admin, TopicNames topics, int partitions, short replication) {
        List<NewTopic> plan = plan(topics, partitions, replication);
        try {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing =
                    plan.stream().filter(t -> !existing.contains(t.name())).toList();
            if (!missing.isEmpty()) {
                try {
                    admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
                    LOG.info(
                            "Created topics {}",
                            missing.stream().map(NewTopic::name).toList());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            Map<String, TopicDescription> described = describeInputs(admin, topics);
            Map<String, Integer> counts = new HashMap<>();
            described.forEach((name, d) -> counts.put(name, d.partitions().size()));
            if (counts.values().stream().distinct().count() > 1) {
                throw new ConfigException(
                        "Input topics must have the same partition count so an athlete's data meets in one task; found "
                                + counts);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics", e);
        } catch (ExecutionException | TimeoutException e) {
            // The cause says what failed (authentication, a timeout); callers turn it into one line.
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException(
                    "Cannot create or describe RunLoad topics: "
                            + cause.getClass().getSimpleName()
                            + (cause.getMessage() == null ? "" : ": " + cause.getMessage()),
                    cause);
        }
    }

    /** Topics just created can be briefly unknown to the broker answering the describe: retry. */
    private static Map<String, TopicDescription> describeInputs(Admin admin, TopicNames topics)
            throws InterruptedException, ExecutionException, TimeoutException {
        for (int attempt = 1; ; attempt++) {
            try {
                return admin.describeTopics(topics.inputs()).allTopicNames().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || attempt >= 20) {
                    throw e;
                }
                Thread.sleep(250);
            }
        }
    }

    private static NewTopic topic(String name, int partitions, short replication, Map<String, String> configs) {
        return new NewTopic(name, partitions, replication).configs(configs);
    }
}
