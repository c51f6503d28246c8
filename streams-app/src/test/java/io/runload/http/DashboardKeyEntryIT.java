package io.runload.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.runload.testing.HeadlessChromium;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The dashboard in headless Chromium against a server that wants an API key: the page asks for
 * one, refuses a wrong one, and with the right one loads the athletes; the Content-Security-Policy
 * lets all of it run.
 */
class DashboardKeyEntryIT extends HttpServerFixture {
    private static final String STATE = """
            return {
              formShown: !document.getElementById('key-form').hidden,
              status: document.getElementById('status').textContent,
              athletes: document.querySelectorAll('#athlete option').length,
              chart: typeof Chart !== 'undefined',
              stored: sessionStorage.getItem('runload.apiKey') !== null
            };
            """;

    @Test
    void thePageAsksForTheKeyAndThenShowsTheData() throws Exception {
        assertThat(HeadlessChromium.installed())
                .as("headless Chromium is needed: apt-get install -y chromium chromium-driver (.ci/run does this)")
                .isTrue();
        String key = "dashboard-key-0123456789abcdef0123456789";
        Path keys = write("api-keys", ApiKeyFile.line("dashboard", key) + "\n");
        ApiAccess access = new ApiAccess(
                HttpServerSettings.AuthMode.KEYS,
                Optional.of(new ApiKeyFile(keys, Clock.systemUTC())),
                Optional.empty());
        int port = server(HttpServerSettings.loopback(0), access).port();

        try (HeadlessChromium browser = HeadlessChromium.start(1200, 800)) {
            browser.open("http://127.0.0.1:" + port + "/");
            JsonNode s = await(browser, n -> n.path("formShown").asBoolean());
            assertThat(s.path("status").asText()).isEqualTo("This server needs an API key.");
            assertThat(s.path("chart").asBoolean())
                    .as("Chart.js loaded under the CSP")
                    .isTrue();
            assertThat(s.path("athletes").asInt()).isZero();

            browser.evaluate(submit("wrong-key"));
            s = await(browser, n -> n.path("status").asText().startsWith("The API key was refused"));
            assertThat(s.path("formShown").asBoolean()).isTrue();
            assertThat(s.path("stored").asBoolean())
                    .as("a refused key is not kept")
                    .isFalse();

            browser.evaluate(submit(key));
            s = await(browser, n -> n.path("status").asText().startsWith("Updated"));
            assertThat(s.path("formShown").asBoolean()).isFalse();
            assertThat(s.path("athletes").asInt()).isEqualTo(1);
            assertThat(s.path("stored").asBoolean()).isTrue();
        }
    }

    private static String submit(String key) {
        return "document.getElementById('api-key').value = '" + key + "';"
                + "document.getElementById('key-form').requestSubmit(); return true;";
    }

    private static JsonNode await(HeadlessChromium browser, Predicate<JsonNode> done) {
        // The browser session is driven from this thread only; the timeout's message carries the last page state.
        return Awaitility.await("the expected page state")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .pollInSameThread()
                .until(() -> browser.evaluate(STATE), done);
    }
}
