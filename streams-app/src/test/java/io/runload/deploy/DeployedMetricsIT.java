package io.runload.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.runload.metrics.RunLoadMetrics;
import io.runload.runtime.RunLoadApplication;
import io.runload.testing.TestApplications;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Every metric and label that the alerting rules and the Grafana dashboard query is one that a
 * running RunLoad instance exports: a renamed meter or a Kafka upgrade that drops a series fails
 * here instead of leaving an alert that can never fire or a panel that stays empty.
 */
class DeployedMetricsIT {
    private static final Pattern SERIES = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"");
    /** Added by Prometheus at scrape time, not by the application. */
    private static final Set<String> TARGET_LABELS = Set.of("instance", "job");

    @Test
    void rulesAndDashboardQueryOnlyMetricsAndLabelsRunLoadExports() throws Exception {
        List<PromQlExpression> expressions = DeploymentFiles.locate().expressions();
        Set<String> wanted = new TreeSet<>();
        expressions.forEach(e -> wanted.addAll(e.metricNames()));
        assertThat(wanted).hasSizeGreaterThan(15);

        try (RunLoadApplication app = TestApplications.start(TestApplications.isolated("deployed-metrics"))) {
            TestApplications.awaitRunning(app, Duration.ofSeconds(60));
            AtomicReference<Map<String, Set<String>>> scraped = new AtomicReference<>(Map.of());
            // Task, store and fetch metrics appear once partitions are assigned and fetched.
            Awaitility.await("metrics used in deploy/ exported")
                    .atMost(Duration.ofSeconds(60))
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(500))
                    .pollInSameThread()
                    .untilAsserted(() -> {
                        scraped.set(exported(app));
                        Set<String> missing = new TreeSet<>(wanted);
                        missing.removeAll(scraped.get().keySet());
                        assertThat(missing)
                                .as("metrics used in deploy/ but not exported")
                                .isEmpty();
                    });
            Map<String, Set<String>> exported = scraped.get();

            List<String> unknownLabels = new ArrayList<>();
            for (PromQlExpression e : expressions) {
                for (String label : e.labelNames()) {
                    if (TARGET_LABELS.contains(label) || e.metricNames().isEmpty()) {
                        continue;
                    }
                    Map<String, Set<String>> finalExported = exported;
                    boolean found = e.metricNames().stream()
                            .anyMatch(m -> finalExported.get(m).contains(label));
                    if (!found) {
                        unknownLabels.add(e.origin() + ": label '" + label + "' on none of " + e.metricNames());
                    }
                }
            }
            assertThat(unknownLabels).isEmpty();
            System.out.println("deploy/ queries " + wanted.size() + " metrics in " + expressions.size()
                    + " expressions; all exported");
        }
    }

    /** Metric name to the label names seen on its series. */
    private static Map<String, Set<String>> exported(RunLoadApplication app) {
        StringBuilder text = new StringBuilder(app.metrics().scrape());
        // A fresh binding registers every Kafka metric that exists now, without waiting for the
        // binder's periodic refresh in the application's own registry.
        PrometheusMeterRegistry fresh = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (KafkaStreamsMetrics kafka = new KafkaStreamsMetrics(app.streams())) {
            kafka.bindTo(fresh);
            text.append(fresh.scrape());
        }
        // RunLoad's counters are registered on first use; record one of each to list them with their labels.
        RunLoadMetrics own = RunLoadMetrics.prometheus();
        own.deadLetter("hr-samples", "bad_magic_byte");
        own.lateRecord("runs");
        own.duplicate("exact");
        own.accepted("hr-samples");
        own.runProcessed("counted");
        own.alertEmitted("VOLUME_SPIKE", "WARNING");
        own.hrAboveProfileMax();
        own.outputLatency("alerts", 0, 1_000);
        text.append(own.scrape());

        Map<String, Set<String>> series = new HashMap<>();
        for (String line : text.toString().split("\n", -1)) {
            Matcher m = SERIES.matcher(line);
            if (line.startsWith("#") || !m.find()) {
                continue;
            }
            Set<String> labels = series.computeIfAbsent(m.group(1), k -> new TreeSet<>());
            if (m.group(2) != null) {
                Matcher l = LABEL.matcher(m.group(2));
                while (l.find()) {
                    labels.add(l.group(1));
                }
            }
        }
        return series;
    }
}
