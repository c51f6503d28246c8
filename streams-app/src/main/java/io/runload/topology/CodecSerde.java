package io.runload.topology;

import java.util.function.Function;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A serde for domain state classes that carry their own compact binary codec. State is internal
 * (only RunLoad reads its stores and changelogs), so it needs no registry, and a hand-written
 * codec is several times cheaper than Avro on the per-sample path.
 */
public final class CodecSerde<T> implements Serde<T> {
    private final Function<T, byte[]> encode;
    private final Function<byte[], T> decode;

    public CodecSerde(Function<T, byte[]> encode, Function<byte[], T> decode) {
        this.encode = encode;
        this.decode = decode;
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> value == null ? null : encode.apply(value);
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> bytes == null ? null : decode.apply(bytes);
    }
}
