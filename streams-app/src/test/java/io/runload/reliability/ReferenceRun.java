package io.runload.reliability;

import io.runload.metrics.RunLoadMetrics;
import io.runload.runtime.DeadLetterHandler;
import io.runload.serde.SchemaRegistryClient;
import io.runload.topology.RunLoadTopology;
import io.runload.topology.TopicNames;
import io.runload.topology.TopologySettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The expected outputs of a history: the same topology in a TopologyTestDriver, one record at a
 * time, with nothing to crash. Settings match the application defaults (7-day grace, 36 h HR retention),
 * except that run events do not wait for late heart rate: that wait is measured in wall-clock time, so
 * its effect on output order cannot be reproduced record for record. The applications compared with
 * this run set RUNLOAD_RUN_HR_WAIT=PT0S and rely on max.task.idle.ms for sample-before-run order.
 */
final class ReferenceRun {
    private ReferenceRun() {}

    static PublishedOutputs of(
            List<List<ScriptedHistory.Input>> batches, TopicNames topics, SchemaRegistryClient registry)
            throws Exception {
        TopologySettings settings = new TopologySettings(
                topics,
                registry,
                true,
                RunLoadMetrics.prometheus(),
                Clock.systemUTC(),
                Duration.ofDays(7),
                Duration.ofHours(36),
                262_144,
                Duration.ZERO,
                Duration.ZERO);
        Path state = Files.createTempDirectory("runload-reference-");
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "reference-" + UUID.randomUUID());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class.getName());
        props.put(DeadLetterHandler.DLQ_TOPIC_CONFIG, topics.deadLetters());
        props.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
        PublishedOutputs outputs = new PublishedOutputs(topics, registry);
        try (TopologyTestDriver driver =
                new TopologyTestDriver(RunLoadTopology.build(settings), props, Instant.now())) {
            ByteArraySerializer bytes = new ByteArraySerializer();
            var inputs = new java.util.HashMap<String, TestInputTopic<byte[], byte[]>>();
            for (String t : topics.inputs()) {
                inputs.put(t, driver.createInputTopic(t, bytes, bytes));
            }
            var outputTopics =
                    List.of(topics.runSummaries(), topics.weeklyVolume(), topics.alerts(), topics.deadLetters())
                            .stream()
                            .map(t -> driver.createOutputTopic(
                                    t, new ByteArrayDeserializer(), new ByteArrayDeserializer()))
                            .toList();
            var names = List.of(topics.runSummaries(), topics.weeklyVolume(), topics.alerts(), topics.deadLetters());
            for (List<ScriptedHistory.Input> batch : batches) {
                for (ScriptedHistory.Input in : batch) {
                    inputs.get(in.topic())
                            .pipeInput(new TestRecord<>(in.key(), in.value(), Instant.ofEpochMilli(in.timestamp())));
                }
            }
            for (int i = 0; i < names.size(); i++) {
                for (TestRecord<byte[], byte[]> r : outputTopics.get(i).readRecordsToList()) {
                    outputs.add(names.get(i), r.key(), r.value(), r.headers());
                }
            }
        }
        return outputs;
    }
}
