package io.runload.runtime;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.runload.topology.TopicNames;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

/**
 * How many records this instance's stream threads still have to read on each input topic: the
 * consumer lag that ops alert on, as {@code runload_consumer_lag_records{input}}.
 *
 * <p>The raw {@code kafka_consumer_fetch_manager_records_lag} series cannot simply be summed in
 * PromQL: Kafka 4 reports every partition twice (the topic label once as named and once with dots
 * turned into underscores, the deprecated form kept by KIP-1109), and restore consumers report
 * changelog lag next to it. Here the exact input topic names of the main consumers are matched.
 */
public final class InputLag {
    static final String FETCH_GROUP = "consumer-fetch-manager-metrics";
    static final String RECORDS_LAG = "records-lag";

    private InputLag() {}

    public static void register(MeterRegistry registry, KafkaStreams streams, TopicNames topics) {
        for (String topic : topics.inputs()) {
            Gauge.builder("runload.consumer.lag", streams, s -> records(s.metrics(), topic))
                    .description(
                            "Records not yet read by this instance's stream threads on an input topic, summed over its partitions")
                    .baseUnit("records")
                    .tag("input", InputNames.logical(topic))
                    .register(registry);
        }
    }

    /** Sum of the main consumers' per-partition lag on {@code topic}; partitions with no lag known yet count as 0. */
    static double records(Map<MetricName, ? extends Metric> metrics, String topic) {
        double sum = 0;
        for (Map.Entry<MetricName, ? extends Metric> e : metrics.entrySet()) {
            MetricName name = e.getKey();
            if (!RECORDS_LAG.equals(name.name()) || !FETCH_GROUP.equals(name.group())) {
                continue;
            }
            Map<String, String> tags = name.tags();
            String clientId = tags.getOrDefault("client-id", "");
            if (!topic.equals(tags.get("topic"))
                    || !tags.containsKey("partition")
                    || clientId.endsWith("restore-consumer")) {
                continue;
            }
            if (e.getValue().metricValue() instanceof Number n && Double.isFinite(n.doubleValue())) {
                sum += n.doubleValue();
            }
        }
        return sum;
    }
}
