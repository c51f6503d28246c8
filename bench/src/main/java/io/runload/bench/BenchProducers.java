package io.runload.bench;

import io.runload.serde.SchemaRegistryClient;
import io.runload.serde.SpecificAvroSerializer;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Producers writing the real wire format (Confluent-framed Avro, schema registered like a device gateway would). */
final class BenchProducers {
    private BenchProducers() {}

    /** For pre-loading a backlog as fast as the broker takes it. */
    static <T extends SpecificRecord> KafkaProducer<String, T> bulk(
            String bootstrap, Class<T> type, SchemaRegistryClient registry) {
        return new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ProducerConfig.ACKS_CONFIG,
                        "1",
                        ProducerConfig.LINGER_MS_CONFIG,
                        20,
                        ProducerConfig.BATCH_SIZE_CONFIG,
                        512 * 1024,
                        ProducerConfig.BUFFER_MEMORY_CONFIG,
                        128L << 20,
                        ProducerConfig.COMPRESSION_TYPE_CONFIG,
                        "lz4",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                        false),
                new StringSerializer(),
                new SpecificAvroSerializer<>(type, registry, true));
    }

    /** Like {@link #live}, for values encoded beforehand. */
    static KafkaProducer<String, byte[]> liveEncoded(String bootstrap) {
        return new KafkaProducer<>(liveSettings(bootstrap), new StringSerializer(), new ByteArraySerializer());
    }

    /** For paced, latency-sensitive sending: small linger, as a gateway forwarding live data would use. */
    static <T extends SpecificRecord> KafkaProducer<String, T> live(
            String bootstrap, Class<T> type, SchemaRegistryClient registry) {
        return new KafkaProducer<>(
                liveSettings(bootstrap), new StringSerializer(), new SpecificAvroSerializer<>(type, registry, true));
    }

    private static Map<String, Object> liveSettings(String bootstrap) {
        return Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.LINGER_MS_CONFIG,
                2,
                ProducerConfig.BATCH_SIZE_CONFIG,
                128 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG,
                "lz4");
    }
}
