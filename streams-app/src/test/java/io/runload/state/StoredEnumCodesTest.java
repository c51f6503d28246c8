package io.runload.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
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

    private static Map<String, Integer> byName(StoredEnumCode<?> table) {
        Map<String, Integer> names = new LinkedHashMap<>();
        table.codes().forEach((constant, code) -> names.put(constant.name(), code));
        return names;
    }
}
