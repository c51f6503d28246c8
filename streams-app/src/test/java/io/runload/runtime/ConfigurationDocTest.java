package io.runload.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ConfigurationDocTest {

    /** Surefire runs in the module directory; the docs live at the repository root. */
    private static final Path CONFIGURATION_MD = Path.of("..", "docs", "configuration.md");

    @Test
    void docsConfigurationMdMatchesRunLoadConfig() throws IOException {
        assertThat(CONFIGURATION_MD)
                .as("docs/configuration.md must exist; create it with: %s", ConfigurationDoc.REGENERATE_COMMAND)
                .exists();
        String committed = Files.readString(CONFIGURATION_MD, StandardCharsets.UTF_8);
        assertThat(committed)
                .as(
                        "docs/configuration.md is stale: RunLoadConfig's settings changed. Regenerate it from the repository root with:%n  %s%n",
                        ConfigurationDoc.REGENERATE_COMMAND)
                .isEqualTo(ConfigurationDoc.markdown());
    }

    @Test
    void everySettingConstantIsDocumentedOnceWithItsDoc() {
        // Counted here with a plain field scan, independently of the generator's ordering logic.
        long constants = Arrays.stream(RunLoadConfig.class.getDeclaredFields())
                .filter(f -> Modifier.isStatic(f.getModifiers()) && Modifier.isPublic(f.getModifiers()))
                .filter(f -> f.getType() == RunLoadConfig.Setting.class)
                .count();
        String markdown = ConfigurationDoc.markdown();
        long rows = markdown.lines().filter(l -> l.startsWith("| `")).count();
        assertThat(rows).isEqualTo(constants);
        assertThat(ConfigurationDoc.discoveredSettings())
                .hasSize((int) constants)
                .doesNotHaveDuplicates();
        for (Field f : RunLoadConfig.class.getDeclaredFields()) {
            if (f.getType() == RunLoadConfig.Setting.class) {
                RunLoadConfig.Setting s;
                try {
                    s = (RunLoadConfig.Setting) f.get(null);
                } catch (IllegalAccessException e) {
                    throw new AssertionError(e);
                }
                assertThat(s.doc()).as("doc of %s", s.env()).isNotBlank();
                assertThat(markdown).contains("| `" + s.env() + "` |");
            }
        }
    }

    @Test
    void knownSettingsAppearWithTheirKeyAndDefault() {
        String markdown = ConfigurationDoc.markdown();
        assertThat(markdown)
                .contains("| `RUNLOAD_LATE_GRACE` | `runload.late.grace` | `P7D` |")
                .contains("| `KAFKA_BOOTSTRAP_SERVERS` | `kafka.bootstrap.servers` | (none) |")
                .contains("| `RUNLOAD_CONFIG_FILE` | (none) | (none) |")
                .contains("&lt;topic&gt;-value");
        // The listed order is kept: the bootstrap servers come before the late grace.
        assertThat(markdown.indexOf("KAFKA_BOOTSTRAP_SERVERS")).isLessThan(markdown.indexOf("RUNLOAD_LATE_GRACE"));
    }
}
