package io.runload.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * RunLoad's own {@code runload_*} meters. Labels are low-cardinality only (reasons, types, topics),
 * never athlete ids, so the series count stays fixed as athletes grow.
 */
public final class RunLoadMetrics {
    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> latencies = new ConcurrentHashMap<>();

    public RunLoadMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public static RunLoadMetrics prometheus() {
        return new RunLoadMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** Prometheus text exposition, when backed by a Prometheus registry. */
    public String scrape() {
        if (registry instanceof PrometheusMeterRegistry prometheus) {
            return prometheus.scrape();
        }
        throw new IllegalStateException("metrics registry is not a Prometheus registry");
    }

    public void deadLetter(String input, String reason) {
        counter("runload.dlq.records", "Records sent to the dead-letter topic", "input", input, "reason", reason)
                .increment();
    }

    public void lateRecord(String input) {
        counter("runload.late.records", "Records older than the late grace period (also in the DLQ)", "input", input)
                .increment();
    }

    public void duplicate(String kind) {
        counter("runload.duplicates", "Duplicate inputs recognised and not double-counted", "kind", kind)
                .increment();
    }

    /**
     * A valid record that deliberately changes no output (a duplicate sample, a delete of an unknown
     * run, a non-running sport). With {@code accepted} and the DLQ counter, every input is accounted for.
     */
    public void dropped(String input, String reason) {
        counter(
                        "runload.dropped.records",
                        "Accepted records that changed no output, by reason",
                        "input",
                        input,
                        "reason",
                        reason)
                .increment();
    }

    /**
     * An accepted record whose enum field held a symbol newer than RunLoad's schema, resolved to
     * the enum's default and handled as documented for that default.
     */
    public void unknownSymbol(String input, String field) {
        counter(
                        "runload.input.unknown.symbols",
                        "Enum values newer than RunLoad's schema, resolved to the default",
                        "input",
                        input,
                        "field",
                        field)
                .increment();
    }

    public void accepted(String input) {
        acceptedCounter(input).increment();
    }

    /** The {@link #accepted} counter of one input, for callers that count every record and can hold on to it. */
    public Counter acceptedCounter(String input) {
        return counter("runload.records.accepted", "Valid input records accepted for processing", "input", input);
    }

    public void runProcessed(String status) {
        counter("runload.runs.processed", "Run events turned into run summaries", "status", status)
                .increment();
    }

    public void alertEmitted(String type, String severity) {
        counter("runload.alerts.emitted", "Alerts emitted to the alerts topic", "type", type, "severity", severity)
                .increment();
    }

    /** An athlete erased (GDPR art. 17), by what asked for it; {@code runload_erasures_total}. */
    public void erasure(String origin) {
        counter("runload.erasures", "Athletes erased from every state store, by what asked for it", "origin", origin)
                .increment();
    }

    public void alertWithdrawn(String type, String reason) {
        counter(
                        "runload.alerts.withdrawn",
                        "Alerts withdrawn because they no longer hold",
                        "type",
                        type,
                        "reason",
                        reason)
                .increment();
    }

    public void hrAboveProfileMax() {
        counter(
                        "runload.hr.above.profile.max",
                        "Plausible samples above the profile's max HR + 5 (profile max likely too low)")
                .increment();
    }

    /** Event time of the triggering input to the moment its output is produced, per output topic. */
    public void outputLatency(String topic, long eventTimeMillis, long nowMillis) {
        Timer timer = latencies.computeIfAbsent(
                topic,
                t -> Timer.builder("runload.output.latency")
                        .description("Event time of the input to emission of the output")
                        .tag("topic", t)
                        .publishPercentileHistogram()
                        .minimumExpectedValue(Duration.ofMillis(10))
                        .maximumExpectedValue(Duration.ofDays(8))
                        .register(registry));
        timer.record(Duration.ofMillis(Math.max(0, nowMillis - eventTimeMillis)));
    }

    public DistributionSummary summary(String name, String description) {
        return DistributionSummary.builder(name).description(description).register(registry);
    }

    private Counter counter(String name, String description, String... tags) {
        String key = name + String.join("|", tags);
        Counter c = counters.get(key);
        if (c == null) {
            c = counters.computeIfAbsent(
                    key,
                    k -> Counter.builder(name)
                            .description(description)
                            .tags(tags)
                            .register(registry));
        }
        return c;
    }
}
