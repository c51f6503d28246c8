package io.runload.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.runload.testing.SharedKafkaBroker;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stateful exactly_once_v2 Kafka Streams app on the shared broker: it needs the transaction
 * state topic, the consumer offsets topic and a compacted changelog, all on one broker.
 */
class EmbeddedKafkaBrokerStreamsIT {

    @Test
    void anExactlyOnceStatefulTopologyRunsOnTheEmbeddedBroker(@TempDir Path stateDirectory) {
        String input = SharedKafkaBroker.createUniqueTopic("streams-it-in", 2);
        String output = SharedKafkaBroker.createUniqueTopic("streams-it-out", 2);

        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(input, Consumed.with(Serdes.String(), Serdes.String()))
                .groupByKey(Grouped.as("runs-per-athlete-grouping"))
                .count(Materialized.<String, Long, KeyValueStore<Bytes, byte[]>>as("runs-per-athlete")
                        .withKeySerde(Serdes.String()))
                .toStream()
                .to(output, Produced.with(Serdes.String(), Serdes.Long()));

        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, SharedKafkaBroker.uniqueTopic("streams-it-app"));
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafkaBroker.bootstrapServers());
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDirectory.toString());
        // Without the cache every update is forwarded, so the expected output is exact.
        config.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);

        try (KafkaStreams streams = new KafkaStreams(builder.build(), config)) {
            streams.start();
            SharedKafkaBroker.produce(List.of(
                    record(input, "athlete-a", "run-1"),
                    record(input, "athlete-b", "run-2"),
                    record(input, "athlete-a", "run-3")));

            List<ConsumerRecord<byte[], byte[]>> counts =
                    SharedKafkaBroker.consumeAll(output, 3, Duration.ofSeconds(60));

            // athlete-a is counted twice (1 then 2), athlete-b once; one key stays in one partition,
            // so athlete-a's two updates arrive in order.
            assertThat(counts)
                    .extracting(r ->
                            text(r.key()) + "=" + ByteBuffer.wrap(r.value()).getLong())
                    .containsExactlyInAnyOrder("athlete-a=1", "athlete-b=1", "athlete-a=2")
                    .containsSubsequence("athlete-a=1", "athlete-a=2");
        }
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, String key, String value) {
        return new ProducerRecord<>(
                topic, key.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
