package io.runload.runtime;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes {@code docs/configuration.md} from {@link RunLoadConfig}'s settings, so that the reference
 * cannot drift from the code: {@code ConfigurationDocTest} fails when the committed file differs.
 *
 * <p>Settings are found by reflection over RunLoadConfig's public static {@link RunLoadConfig.Setting}
 * fields, so a setting added there appears here even if it was left out of
 * {@link RunLoadConfig#settings()}. Those listed in {@code settings()} keep that order; any others
 * follow, sorted by environment variable, so the output is the same on every JVM.
 */
public final class ConfigurationDoc {

    /** How to rewrite the file; quoted in the test's failure message. */
    public static final String REGENERATE_COMMAND =
            "mvn -q -B -DskipTests package && java -cp streams-app/target/runload.jar io.runload.runtime.ConfigurationDoc docs/configuration.md";

    private ConfigurationDoc() {}

    /** Writes the markdown to the file named by the first argument, or to standard output without one. */
    public static void main(String[] args) throws IOException {
        String markdown = markdown();
        if (args.length == 0) {
            System.out.print(markdown);
        } else {
            Files.writeString(Path.of(args[0]), markdown, StandardCharsets.UTF_8);
        }
    }

    /** Every public static Setting of RunLoadConfig, in the order described on the class. */
    public static List<RunLoadConfig.Setting> discoveredSettings() {
        List<RunLoadConfig.Setting> found = new ArrayList<>();
        for (Field field : RunLoadConfig.class.getFields()) {
            int modifiers = field.getModifiers();
            if (Modifier.isStatic(modifiers) && field.getType() == RunLoadConfig.Setting.class) {
                try {
                    found.add((RunLoadConfig.Setting) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("Cannot read setting " + field.getName(), e);
                }
            }
        }
        Set<RunLoadConfig.Setting> ordered = new LinkedHashSet<>();
        for (RunLoadConfig.Setting listed : RunLoadConfig.settings()) {
            if (found.contains(listed)) {
                ordered.add(listed);
            }
        }
        found.stream()
                .filter(s -> !ordered.contains(s))
                .sorted(Comparator.comparing(RunLoadConfig.Setting::env))
                .forEach(ordered::add);
        return List.copyOf(ordered);
    }

    public static String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("# Configuration\n\n");
        out.append(
                "<!-- Generated from io.runload.runtime.RunLoadConfig by io.runload.runtime.ConfigurationDoc; do not edit.\n");
        out.append("     Regenerate: ").append(REGENERATE_COMMAND).append(" -->\n\n");
        out.append("One typed class, `io.runload.runtime.RunLoadConfig`, reads every setting once at start-up.\n");
        out.append(
                "Each setting has an environment variable and a properties key. The properties file is optional and\n");
        out.append("named by `RUNLOAD_CONFIG_FILE` (or `runload run --config FILE`).\n\n");
        out.append(
                "- The environment wins over the file, which wins over the default. A blank value counts as unset.\n");
        out.append("- A malformed value stops start-up with a one-line error that names the setting and says what\n");
        out.append("  was expected.\n");
        out.append("- Durations are ISO-8601 (`PT10S`, `PT36H`, `P7D`).\n");
        out.append("- Properties keys that start with `streams.` pass through to Kafka Streams and its clients with\n");
        out.append("  the prefix removed, e.g. `streams.max.poll.records=2000` or\n");
        out.append("  `streams.producer.transaction.timeout.ms=30000`.\n\n");
        out.append("| Environment variable | Properties key | Default | Meaning |\n");
        out.append("|---|---|---|---|\n");
        for (RunLoadConfig.Setting s : discoveredSettings()) {
            out.append("| `")
                    .append(s.env())
                    .append("` | ")
                    .append(code(s.key()))
                    .append(" | ")
                    .append(code(s.defaultValue()))
                    .append(" | ")
                    .append(cell(s.doc()))
                    .append(" |\n");
        }
        return out.toString();
    }

    private static String code(String value) {
        return value.isEmpty() ? "(none)" : "`" + value.replace("|", "\\|") + "`";
    }

    /** Table cell text: pipes would split the cell and angle brackets would be read as HTML. */
    private static String cell(String text) {
        return text.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;");
    }
}
