package io.runload.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchRunJsonTest {
    @Test
    void textIsQuotedAndEscapedListsBecomeArrays() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("samples_per_sec", 1234L);
        values.put("soak_drift", "heap \"stable\"");
        values.put("soak_heap_after_gc_bytes", List.of(10L, 20L));
        values.put("p99_alert_latency_ms", null);

        assertThat(BenchRun.json(values))
                .isEqualTo("{\"samples_per_sec\": 1234, \"soak_drift\": \"heap \\\"stable\\\"\", "
                        + "\"soak_heap_after_gc_bytes\": [10, 20], \"p99_alert_latency_ms\": null}");
    }
}
