package io.runload.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.runload.runtime.RunLoadApplication;
import io.runload.runtime.RunLoadConfig;
import io.runload.testing.HeadlessChromium;
import io.runload.testing.TestApplications;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The dashboard in headless Chromium against the demo (simulator on, shared broker): the page
 * loads its vendored chart library, fills every chart with data from the query API, and keeps
 * polling. A screenshot is left in target/ for a human to look at.
 */
class DashboardBrowserIT {
    static final Path SCREENSHOT = Path.of("target", "dashboard.png");

    /** Reads what Chart.js holds and whether each canvas has painted pixels, from inside the page. */
    private static final String CHART_STATE = """
            const out = {};
            for (const id of ['weekly-chart', 'load-chart', 'zones-chart']) {
              const chart = typeof Chart === 'undefined' ? null : Chart.getChart(id);
              const canvas = document.getElementById(id);
              const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
              let painted = 0;
              for (let i = 3; i < pixels.length; i += 4) { if (pixels[i] !== 0) painted++; }
              out[id] = {
                points: chart ? chart.data.datasets[0].data.length : 0,
                total: chart ? chart.data.datasets[0].data.reduce((a, b) => a + Math.abs(+b || 0), 0) : 0,
                painted: painted
              };
            }
            out.alerts = document.querySelectorAll('#alerts li').length;
            out.athletes = document.querySelectorAll('#athlete option').length;
            out.status = document.getElementById('status').textContent;
            return out;
            """;

    @Test
    void theDashboardRendersEveryChartWithDataFromTheDemo() throws Exception {
        assertThat(HeadlessChromium.installed())
                .as("headless Chromium is needed: apt-get install -y chromium chromium-driver (.ci/run does this)")
                .isTrue();
        Properties settings = TestApplications.isolated("dashboard");
        settings.setProperty(RunLoadConfig.SIM_ENABLED.key(), "true");
        settings.setProperty(RunLoadConfig.SIM_ATHLETES.key(), "3");
        try (RunLoadApplication app = TestApplications.start(settings)) {
            TestApplications.awaitRunning(app, Duration.ofSeconds(90));
            String base = "http://127.0.0.1:" + app.httpPort();
            awaitRunsFor(base, "sim-0001", 2, Duration.ofMinutes(2));

            try (HeadlessChromium browser = HeadlessChromium.start(1400, 1000)) {
                browser.open(base + "/?athlete=sim-0001");
                JsonNode state;
                try {
                    // The browser session is driven from this thread only.
                    state = await("every chart rendered")
                            .atMost(Duration.ofSeconds(60))
                            .pollInterval(Duration.ofMillis(500))
                            .pollInSameThread()
                            .until(() -> browser.evaluate(CHART_STATE), DashboardBrowserIT::rendered);
                } finally {
                    browser.screenshot(SCREENSHOT);
                }
                System.out.println("Dashboard screenshot: " + SCREENSHOT.toAbsolutePath() + "; page state " + state);
                assertThat(state).isNotNull();
                assertThat(state.at("/weekly-chart/points").asInt())
                        .as("weeks: %s", state)
                        .isPositive();
                assertThat(state.at("/weekly-chart/total").asDouble())
                        .as("km: %s", state)
                        .isPositive();
                assertThat(state.at("/load-chart/points").asInt())
                        .as("days: %s", state)
                        .isEqualTo(42);
                assertThat(state.at("/load-chart/total").asDouble())
                        .as("CTL: %s", state)
                        .isPositive();
                assertThat(state.at("/zones-chart/points").asInt())
                        .as("zones: %s", state)
                        .isEqualTo(5);
                assertThat(state.at("/zones-chart/total").asDouble())
                        .as("zone minutes: %s", state)
                        .isPositive();
                for (String chart : new String[] {"weekly-chart", "load-chart", "zones-chart"}) {
                    assertThat(state.at("/" + chart + "/painted").asInt())
                            .as("%s painted pixels: %s", chart, state)
                            .isGreaterThan(2_000);
                }
                // The picker lists athletes with runs so far; the others join as the demo reaches them.
                assertThat(state.at("/athletes").asInt()).isBetween(1, 3);
                assertThat(state.at("/alerts").asInt()).isPositive();
                assertThat(state.at("/status").asText()).startsWith("Updated");
                assertThat(Files.size(SCREENSHOT)).isGreaterThan(10_000);

                // Live: the page polls, so a run the simulator adds later shows up without a reload.
                int weeksBefore = state.at("/weekly-chart/points").asInt();
                double kmBefore = state.at("/weekly-chart/total").asDouble();
                await("the weekly chart grew as the demo produced more runs")
                        .atMost(Duration.ofSeconds(90))
                        .pollInterval(Duration.ofSeconds(1))
                        .pollInSameThread()
                        .until(
                                () -> browser.evaluate(CHART_STATE),
                                now -> now.at("/weekly-chart/points").asInt() > weeksBefore
                                        || now.at("/weekly-chart/total").asDouble() > kmBefore);
                browser.screenshot(SCREENSHOT);
            }
        }
    }

    private static boolean rendered(JsonNode s) {
        return s.at("/weekly-chart/points").asInt() > 0
                && s.at("/load-chart/points").asInt() == 42
                && s.at("/zones-chart/total").asDouble() > 0
                && s.at("/status").asText().startsWith("Updated");
    }

    private static void awaitRunsFor(String base, String athlete, int runs, Duration timeout) {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/athletes/" + athlete + "/runs"))
                .build();
        // The timeout's message carries the last status and body.
        await(athlete + " has at least " + runs + " runs")
                .atMost(timeout)
                .pollInterval(Duration.ofMillis(500))
                .until(
                        () -> {
                            HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
                            return r.statusCode() + " " + r.body();
                        },
                        answer -> answer.startsWith("200 ") && answer.split("\"runId\"", -1).length - 1 >= runs);
    }
}
