package io.runload.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runload.domain.AlertLog;
import io.runload.serde.AvroClassTrust;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.junit.jupiter.api.Test;

class StoredEnumCodesTest {

    /**
     * The codes written in stores today, by symbol name. These literals are the stored format: a
     * reorder of a schema's symbols must leave them as they are, so they are written out here
     * rather than read from the generated enums.
     */
    private static final Map<StoredEnumCode<?>, Map<String, Integer>> PINNED = Map.of(
            StoredEnumCodes.SPORT, Map.of("RUN", 0, "TRAIL_RUN", 1, "TREADMILL_RUN", 2, "TRACK_RUN", 3, "OTHER", 4),
            StoredEnumCodes.INTENSITY, Map.of("EASY", 0, "MODERATE", 1, "HARD", 2, "UNKNOWN", 3),
            StoredEnumCodes.PLANNED_TYPE, Map.of("EASY", 0, "LONG", 1, "WORKOUT", 2, "RACE", 3, "OTHER", 4),
            StoredEnumCodes.ALERT_TYPE,
                    Map.of(
                            "EASY_RUN_TOO_HARD",
                            0,
                            "EASY_EFFORT_DRIFT",
                            1,
                            "VOLUME_SPIKE",
                            2,
                            "ACWR_HIGH",
                            3,
                            "RECOVERY_DEFICIT",
                            4),
            StoredEnumCodes.ALERT_SEVERITY, Map.of("INFO", 0, "WARNING", 1, "CRITICAL", 2),
            StoredEnumCodes.RUN_STATUS, Map.of("COUNTED", 0, "DUPLICATE", 1, "DELETED", 2),
            StoredEnumCodes.ZONE_MODEL, Map.of("KARVONEN", 0, "LTHR_FRIEL", 1),
            StoredEnumCodes.SEX, Map.of("MALE", 0, "FEMALE", 1, "UNKNOWN", 2));

    @Test
    void storedCodesArePinnedBySymbolName() {
        assertThat(PINNED.keySet()).containsExactlyInAnyOrderElementsOf(StoredEnumCodes.ALL);
        for (StoredEnumCode<?> table : StoredEnumCodes.ALL) {
            assertThat(byName(table)).as(table.type().getSimpleName()).isEqualTo(PINNED.get(table));
            PINNED.get(table)
                    .forEach((name, code) -> assertThat(table.constant(code).name())
                            .as(table.type().getSimpleName() + " code " + code)
                            .isEqualTo(name));
        }
    }

    @Test
    void everyAvroSymbolHasItsOwnCode() {
        for (StoredEnumCode<?> table : StoredEnumCodes.ALL) {
            Schema schema = SpecificData.get().getSchema(table.type());
            assertThat(schema.getType()).isEqualTo(Schema.Type.ENUM);
            Map<String, Integer> codes = byName(table);
            Set<Integer> seen = new HashSet<>();
            for (String symbol : schema.getEnumSymbols()) {
                assertThat(codes).as(schema.getName() + " symbol " + symbol).containsKey(symbol);
                assertThat(seen.add(codes.get(symbol)))
                        .as(schema.getName() + " code of " + symbol + " is unique")
                        .isTrue();
            }
            assertThat(codes).hasSameSizeAs(schema.getEnumSymbols());
        }
    }

    /** Two declaration orders of the same symbols, as a reordered schema would generate. */
    enum Declared {
        EASY,
        LONG,
        WORKOUT
    }

    enum Reordered {
        WORKOUT,
        EASY,
        LONG
    }

    @Test
    @SuppressWarnings("EnumOrdinal") // The point: positions differ, codes do not.
    void aReorderOfTheSymbolsKeepsEveryConstantsCode() {
        StoredEnumCode<Declared> before =
                StoredEnumCode.of(Declared.class, Map.of(Declared.EASY, 0, Declared.LONG, 1, Declared.WORKOUT, 2));
        StoredEnumCode<Reordered> after =
                StoredEnumCode.of(Reordered.class, Map.of(Reordered.EASY, 0, Reordered.LONG, 1, Reordered.WORKOUT, 2));
        for (Declared constant : Declared.values()) {
            Reordered same = Reordered.valueOf(constant.name());
            assertThat(same.ordinal()).isNotEqualTo(constant.ordinal());
            int stored = before.code(constant);
            assertThat(after.constant(stored)).isSameAs(same);
        }
        assertThat(after.constant(3)).isNull();
        assertThat(after.constant(-1)).isNull();
    }

    @Test
    void aTableWithoutEveryConstantOrWithASharedCodeIsRefused() {
        assertThatThrownBy(() -> StoredEnumCode.of(Declared.class, Map.of(Declared.EASY, 0, Declared.LONG, 1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Declared.WORKOUT has no stored code");
        assertThatThrownBy(() -> StoredEnumCode.of(
                        Declared.class, Map.of(Declared.EASY, 0, Declared.LONG, 1, Declared.WORKOUT, 1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("as code 1");
        assertThatThrownBy(() -> StoredEnumCode.of(
                        Declared.class, Map.of(Declared.EASY, 0, Declared.LONG, 1, Declared.WORKOUT, 256)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("outside 0..255");
    }

    /**
     * Each stored enum's schema with its symbols reversed: a change the registry accepts both ways
     * (Avro matches enum symbols by name). Avro itself then writes other positions on the wire and
     * still reads every symbol back as the same constant; a store that kept positions would read
     * a different constant after such a reorder, while a stored code still names the same one.
     */
    @Test
    void aCompatibleReorderOfAnAvroEnumCannotChangeWhatAStoredCodeDecodesTo() throws IOException {
        for (StoredEnumCode<?> table : StoredEnumCodes.ALL) {
            checkReorder(table);
        }
    }

    @SuppressWarnings("EnumOrdinal") // Shows what a position-based store would have read.
    private static <E extends Enum<E>> void checkReorder(StoredEnumCode<E> table) throws IOException {
        AvroClassTrust.install();
        Schema current = SpecificData.get().getSchema(table.type());
        List<String> symbols = new ArrayList<>(current.getEnumSymbols());
        Collections.reverse(symbols);
        Schema reordered = Schema.createEnum(
                current.getName(), current.getDoc(), current.getNamespace(), symbols, current.getEnumDefault());
        String name = table.type().getSimpleName();
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(current, reordered)
                        .getType())
                .as(name + " read with the reordered writer")
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(reordered, current)
                        .getType())
                .as(name + " read by the reordered reader")
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);

        int moved = 0;
        for (E constant : table.type().getEnumConstants()) {
            byte[] wire = writeSymbol(reordered, constant.name());
            int position = DecoderFactory.get().binaryDecoder(wire, null).readEnum();
            assertThat(position).isEqualTo(symbols.indexOf(constant.name()));
            BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(wire, null);
            E resolved = new SpecificDatumReader<E>(reordered, current).read(null, decoder);
            assertThat(resolved).as(name + " resolved by name").isSameAs(constant);

            // A store holding the position would, after the reorder, read the symbol now at the
            // constant's old position; the stored code is pinned by name and read back as is.
            String byPosition = symbols.get(constant.ordinal());
            int code = table.code(constant);
            assertThat(code).isEqualTo(PINNED.get(table).get(constant.name()));
            assertThat(table.constant(code)).isSameAs(constant);
            if (!byPosition.equals(constant.name())) {
                moved++;
            }
        }
        if (symbols.size() > 1) {
            assertThat(moved)
                    .as(name + " symbols whose position the reorder changed")
                    .isPositive();
        }
    }

    private static byte[] writeSymbol(Schema schema, String symbol) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        new GenericDatumWriter<Object>(schema).write(new GenericData.EnumSymbol(schema, symbol), encoder);
        encoder.flush();
        return bytes.toByteArray();
    }

    @Test
    void theAlertLogScopeKeepsTheCodesFormatTwoWroteAsPositions() {
        // Format 2 wrote Scope.ordinal() when Scope was declared LIVE, RUN, WEEK, UNKNOWN.
        assertThat(byName(AlertLogCodec.SCOPE)).isEqualTo(Map.of("LIVE", 0, "RUN", 1, "WEEK", 2, "UNKNOWN", 3));
        assertThat(AlertLogCodec.SCOPE.constant(2)).isSameAs(AlertLog.Scope.WEEK);
    }

    private static Map<String, Integer> byName(StoredEnumCode<?> table) {
        Map<String, Integer> names = new LinkedHashMap<>();
        table.codes().forEach((constant, code) -> names.put(constant.name(), code));
        return names;
    }
}
