package io.runload.state;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * The fixed code an enum's constants have in stored state. Avro resolves enum symbols by name, so
 * a compatible reorder of a schema's symbols changes the generated constants' ordinals; codes
 * given here by name keep stored bytes decoding to the same constant whatever the order.
 */
final class StoredEnumCode<E extends Enum<E>> {

    private final Class<E> type;
    private final Map<E, Integer> codes;
    private final E[] byCode;

    private StoredEnumCode(Class<E> type, Map<E, Integer> codes, E[] byCode) {
        this.type = type;
        this.codes = codes;
        this.byCode = byCode;
    }

    /**
     * A table that must give every constant of {@code type} a distinct code in 0..255; a constant
     * without one fails here, at class initialisation, rather than when its first value is stored.
     */
    static <E extends Enum<E>> StoredEnumCode<E> of(Class<E> type, Map<E, Integer> codes) {
        EnumMap<E, Integer> table = new EnumMap<>(type);
        table.putAll(codes);
        int max = -1;
        for (E constant : type.getEnumConstants()) {
            Integer code = table.get(constant);
            if (code == null) {
                throw new IllegalStateException(type.getSimpleName() + "." + constant.name()
                        + " has no stored code: give it a new one, never reuse a code");
            }
            if (code < 0 || code > 255) {
                throw new IllegalStateException(
                        type.getSimpleName() + "." + constant.name() + " has stored code " + code + " outside 0..255");
            }
            max = Math.max(max, code);
        }
        E[] byCode = Arrays.copyOf(type.getEnumConstants(), max + 1);
        Arrays.fill(byCode, null);
        for (Map.Entry<E, Integer> entry : table.entrySet()) {
            if (byCode[entry.getValue()] != null) {
                throw new IllegalStateException(type.getSimpleName() + " stores both " + byCode[entry.getValue()].name()
                        + " and " + entry.getKey().name() + " as code " + entry.getValue());
            }
            byCode[entry.getValue()] = entry.getKey();
        }
        return new StoredEnumCode<>(type, Collections.unmodifiableMap(table), byCode);
    }

    int code(E constant) {
        return codes.get(constant);
    }

    /** The constant stored as {@code code}, or null when no constant has that code. */
    E constant(int code) {
        return code >= 0 && code < byCode.length ? byCode[code] : null;
    }

    Class<E> type() {
        return type;
    }

    Map<E, Integer> codes() {
        return codes;
    }
}
