package io.runload.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.runload.domain.WeekCalendar;
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
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
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

    /** Each guidance figure as shown, with the unrounded value the page keeps beside it. */
    private static final String GUIDANCE_STATE = """
            const out = {};
            for (const div of document.querySelectorAll('#guidance [data-figure]')) {
              out[div.dataset.figure] = {
                value: div.dataset.value === undefined ? null : Number(div.dataset.value),
                shown: div.querySelector('b').textContent
              };
            }
            out.basis = document.querySelectorAll('#guidance-basis li').length;
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
        // Each run has fresh topics, so it needs the history again, not the position an earlier run left behind.
        settings.setProperty(RunLoadConfig.SIM_RESUME.key(), "false");
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

                // Guidance: the page's figures are the API's, rounded for display. The demo keeps
                // adding runs, so page and API are compared until one poll of each agrees.
                await("dashboard guidance agrees with the API")
                        .atMost(Duration.ofSeconds(90))
                        .pollInterval(Duration.ofSeconds(1))
                        .pollInSameThread()
                        .untilAsserted(() -> assertThat(
                                        guidanceMismatch(browser.evaluate(GUIDANCE_STATE), guidance(base, "sim-0001")))
                                .isNull());
                JsonNode agreed = guidance(base, "sim-0001");
                explanationsAgreeWithGuidance(base, "sim-0001", agreed);

                // "Explain this run" shows the inputs of the run the limit rests on.
                browser.evaluate("document.getElementById('explain-longest').click(); return true;");
                String explained = await("the run's explanation is shown")
                        .atMost(Duration.ofSeconds(20))
                        .pollInterval(Duration.ofMillis(250))
                        .pollInSameThread()
                        .until(
                                () -> browser.evaluate("return document.getElementById('explain').textContent;")
                                        .asText(),
                                text -> text.contains("load source"));
                assertThat(explained)
                        .contains("load source")
                        .contains("max ")
                        .contains("quality flags")
                        .contains("duplicates");
                browser.screenshot(SCREENSHOT);
            }
        }
    }

    /**
     * Null when every guidance figure the page shows is the API's: the same unrounded value, shown to
     * the page's precision (km to 0.1, load to 1, days exactly, easy share to 1%). The longest next
     * run and today's load must be present, as the demo's recent weeks hold runs.
     */
    static String guidanceMismatch(JsonNode page, JsonNode api) {
        if (api == null
                || api.at("/longestNextRun/limitDistanceMeters").isNull()
                || api.at("/todayLoad/highestLoad").isNull()) {
            return "the API has no longest run or load range yet: " + api;
        }
        if (page.at("/basis").asInt() != 4) {
            return "page shows " + page.at("/basis").asInt() + " basis lines: " + page;
        }
        String km = figure(
                page,
                "longest-km",
                api.at("/longestNextRun/limitDistanceMeters").asDouble() / 1000,
                0.05);
        String load = figure(page, "load-high", api.at("/todayLoad/highestLoad").asDouble(), 0.5);
        JsonNode restDays = api.at("/rest/restDays");
        String rest = restDays.isNull()
                ? (page.at("/rest-days/shown").asText().equals("–") ? null : "rest days shown without an API value")
                : figure(page, "rest-days", restDays.asInt(), 0);
        JsonNode share = api.at("/weekEasyShare/share");
        String easy = share.isNull()
                ? (page.at("/easy-share/shown").asText().equals("–") ? null : "easy share shown without an API value")
                : figure(page, "easy-share", share.asDouble() * 100, 0.5);
        for (String problem : new String[] {km, load, rest, easy}) {
            if (problem != null) {
                return problem + "; page " + page + "; API " + api;
            }
        }
        return null;
    }

    private static String figure(JsonNode page, String name, double expected, double shownTolerance) {
        JsonNode f = page.get(name);
        if (f == null || f.get("value").isNull()) {
            return name + " is missing";
        }
        if (Math.abs(f.get("value").asDouble() - expected) > 1e-9 * Math.max(1, Math.abs(expected))) {
            return name + " holds " + f.get("value") + ", the API says " + expected;
        }
        double shown;
        try {
            shown = Double.parseDouble(f.get("shown").asText().replace("%", ""));
        } catch (NumberFormatException e) {
            return name + " shows '" + f.get("shown").asText() + "'";
        }
        if (Math.abs(shown - expected) > shownTolerance + 1e-9) {
            return name + " shows " + shown + " for " + expected;
        }
        return null;
    }

    /**
     * The run the longest-run limit is based on, explained from the real stores: the same distance,
     * counted, with a profile; and its calendar week lists it among the counted runs.
     */
    private static void explanationsAgreeWithGuidance(String base, String athlete, JsonNode guidance) throws Exception {
        String runId = guidance.at("/longestNextRun/basedOnRunId").asText();
        JsonNode run = getJson(base + "/api/athletes/" + athlete + "/runs/" + runId);
        assertThat(run.at("/run/status").asText()).as("%s", run).isEqualTo("COUNTED");
        assertThat(run.at("/run/distanceMeters").asDouble())
                .isEqualTo(guidance.at("/longestNextRun/basedOnDistanceMeters").asDouble());
        assertThat(run.at("/loadSource").asText()).as("%s", run).isNotEmpty();
        assertThat(run.at("/profile/maxHrSource").asText()).as("%s", run).isNotEmpty();
        assertThat(run.at("/profile/timezone").asText()).as("%s", run).isNotEmpty();
        assertThat(run.get("duplicates").isArray()).isTrue();

        LocalDate date =
                LocalDate.parse(guidance.at("/longestNextRun/basedOnDate").asText());
        DayOfWeek firstDay = LocalDate.parse(
                        guidance.at("/weekEasyShare/weekStart").asText())
                .getDayOfWeek();
        String label = WeekCalendar.isoWeekLabel(WeekCalendar.weekStart(date, firstDay));
        JsonNode week = getJson(base + "/api/athletes/" + athlete + "/weeks/" + label);
        assertThat(week.get("isoWeek").asText()).isEqualTo(label);
        List<String> counted = new ArrayList<>();
        week.get("counted").forEach(r -> counted.add(r.get("runId").asText()));
        assertThat(counted).as("%s", week).contains(runId);
        assertThat(week.get("profiles").size()).as("%s", week).isPositive();
        System.out.println("Week " + label + " explained: " + counted.size() + " counted, "
                + week.get("duplicates").size() + " duplicates, "
                + week.get("profiles").size() + " profile(s)");
    }

    private static JsonNode getJson(String url) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("%s: %s", url, r.body()).isEqualTo(200);
        return ApiJson.MAPPER.readTree(r.body());
    }

    private static JsonNode guidance(String base, String athlete) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(base + "/api/athletes/" + athlete + "/guidance"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200 ? ApiJson.MAPPER.readTree(r.body()) : null;
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
