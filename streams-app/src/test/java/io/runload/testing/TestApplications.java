package io.runload.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.runload.runtime.RunLoadApplication;
import io.runload.runtime.RunLoadConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.streams.KafkaStreams;
import org.awaitility.Awaitility;

/** Starts RunLoad instances against the shared test broker, each with its own topics and state. */
public final class TestApplications {
    private TestApplications() {}

    /** Settings for an isolated instance: unique topic prefix and application id, free HTTP port, no simulator. */
    public static Properties isolated(String name) throws IOException {
        String unique = name + "-" + UUID.randomUUID().toString().substring(0, 8);
        Properties p = new Properties();
        p.setProperty(RunLoadConfig.BOOTSTRAP.key(), SharedKafkaBroker.bootstrapServers());
        p.setProperty(RunLoadConfig.REGISTRY.key(), "mock://" + unique);
        p.setProperty(RunLoadConfig.APP_ID.key(), unique);
        p.setProperty(RunLoadConfig.TOPIC_PREFIX.key(), unique + ".");
        p.setProperty(RunLoadConfig.HTTP_PORT.key(), "0");
        p.setProperty(RunLoadConfig.HTTP_HOST.key(), "127.0.0.1");
        p.setProperty(RunLoadConfig.SIM_ENABLED.key(), "false");
        p.setProperty(
                RunLoadConfig.STATE_DIR.key(),
                Files.createTempDirectory("runload-state-").toString());
        p.setProperty(RunLoadConfig.COMMIT_MS.key(), "100");
        // Nothing (a simulator position, the embedded registry's schemas) carries over from another run.
        p.setProperty(
                RunLoadConfig.DATA_DIR.key(),
                Files.createTempDirectory("runload-data-").toString());
        return p;
    }

    public static RunLoadApplication start(Properties settings) throws IOException {
        return RunLoadApplication.start(RunLoadConfig.load(Map.of(), settings), Clock.systemUTC());
    }

    public static void awaitRunning(RunLoadApplication app, Duration timeout) throws InterruptedException {
        Awaitility.await("Kafka Streams RUNNING")
                .atMost(timeout)
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(100))
                .pollInSameThread()
                .untilAsserted(() -> assertThat(app.streams().state())
                        .as("Kafka Streams state after " + timeout)
                        .isEqualTo(KafkaStreams.State.RUNNING));
    }

    public static Path tempDir(String prefix) throws IOException {
        return Files.createTempDirectory(prefix);
    }
}
