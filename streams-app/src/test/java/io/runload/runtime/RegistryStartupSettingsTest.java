package io.runload.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class RegistryStartupSettingsTest {

    @Test
    void defaultsAreSixAttemptsFromOneSecond() {
        RunLoadConfig config = RunLoadConfig.load(Map.of(), new Properties());
        assertThat(config.registryStartupAttempts()).isEqualTo(6);
        assertThat(config.registryStartupBackoff()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void environmentSetsAttemptsAndBackoff() {
        RunLoadConfig config = RunLoadConfig.load(
                Map.of("RUNLOAD_REGISTRY_STARTUP_ATTEMPTS", "2", "RUNLOAD_REGISTRY_STARTUP_BACKOFF", "PT0.25S"),
                new Properties());
        assertThat(config.registryStartupAttempts()).isEqualTo(2);
        assertThat(config.registryStartupBackoff()).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void malformedValuesNameTheSetting() {
        assertThatThrownBy(() -> RunLoadConfig.load(Map.of("RUNLOAD_REGISTRY_STARTUP_ATTEMPTS", "0"), new Properties()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("RUNLOAD_REGISTRY_STARTUP_ATTEMPTS");
        assertThatThrownBy(
                        () -> RunLoadConfig.load(Map.of("RUNLOAD_REGISTRY_STARTUP_BACKOFF", "soon"), new Properties()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("RUNLOAD_REGISTRY_STARTUP_BACKOFF");
    }
}
