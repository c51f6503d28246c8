package io.runload.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.runload.topology.TopicNames;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

/**
 * Inputs keep the producer's timestamps, which Kafka Streams orders the topics of a task by; the
 * outputs take the broker's, so that their retention counts from when RunLoad wrote them, however
 * old the run (a back-fill).
 */
class TopicProvisionerTest {
    private static final long DAY_MS = 86_400_000L;
    private final TopicNames topics = new TopicNames("");
    private final Map<String, Map<String, String>> plan = TopicProvisioner.plan(topics, 4, (short) 1).stream()
            .collect(Collectors.toMap(NewTopic::name, NewTopic::configs));

    @Test
    void outputsAreStampedWhenWrittenAndKeptForTheirRetentionFromThen() {
        Map<String, Integer> retentionDays = Map.of(
                topics.runSummaries(), 90, topics.weeklyVolume(), 90, topics.alerts(), 30, topics.deadLetters(), 30);
        retentionDays.forEach((topic, days) -> assertThat(plan.get(topic))
                .as(topic)
                .containsEntry("message.timestamp.type", "LogAppendTime")
                .containsEntry("retention.ms", Long.toString(days * DAY_MS)));
    }

    @Test
    void inputsKeepTheProducersTimestamps() {
        for (String input : new String[] {topics.hrSamples(), topics.runs(), topics.athleteProfiles()}) {
            assertThat(plan.get(input)).as(input).doesNotContainKey("message.timestamp.type");
        }
    }
}
