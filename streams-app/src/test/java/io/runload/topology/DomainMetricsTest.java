package io.runload.topology;

import static io.runload.testing.TestRecords.profile;
import static io.runload.testing.TestRecords.run;
import static io.runload.testing.TestRecords.sample;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The domain meters as Prometheus scrapes them: names, types, labels and the latency values. */
class DomainMetricsTest {
    private static final Instant NOW = Instant.parse("2026-11-25T08:00:00Z");
    private final TopologyHarness h = new TopologyHarness(NOW);

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void runsAlertsLateRecordsAndOutputLatencyAreExportedWithLowCardinalityLabels() {
        String athlete = "athlete-7f3c";
        h.profile(profile(athlete).build());
        Instant start = Instant.parse("2026-11-20T07:00:00Z");
        // 12 easy minutes, then hard: the live rule fires once (see RunLoadTopologyTest).
        for (int s = 0; s < 720; s++) {
            h.sample(sample(athlete, "r1", start.plusSeconds(s), 135));
        }
        for (int s = 720; s < 1800; s++) {
            h.sample(sample(athlete, "r1", start.plusSeconds(s), 170));
        }
        h.run(run(athlete, "r1", start, 1800, 5000).build());
        h.run(run(athlete, "r0", Instant.parse("2026-11-05T07:00:00Z"), 1800, 5000)
                .build());

        String scrape = h.metrics.scrape();
        assertThat(scrape).contains("# TYPE runload_runs_processed_total counter");
        assertThat(value(scrape, "runload_runs_processed_total{status=\"counted\"}"))
                .isEqualTo(1.0);
        assertThat(scrape).contains("# TYPE runload_alerts_emitted_total counter");
        assertThat(value(scrape, "runload_alerts_emitted_total{severity=\"WARNING\",type=\"EASY_RUN_TOO_HARD\"}"))
                .isEqualTo(1.0);
        assertThat(scrape).contains("# TYPE runload_late_records_total counter");
        assertThat(value(scrape, "runload_late_records_total{input=\"runs\"}")).isEqualTo(1.0);

        // A real histogram (buckets), one series set per output topic.
        assertThat(scrape).contains("# TYPE runload_output_latency_seconds histogram");
        for (String topic : List.of("run-summaries", "weekly-volume", "alerts")) {
            assertThat(value(scrape, "runload_output_latency_seconds_count{topic=\"" + topic + "\"}"))
                    .as(topic)
                    .isEqualTo(1.0);
            assertThat(scrape)
                    .as(topic)
                    .containsPattern("runload_output_latency_seconds_bucket\\{topic=\"" + topic + "\",le=\"[0-9.]+\"}");
        }
        // The fixed clock says 08:00 on the 25th. The run ended 07:30 on the 20th: 5 days 30 minutes.
        double runLatency = Duration.ofDays(5).plusMinutes(30).toSeconds();
        assertThat(value(scrape, "runload_output_latency_seconds_sum{topic=\"run-summaries\"}"))
                .isEqualTo(runLatency);
        assertThat(value(scrape, "runload_output_latency_seconds_sum{topic=\"weekly-volume\"}"))
                .isEqualTo(runLatency);
        // The live alert fired about 15 minutes into the run, so its latency is a little longer.
        assertThat(value(scrape, "runload_output_latency_seconds_sum{topic=\"alerts\"}"))
                .isBetween(runLatency + 13 * 60, runLatency + 16 * 60);

        // No runload series carries an athlete or run id: the series count must not grow with users.
        List<String> series = Arrays.stream(scrape.split("\n"))
                .filter(l -> l.startsWith("runload_"))
                .toList();
        assertThat(series)
                .isNotEmpty()
                .noneMatch(l -> l.contains(athlete) || l.contains("\"r1\"") || l.contains("\"r0\""));
    }

    private static double value(String scrape, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.eE+-]+)$")
                .matcher(scrape);
        if (!m.find()) {
            throw new AssertionError("no series " + series + " in\n" + scrape);
        }
        return Double.parseDouble(m.group(1));
    }
}
