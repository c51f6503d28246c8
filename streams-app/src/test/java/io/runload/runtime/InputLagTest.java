package io.runload.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.junit.jupiter.api.Test;

class InputLagTest {
    private static final String MAIN = "runload-1234-StreamThread-1-consumer";
    private static final String MAIN_2 = "runload-1234-StreamThread-2-consumer";
    private static final String RESTORE = "runload-1234-StreamThread-1-restore-consumer";
    private static final String HR = "runload.hr-samples.v1";

    private final Map<MetricName, Metric> metrics = new LinkedHashMap<>();

    @Test
    void sumsThePartitionsOfEveryMainConsumerOnTheExactTopic() {
        lag(MAIN, HR, "0", 100);
        lag(MAIN, HR, "1", 20);
        lag(MAIN_2, HR, "2", 3);
        lag(MAIN, "runload.runs.v1", "0", 7_000);

        assertThat(InputLag.records(metrics, HR)).isEqualTo(123.0);
        assertThat(InputLag.records(metrics, "runload.runs.v1")).isEqualTo(7_000.0);
        assertThat(InputLag.records(metrics, "runload.athlete-profiles.v1")).isZero();
    }

    @Test
    void ignoresTheDeprecatedUnderscoredTwinRestoreConsumersAndUnknownValues() {
        lag(MAIN, HR, "0", 100);
        lag(MAIN, "runload_hr-samples_v1", "0", 100);
        lag(RESTORE, HR, "0", 5_000);
        lag(MAIN, HR, "1", Double.NaN);
        metrics.put(
                new MetricName(
                        "records-lag-max",
                        InputLag.FETCH_GROUP,
                        "",
                        Map.of("client-id", MAIN, "topic", HR, "partition", "0")),
                metric(9_999));
        metrics.put(
                new MetricName(
                        "records-lag", "other-group", "", Map.of("client-id", MAIN, "topic", HR, "partition", "0")),
                metric(9_999));

        assertThat(InputLag.records(metrics, HR)).isEqualTo(100.0);
    }

    private void lag(String clientId, String topic, String partition, double value) {
        metrics.put(
                new MetricName(
                        InputLag.RECORDS_LAG,
                        InputLag.FETCH_GROUP,
                        "",
                        Map.of("client-id", clientId, "topic", topic, "partition", partition)),
                metric(value));
    }

    private static Metric metric(double value) {
        return new Metric() {
            @Override
            public MetricName metricName() {
                throw new UnsupportedOperationException();
            }

            @Override
            public Object metricValue() {
                return value;
            }
        };
    }
}
