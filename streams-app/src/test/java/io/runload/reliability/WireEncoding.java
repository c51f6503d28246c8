package io.runload.reliability;

import io.runload.serde.SchemaRegistryClient;
import io.runload.serde.SpecificAvroSerializer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificRecord;

/**
 * Builds input bytes for tests, good and deliberately bad: RunLoad's own records, and records written
 * with a foreign writer schema registered under the topic's subject (an incompatible field type, an
 * enum symbol the reader does not know).
 */
final class WireEncoding {
    private final SchemaRegistryClient registry;

    WireEncoding(SchemaRegistryClient registry) {
        this.registry = registry;
    }

    byte[] avro(String topic, SpecificRecord value) {
        @SuppressWarnings({"unchecked", "rawtypes"})
        SpecificAvroSerializer<SpecificRecord> serializer =
                new SpecificAvroSerializer(value.getClass(), registry, true);
        return serializer.serialize(topic, value);
    }

    /** The same record with the magic byte changed. */
    byte[] withMagicByte(byte[] encoded, byte magic) {
        byte[] copy = Arrays.copyOf(encoded, encoded.length);
        copy[0] = magic;
        return copy;
    }

    /** The same record pointing at a schema id no registry holds. */
    byte[] withSchemaId(byte[] encoded, int id) {
        byte[] copy = Arrays.copyOf(encoded, encoded.length);
        ByteBuffer.wrap(copy, 1, 4).putInt(id);
        return copy;
    }

    /**
     * The record re-written with a writer schema whose text is the record's own schema with
     * {@code from} replaced by {@code to}, the new schema registered under the topic's subject, and
     * the field {@code field} set to {@code fieldValue}.
     */
    byte[] foreign(String topic, SpecificRecord value, String from, String to, String field, Object fieldValue) {
        Schema own = value.getSchema();
        String text = own.toString();
        if (!text.contains(from)) {
            throw new IllegalArgumentException("schema text has no " + from);
        }
        Schema writer = new Schema.Parser().parse(text.replace(from, to));
        GenericRecord generic = asGeneric(topic, value);
        GenericRecord rewritten = new GenericData.Record(writer);
        for (Schema.Field f : writer.getFields()) {
            Object v = generic.get(f.name());
            if (f.schema().getType() == Schema.Type.ENUM && v != null) {
                v = new GenericData.EnumSymbol(f.schema(), v.toString());
            }
            rewritten.put(f.name(), v);
        }
        rewritten.put(
                field,
                fieldValue instanceof String s
                                && writer.getField(field).schema().getType() == Schema.Type.ENUM
                        ? new GenericData.EnumSymbol(writer.getField(field).schema(), s)
                        : fieldValue);
        int id = registry.register(topic + "-value", writer);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.writeBytes(ByteBuffer.allocate(4).putInt(id).array());
        try {
            var encoder = EncoderFactory.get().binaryEncoder(out, null);
            new GenericDatumWriter<GenericRecord>(writer).write(rewritten, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * The record as a producer with a hostile schema writes it: the record's own schema plus a last,
     * optional and recursive field (a linked list), registered under the topic's subject, and the
     * list nested {@code depth} deep. Each level is union branch 1 (zig-zag varint 0x02); a plain
     * Avro reader recurses once per level to read or skip it.
     */
    byte[] withRecursiveTail(String topic, SpecificRecord value, int depth) {
        Schema own = value.getSchema();
        Schema link = Schema.createRecord("Link", null, "io.example.hostile", false);
        link.setFields(java.util.List.of(new Schema.Field(
                "next",
                Schema.createUnion(Schema.create(Schema.Type.NULL), link),
                null,
                Schema.Field.NULL_DEFAULT_VALUE)));
        java.util.List<Schema.Field> fields = new java.util.ArrayList<>();
        for (Schema.Field f : own.getFields()) {
            fields.add(new Schema.Field(f, f.schema()));
        }
        fields.add(new Schema.Field(
                "trail",
                Schema.createUnion(Schema.create(Schema.Type.NULL), link),
                null,
                Schema.Field.NULL_DEFAULT_VALUE));
        Schema writer = Schema.createRecord(own.getName(), own.getDoc(), own.getNamespace(), false, fields);
        int id = registry.register(topic + "-value", writer);
        byte[] encoded = avro(topic, value);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.writeBytes(ByteBuffer.allocate(4).putInt(id).array());
        out.write(encoded, 5, encoded.length - 5);
        byte[] tail = new byte[depth + 1];
        Arrays.fill(tail, 0, depth, (byte) 0x02);
        out.writeBytes(tail);
        return out.toByteArray();
    }

    private GenericRecord asGeneric(String topic, SpecificRecord value) {
        byte[] encoded = avro(topic, value);
        try {
            return new GenericDatumReader<GenericRecord>(value.getSchema())
                    .read(null, DecoderFactory.get().binaryDecoder(encoded, 5, encoded.length - 5, null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
