package io.runload.avro.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.runload.avro.AthleteProfile;
import io.runload.avro.HeartRateSample;
import io.runload.avro.PlannedType;
import io.runload.avro.RunEvent;
import io.runload.avro.RunOp;
import io.runload.avro.Sex;
import io.runload.avro.Sport;
import io.runload.avro.WeekStart;
import io.runload.avro.ZoneModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.ClassSecurityValidator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A producer that appends a symbol to one of the input enums (a registry accepts that under
 * BACKWARD compatibility) must not break RunLoad: records that keep to the known symbols decode
 * unchanged, and a record with the new symbol decodes to the enum's default.
 */
class EnumEvolutionTest {

    static {
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(
                ClassSecurityValidator.getGlobal(), type -> "io.runload.avro".equals(type.getPackageName())));
    }

    /** An enum field of an input record, a symbol a newer producer adds, and what it must read as. */
    record Case(SpecificRecord known, String field, String enumName, String newSymbol, Object expectedDefault) {
        @Override
        public String toString() {
            return known.getSchema().getName() + "." + field + " gains " + newSymbol;
        }
    }

    static Stream<Case> cases() {
        RunEvent run = RunEvent.newBuilder()
                .setRunId("r1")
                .setAthleteId("a1")
                .setSource("garmin")
                .setExternalId("e1")
                .setOp(RunOp.UPSERT)
                .setSport(Sport.RUN)
                .setStartTime(Instant.parse("2026-03-14T07:05:00Z"))
                .setDurationSec(1800)
                .setDistanceMeters(5000.0)
                .setPlannedType(PlannedType.EASY)
                .build();
        AthleteProfile profile = AthleteProfile.newBuilder()
                .setAthleteId("a1")
                .setSex(Sex.FEMALE)
                .setWeekStart(WeekStart.SUNDAY)
                .setZoneModel(ZoneModel.LTHR_FRIEL)
                .setLthr(170)
                .setEffectiveFrom(LocalDate.of(2026, 1, 5))
                .build();
        HeartRateSample sample = HeartRateSample.newBuilder()
                .setAthleteId("a1")
                .setRunId("r1")
                .setDeviceId("d")
                .setSource("garmin")
                .setEventTime(Instant.parse("2026-03-14T07:12:31Z"))
                .setBpm(150)
                .setPlannedType(PlannedType.WORKOUT)
                .build();
        return Stream.of(
                new Case(run, "sport", "Sport", "HIKE", Sport.OTHER),
                new Case(run, "op", "RunOp", "ARCHIVE", RunOp.UNKNOWN),
                new Case(run, "plannedType", "PlannedType", "TEMPO", PlannedType.OTHER),
                new Case(sample, "plannedType", "PlannedType", "TEMPO", PlannedType.OTHER),
                new Case(profile, "sex", "Sex", "UNDISCLOSED", Sex.UNKNOWN),
                new Case(profile, "weekStart", "WeekStart", "SATURDAY", WeekStart.MONDAY),
                new Case(profile, "zoneModel", "ZoneModel", "POWER", ZoneModel.KARVONEN));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void aKnownSymbolDecodesUnchangedAndTheNewOneResolvesToTheDefault(Case c) throws IOException {
        Schema reader = c.known().getSchema();
        Schema writer = withExtraSymbol(reader, c.enumName(), c.newSymbol());
        assertThat(writer.toString()).contains("\"" + c.newSymbol() + "\"");
        SchemaCompatibility.SchemaPairCompatibility compatibility =
                SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        assertThat(compatibility.getType())
                .as("%s", compatibility.getResult().getIncompatibilities())
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);

        GenericRecord asWritten = rewrite(c.known(), writer);
        assertThat(decode(encode(asWritten, writer), writer, c.known())).isEqualTo(c.known());

        Schema enumSchema = writer.getField(c.field()).schema();
        if (enumSchema.getType() == Schema.Type.UNION) {
            enumSchema = enumSchema.getTypes().stream()
                    .filter(s -> s.getType() == Schema.Type.ENUM)
                    .findFirst()
                    .orElseThrow();
        }
        asWritten.put(c.field(), new GenericData.EnumSymbol(enumSchema, c.newSymbol()));
        SpecificRecord decoded = decode(encode(asWritten, writer), writer, c.known());
        int pos = reader.getField(c.field()).pos();
        assertThat(decoded.get(pos)).isEqualTo(c.expectedDefault());
        for (Schema.Field other : reader.getFields()) {
            if (other.pos() != pos) {
                assertThat(decoded.get(other.pos()))
                        .as(other.name())
                        .isEqualTo(c.known().get(other.pos()));
            }
        }
    }

    /** The reader's schema as a newer producer would publish it: one symbol appended to one enum. */
    private static Schema withExtraSymbol(Schema reader, String enumName, String symbol) {
        Schema enumSchema = SpecificData.get().getSchema(classFor(enumName));
        List<String> symbols = enumSchema.getEnumSymbols();
        String known = "\"symbols\":[\"" + String.join("\",\"", symbols) + "\"]";
        String json = reader.toString();
        assertThat(json).contains(known);
        return new Schema.Parser()
                .parse(json.replace(
                        known, "\"symbols\":[\"" + String.join("\",\"", symbols) + "\",\"" + symbol + "\"]"));
    }

    private static Class<?> classFor(String enumName) {
        try {
            return Class.forName("io.runload.avro." + enumName);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The specific record re-read as a generic one of the writer's schema, ready to be altered. */
    private static GenericRecord rewrite(SpecificRecord record, Schema writer) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<SpecificRecord>(record.getSchema(), SpecificData.getForClass(record.getClass()))
                .write(record, encoder);
        encoder.flush();
        return new GenericDatumReader<GenericRecord>(record.getSchema(), writer)
                .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
    }

    private static byte[] encode(GenericRecord record, Schema writer) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(writer).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static SpecificRecord decode(byte[] bytes, Schema writer, SpecificRecord like) throws IOException {
        SpecificData model = SpecificData.getForClass(like.getClass());
        return new SpecificDatumReader<SpecificRecord>(writer, like.getSchema(), model)
                .read(null, DecoderFactory.get().binaryDecoder(bytes, null));
    }
}
