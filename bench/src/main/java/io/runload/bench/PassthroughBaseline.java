package io.runload.bench;

import io.runload.avro.HeartRateSample;
import io.runload.serde.SchemaRegistryClient;
import io.runload.serde.SpecificAvroDeserializer;
import io.runload.serde.SpecificAvroSerializer;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The baseline RunLoad is compared with: a stateless Kafka Streams app, with RunLoad's own
 * streams properties (exactly_once_v2, commit interval, producer batching), that reads each sample
 * as bytes, decodes it with RunLoad's Avro deserializer, encodes it again and writes it out. Its
 * throughput is what the broker, the transactions and the serde allow; everything above that is
 * RunLoad's own work.
 */
final class PassthroughBaseline {
    private PassthroughBaseline() {}

    static KafkaStreams create(
            String inputTopic, String outputTopic, SchemaRegistryClient registry, Properties properties) {
        var deserializer = new SpecificAvroDeserializer<>(HeartRateSample.class, registry);
        var serializer = new SpecificAvroSerializer<>(HeartRateSample.class, registry, true);
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(
                        inputTopic,
                        Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("passthrough-source"))
                .mapValues(
                        bytes -> serializer.serialize(outputTopic, deserializer.deserialize(inputTopic, bytes)),
                        Named.as("decode-encode"))
                .to(
                        outputTopic,
                        Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("passthrough-sink"));
        return new KafkaStreams(builder.build(), properties);
    }
}
