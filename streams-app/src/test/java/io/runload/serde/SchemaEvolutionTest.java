package io.runload.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.runload.avro.HeartRateSample;
import io.runload.avro.RunSummary;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/**
 * Bytes written by producers on other schema versions, read into today's classes. The other
 * versions are derived from the current schema by dropping, adding or retyping one field, and the
 * bytes are written with a generic writer, exactly as an older or newer producer would.
 */
class SchemaEvolutionTest {

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();

    @Test
    void anOlderWriterWithoutADefaultedIntFieldReadsAsTheDefault() {
        RunSummary current = SampleRecords.fullRunSummary();
        Schema older = withoutField(RunSummary.getClassSchema(), "samplesAboveProfileMax");
        byte[] framed = writtenBy(older, current, "runload.run-summaries.v1");

        RunSummary read = new SpecificAvroDeserializer<>(RunSummary.class, registry)
                .deserialize("runload.run-summaries.v1", framed);

        // The field's schema default is 0; the value in the record (3) never reached the bytes.
        assertThat(read.getSamplesAboveProfileMax()).isZero();
        RunSummary expected =
                RunSummary.newBuilder(current).setSamplesAboveProfileMax(0).build();
        assertThat(read).isEqualTo(expected);
    }

    @Test
    void anOlderWriterWithoutOptionalFieldsReadsThemAsNull() {
        HeartRateSample current = SampleRecords.fullHeartRateSample();
        Schema older = withoutField(withoutField(HeartRateSample.getClassSchema(), "rrIntervalsMs"), "cadenceSpm");
        byte[] framed = writtenBy(older, current, "runload.hr-samples.v1");

        HeartRateSample read = new SpecificAvroDeserializer<>(HeartRateSample.class, registry)
                .deserialize("runload.hr-samples.v1", framed);

        assertThat(read.getCadenceSpm()).isNull();
        assertThat(read.getRrIntervalsMs()).isNull();
        assertThat(read.getBpm()).isEqualTo(152);
        assertThat(read.getSpeedMps()).isEqualTo(3.21);
        assertThat(read.getEventTime()).isEqualTo(current.getEventTime());
    }

    @Test
    void aNewerWriterWithAnExtraFieldIsReadWithoutIt() {
        HeartRateSample current = SampleRecords.fullHeartRateSample();
        Schema newer = withExtraField(
                HeartRateSample.getClassSchema(),
                new Schema.Field("skinTempC", Schema.create(Schema.Type.DOUBLE), "Skin temperature.", 0.0));
        byte[] framed = writtenBy(newer, current, "runload.hr-samples.v1", r -> {
            r.put("skinTempC", 33.4);
            return r;
        });

        HeartRateSample read = new SpecificAvroDeserializer<>(HeartRateSample.class, registry)
                .deserialize("runload.hr-samples.v1", framed);

        assertThat(read).isEqualTo(current);
    }

    @Test
    void aFieldChangedFromStringToIntIsIncompatible() {
        HeartRateSample current = SampleRecords.fullHeartRateSample();
        Schema retyped = withFieldType(HeartRateSample.getClassSchema(), "deviceId", Schema.create(Schema.Type.INT));
        byte[] framed = writtenBy(retyped, current, "runload.hr-samples.v1", r -> {
            r.put("deviceId", 3391);
            return r;
        });
        SpecificAvroDeserializer<HeartRateSample> deserializer =
                new SpecificAvroDeserializer<>(HeartRateSample.class, registry);

        AvroDecodingException e = catchThrowableOfType(
                AvroDecodingException.class, () -> deserializer.deserialize("runload.hr-samples.v1", framed));

        assertThat(e.reason()).isEqualTo("incompatible_schema");
        assertThat(e.schemaId()).isEqualTo(AvroWireFormat.schemaId(framed));
        assertThat(e).hasMessageContaining("TYPE_MISMATCH at /fields/2/type (field deviceId)");
        // The verdict is cached per writer id and stays the same for the next record.
        assertThat(catchThrowableOfType(
                                AvroDecodingException.class,
                                () -> deserializer.deserialize("runload.hr-samples.v1", framed))
                        .reason())
                .isEqualTo("incompatible_schema");
    }

    private byte[] writtenBy(Schema writer, SpecificRecord values, String topic) {
        return writtenBy(writer, values, topic, UnaryOperator.identity());
    }

    /** Registers {@code writer} and frames {@code values} encoded with it, copying fields by name. */
    private byte[] writtenBy(Schema writer, SpecificRecord values, String topic, UnaryOperator<GenericRecord> adjust) {
        GenericRecord record = new GenericData.Record(writer);
        for (Schema.Field field : writer.getFields()) {
            Schema.Field source = values.getSchema().getField(field.name());
            if (source != null) {
                record.put(field.name(), values.get(source.pos()));
            }
        }
        record = adjust.apply(record);
        int id = registry.register(topic + "-value", writer);
        // The record class's model carries the Instant/LocalDate conversions the values need.
        GenericDatumWriter<GenericRecord> datumWriter =
                new GenericDatumWriter<>(writer, SpecificData.getForClass(values.getClass()));
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(body, null);
        try {
            datumWriter.write(record, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return AvroWireFormat.frame(id, body.toByteArray());
    }

    private static Schema withoutField(Schema schema, String name) {
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field f : schema.getFields()) {
            if (!f.name().equals(name)) {
                fields.add(new Schema.Field(f, f.schema()));
            }
        }
        return copyWith(schema, fields);
    }

    private static Schema withExtraField(Schema schema, Schema.Field extra) {
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field f : schema.getFields()) {
            fields.add(new Schema.Field(f, f.schema()));
        }
        fields.add(extra);
        return copyWith(schema, fields);
    }

    private static Schema withFieldType(Schema schema, String name, Schema type) {
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field f : schema.getFields()) {
            fields.add(f.name().equals(name) ? new Schema.Field(f, type) : new Schema.Field(f, f.schema()));
        }
        return copyWith(schema, fields);
    }

    private static Schema copyWith(Schema schema, List<Schema.Field> fields) {
        return Schema.createRecord(schema.getName(), schema.getDoc(), schema.getNamespace(), false, fields);
    }
}
