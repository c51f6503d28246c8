package io.runload.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runload.runtime.EmbeddedKafkaBroker.Settings;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaBrokerSettingsTest {

    @Test
    void defaultsPickFreePortsATemporaryDirectoryAndOnePartition() {
        Settings defaults = Settings.defaults();

        assertThat(defaults.brokerPort()).isZero();
        assertThat(defaults.controllerPort()).isZero();
        assertThat(defaults.dataDirectory()).isNull();
        assertThat(defaults.defaultPartitions()).isEqualTo(1);
        assertThat(defaults.brokerProperties()).isEmpty();
    }

    @Test
    void withersChangeOnlyTheirOwnField() {
        Settings settings = Settings.defaults()
                .withBrokerPort(19092)
                .withControllerPort(19093)
                .withDataDirectory(Path.of("/tmp/runload-data"))
                .withDefaultPartitions(6)
                .withBrokerProperty("log.retention.hours", "1")
                .withBrokerProperty("num.io.threads", "2");

        assertThat(settings)
                .isEqualTo(new Settings(
                        19092,
                        19093,
                        Path.of("/tmp/runload-data"),
                        6,
                        Map.of("log.retention.hours", "1", "num.io.threads", "2")));
    }

    @Test
    void brokerPropertiesAreCopiedSoLaterChangesToTheCallersMapDoNotLeakIn() {
        Map<String, String> callers = new HashMap<>(Map.of("num.io.threads", "2"));
        Settings settings = new Settings(0, 0, null, 1, callers);

        callers.put("num.io.threads", "16");

        assertThat(settings.brokerProperties()).containsExactly(Map.entry("num.io.threads", "2"));
    }

    @Test
    void rejectsPortsOutsideTheTcpRange() {
        assertThatThrownBy(() -> Settings.defaults().withBrokerPort(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("brokerPort");
        assertThatThrownBy(() -> Settings.defaults().withControllerPort(65_536))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("controllerPort");
    }

    @Test
    void rejectsTheSameFixedPortForBrokerAndController() {
        assertThatThrownBy(() -> Settings.defaults().withBrokerPort(9092).withControllerPort(9092))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("9092");
    }

    @Test
    void rejectsFewerThanOneDefaultPartition() {
        assertThatThrownBy(() -> Settings.defaults().withDefaultPartitions(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("defaultPartitions");
    }
}
