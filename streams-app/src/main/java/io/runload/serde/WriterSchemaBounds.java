package io.runload.serde;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import org.apache.avro.Schema;

/**
 * The writer schemas RunLoad agrees to decode with. Avro reads and skips values by recursing over
 * the writer schema, so a recursive writer type lets a small record drive the stream thread into a
 * {@link StackOverflowError}, and a deeply nested or very wide one costs work that no RunLoad input
 * needs. Such schemas are refused once per schema id, before any body is decoded.
 *
 * <p>The limits bound the schema as Avro walks it: every reference to a named type counts again, so
 * a type reused many times cannot hide an exponential expansion.
 *
 * @param maxDepth deepest nesting of records, arrays, maps and unions below the top-level type
 * @param maxNodes most types (fields, array items, map values, union branches) in the expanded schema
 */
public record WriterSchemaBounds(int maxDepth, int maxNodes) {

    /** Far above RunLoad's own inputs (depth 3, under 60 nodes), far below what can hurt. */
    public static final WriterSchemaBounds DEFAULT = new WriterSchemaBounds(32, 2_000);

    public WriterSchemaBounds {
        if (maxDepth < 1 || maxNodes < 1) {
            throw new IllegalArgumentException("bounds must be positive");
        }
    }

    /** Why {@code writer} is refused, or empty when it is within the bounds. */
    public Optional<String> violation(Schema writer) {
        Walk walk = new Walk();
        return Optional.ofNullable(walk.visit(writer, 0));
    }

    private final class Walk {
        private final Deque<String> enclosingRecords = new ArrayDeque<>();
        private int nodes;

        /** Depth-first; the recursion is bounded by {@code maxDepth}, so it cannot overflow itself. */
        String visit(Schema schema, int depth) {
            if (++nodes > maxNodes) {
                return "writer schema has more than " + maxNodes + " types when expanded";
            }
            if (depth > maxDepth) {
                return "writer schema nests deeper than " + maxDepth + " levels";
            }
            switch (schema.getType()) {
                case RECORD -> {
                    String name = schema.getFullName();
                    if (enclosingRecords.contains(name)) {
                        return "writer schema is recursive: " + name + " contains itself";
                    }
                    enclosingRecords.push(name);
                    try {
                        for (Schema.Field field : schema.getFields()) {
                            String found = visit(field.schema(), depth + 1);
                            if (found != null) {
                                return found;
                            }
                        }
                    } finally {
                        enclosingRecords.pop();
                    }
                    return null;
                }
                case ARRAY -> {
                    return visit(schema.getElementType(), depth + 1);
                }
                case MAP -> {
                    return visit(schema.getValueType(), depth + 1);
                }
                case UNION -> {
                    for (Schema branch : schema.getTypes()) {
                        String found = visit(branch, depth + 1);
                        if (found != null) {
                            return found;
                        }
                    }
                    return null;
                }
                default -> {
                    return null;
                }
            }
        }
    }
}
