package io.runload.avro.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.runload.avro.compat.V1Records.Fixture;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.ClassSecurityValidator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every schema change must stay compatible with what is already on the topics. The v1 schemas
 * (verbatim copies of the first published .avsc files) and records encoded with them are frozen
 * under {@code src/test/resources/fixtures/v1}; this test reads them with today's classes.
 *
 * <p>Regenerating the .bin fixtures is a one-off, done when v1 was published:
 * <pre>
 * mvn -pl schemas test -Dtest=SchemaCompatibilityTest -Drunload.writeV1Fixtures=true
 * </pre>
 * It refuses to run once the current schemas differ from v1, because it encodes today's records
 * and could then no longer produce v1 bytes.
 */
class SchemaCompatibilityTest {

    private static final String FIXTURES = "fixtures/v1/";
    private static final List<String> V1_ENUMS = List.of(
            "AlertSeverity",
            "AlertType",
            "ErasureOrigin",
            "IntensityClass",
            "PlannedType",
            "RunOp",
            "Sex",
            "Sport",
            "WeekStart",
            "ZoneModel");
    /** Enum symbols appended after v1 as resolution defaults: enum JSON as generated, and as in v1. */
    private static final Map<String, String> APPENDED_DEFAULT_SYMBOLS = Map.of(
            "\"symbols\":[\"EASY\",\"LONG\",\"WORKOUT\",\"RACE\",\"OTHER\"],\"default\":\"OTHER\"",
            "\"symbols\":[\"EASY\",\"LONG\",\"WORKOUT\",\"RACE\"]",
            "\"symbols\":[\"UPSERT\",\"DELETE\",\"UNKNOWN\"],\"default\":\"UNKNOWN\"",
            "\"symbols\":[\"UPSERT\",\"DELETE\"]");

    private static final List<String> V1_RECORDS = List.of(
            "HeartRateSample",
            "RunEvent",
            "AthleteProfile",
            "RunSummary",
            "WeeklyVolume",
            "AthleteAlert",
            "ErasureRequest",
            "ErasureReceipt");

    static {
        // Avro only instantiates trusted classes by name; ours are the generated package.
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(
                ClassSecurityValidator.getGlobal(), type -> "io.runload.avro".equals(type.getPackageName())));
    }

    private static final Map<String, Schema> V1 = parseV1Schemas();

    static Stream<Fixture> fixtures() {
        return V1Records.all().stream();
    }

    static Stream<String> recordNames() {
        return V1_RECORDS.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void v1BytesDecodeWithTheCurrentClassesToTheFrozenValues(Fixture fixture) throws IOException {
        Schema writer = V1.get(fixture.schemaName());
        Class<?> type = fixture.expected().getClass();
        SpecificData model = SpecificData.getForClass(type);
        Schema reader = model.getSchema(type);
        byte[] bytes = resource(fixture.binaryResource());

        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, null);
        Object decoded = new SpecificDatumReader<>(writer, reader, model).read(null, decoder);

        assertThat(decoded).isInstanceOf(type).isEqualTo(fixture.expected());
        assertThat(decoder.isEnd()).as("every fixture byte consumed").isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recordNames")
    void currentSchemaReadsV1AndV1ReadsCurrent(String name) {
        Schema v1 = V1.get(name);
        Schema current = currentSchema(name);

        SchemaCompatibility.SchemaPairCompatibility backward =
                SchemaCompatibility.checkReaderWriterCompatibility(current, v1);
        assertThat(backward.getType())
                .as("current reads v1: %s", backward.getResult().getIncompatibilities())
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        // Forward as well, so consumers still on v1 can read what upgraded producers write. This is
        // stricter than the "backward compatible" rule. It is relaxed deliberately for exactly the
        // enum symbols appended as resolution defaults: v1 readers lack them, but no RunLoad producer
        // or output writes them, so the rest of the schema must still be readable by v1.
        SchemaCompatibility.SchemaPairCompatibility forward =
                SchemaCompatibility.checkReaderWriterCompatibility(v1, withoutAppendedDefaultSymbols(current));
        assertThat(forward.getType())
                .as("v1 reads current: %s", forward.getResult().getIncompatibilities())
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }

    @Test
    void everySchemaFileHasAV1FixtureAndEveryRecordHasEncodedFixtures() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("src/main/avro"))) {
            TreeSet<String> current = files.filter(p -> p.toString().endsWith(".avsc"))
                    .map(p -> p.getFileName().toString().replace(".avsc", ""))
                    .collect(Collectors.toCollection(TreeSet::new));
            TreeSet<String> frozen = new TreeSet<>(V1_ENUMS);
            frozen.addAll(V1_RECORDS);
            assertThat(current)
                    .as("a new .avsc needs a v1 fixture copy and an entry here")
                    .isEqualTo(frozen);
        }
        assertThat(V1Records.all().stream().map(Fixture::schemaName).collect(Collectors.toSet()))
                .containsExactlyInAnyOrderElementsOf(V1_RECORDS);
    }

    @Test
    void theSparseProfileFixtureHoldsTheHandEncodedV1Bytes() throws IOException {
        // Pins the committed bytes independently of the generator (zig-zag varints: n -> 2n):
        //   athleteId "ath-0099"     10 + 8 ASCII bytes   (length 8 -> 16 = 0x10)
        //   maxHr, restingHr, lthr, birthYear null: 00 00 00 00 (union branch 0)
        //   sex UNKNOWN              04                   (symbol index 2)
        //   timezone "UTC"           06 55 54 43          (length 3 -> 6)
        //   weekStart MONDAY, zoneModel KARVONEN: 00 00
        //   effectiveFrom 2025-12-31 CA BF 02             (epoch day 56*365 + 14 leap days - 1 = 20453;
        //                                                  2 * 20453 = 40906 = 2*128^2 + 63*128 + 74)
        assertThat(resource(FIXTURES + "AthleteProfile-sparse.bin"))
                .containsExactly(
                        0x10, 'a', 't', 'h', '-', '0', '0', '9', '9', 0x00, 0x00, 0x00, 0x00, 0x04, 0x06, 'U', 'T', 'C',
                        0x00, 0x00, 0xCA, 0xBF, 0x02);
    }

    @Test
    @EnabledIfSystemProperty(named = "runload.writeV1Fixtures", matches = "true")
    void writeV1Fixtures() throws IOException {
        // A fixture is written once, when its schema is published: only missing ones are written,
        // and only while that schema still equals its v1 copy.
        for (Fixture fixture : V1Records.all()) {
            Path target = Path.of("src/test/resources").resolve(fixture.binaryResource());
            if (Files.exists(target)) {
                continue;
            }
            String name = fixture.schemaName();
            assertThat(SchemaNormalization.parsingFingerprint64(currentSchema(name)))
                    .as("%s changed since v1: the fixtures must not be regenerated", name)
                    .isEqualTo(SchemaNormalization.parsingFingerprint64(V1.get(name)));
            SpecificRecord record = fixture.expected();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            new SpecificDatumWriter<SpecificRecord>(V1.get(name), SpecificData.getForClass(record.getClass()))
                    .write(record, encoder);
            encoder.flush();
            Files.write(target, out.toByteArray());
        }
    }

    private static Schema withoutAppendedDefaultSymbols(Schema current) {
        String json = current.toString();
        for (var appended : APPENDED_DEFAULT_SYMBOLS.entrySet()) {
            json = json.replace(appended.getKey(), appended.getValue());
        }
        return new Schema.Parser().parse(json);
    }

    private static Schema currentSchema(String name) {
        try {
            Class<?> type = Class.forName("io.runload.avro." + name);
            return SpecificData.getForClass(type).getSchema(type);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("no generated class for " + name, e);
        }
    }

    /** Parses the v1 copies the way the avro-maven-plugin did: shared enums first, then records. */
    private static Map<String, Schema> parseV1Schemas() {
        Schema.Parser parser = new Schema.Parser();
        Map<String, Schema> schemas = new HashMap<>();
        try {
            for (String name : V1_ENUMS) {
                schemas.put(
                        name,
                        parser.parse(
                                new String(resource(FIXTURES + "common/" + name + ".avsc"), StandardCharsets.UTF_8)));
            }
            for (String name : V1_RECORDS) {
                schemas.put(
                        name, parser.parse(new String(resource(FIXTURES + name + ".avsc"), StandardCharsets.UTF_8)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return schemas;
    }

    private static byte[] resource(String path) throws IOException {
        try (InputStream in = SchemaCompatibilityTest.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IOException("missing test resource " + path);
            }
            return in.readAllBytes();
        }
    }
}
