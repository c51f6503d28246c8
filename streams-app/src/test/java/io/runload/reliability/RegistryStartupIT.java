package io.runload.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runload.runtime.RunLoadApplication;
import io.runload.runtime.RunLoadConfig;
import io.runload.serde.FakeConfluentRegistry;
import io.runload.testing.TestApplications;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The schema registry at start-up: retried with backoff, then a clear failure; never a silent hang. */
class RegistryStartupIT {

    @Test
    void anUnreachableRegistryFailsStartUpWithAClearMessageAfterBackedOffRetries() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closedPort;
        Properties settings = TestApplications.isolated("registry-down");
        settings.setProperty(RunLoadConfig.REGISTRY.key(), url);
        settings.setProperty(RunLoadConfig.REGISTRY_ATTEMPTS.key(), "3");
        settings.setProperty(RunLoadConfig.REGISTRY_BACKOFF.key(), "PT0.3S");

        long t0 = System.nanoTime();
        assertThatThrownBy(() -> TestApplications.start(settings).close())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Schema registry at " + url)
                .hasMessageContaining("unreachable")
                .hasMessageContaining("after 3 attempts");
        long elapsedMs = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("registry down: start-up failed after %d ms%n", elapsedMs);
        // Backoffs of 0.3 s and 0.6 s between three attempts; far less than a hang.
        assertThat(elapsedMs).isBetween(900L, 30_000L);
    }

    @Test
    void aRegistryThatRecoversDuringTheRetriesLetsStartUpProceed() throws Exception {
        try (FakeConfluentRegistry registry = new FakeConfluentRegistry()) {
            // Each readiness attempt is one request plus the client's own 3 retries: the first attempt
            // fails completely and the second one gets through.
            registry.failNext(5, 503);
            Properties settings = TestApplications.isolated("registry-late");
            settings.setProperty(RunLoadConfig.REGISTRY.key(), registry.url().toString());
            settings.setProperty(RunLoadConfig.REGISTRY_ATTEMPTS.key(), "4");
            settings.setProperty(RunLoadConfig.REGISTRY_BACKOFF.key(), "PT0.2S");
            try (RunLoadApplication app = TestApplications.start(settings)) {
                TestApplications.awaitRunning(app, Duration.ofSeconds(60));
            }
            // Start-up went through the failures, not around them: all five were answered, and
            // requests that succeeded followed.
            assertThat(registry.failuresServed()).isEqualTo(5);
            assertThat(registry.requestsReceived()).isGreaterThan(5);
        }
    }
}
