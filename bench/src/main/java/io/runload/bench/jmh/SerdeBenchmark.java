package io.runload.bench.jmh;

import io.runload.avro.HeartRateSample;
import io.runload.serde.InMemorySchemaRegistry;
import io.runload.serde.SpecificAvroDeserializer;
import io.runload.serde.SpecificAvroSerializer;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * RunLoad's Confluent-framed Avro serde on a typical heart-rate sample (run id, speed, cadence),
 * one thread: records per second for encode, decode, and the passthrough baseline's decode+encode.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class SerdeBenchmark {
    private static final String TOPIC = "runload.hr-samples.v1";

    private SpecificAvroSerializer<HeartRateSample> serializer;
    private SpecificAvroDeserializer<HeartRateSample> deserializer;
    private HeartRateSample sample;
    private byte[] frame;

    @Setup
    public void setUp() {
        InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
        serializer = new SpecificAvroSerializer<>(HeartRateSample.class, registry, true);
        deserializer = new SpecificAvroDeserializer<>(HeartRateSample.class, registry);
        sample = HeartRateSample.newBuilder()
                .setAthleteId("a-0004711")
                .setRunId("a-0004711-2f1c9a7e-5b1d-4c47-9a0e-6a1b8f0e2d33")
                .setDeviceId("watch-42")
                .setSource("garmin")
                .setEventTime(Instant.parse("2026-05-01T07:12:31Z"))
                .setBpm(143)
                .setSpeedMps(3.05)
                .setCadenceSpm(172)
                .build();
        frame = serializer.serialize(TOPIC, sample);
    }

    @Benchmark
    public byte[] serialize() {
        return serializer.serialize(TOPIC, sample);
    }

    @Benchmark
    public HeartRateSample deserialize() {
        return deserializer.deserialize(TOPIC, frame);
    }

    @Benchmark
    public byte[] deserializeThenSerialize() {
        return serializer.serialize(TOPIC, deserializer.deserialize(TOPIC, frame));
    }
}
