package io.runload.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

/** The values of runload_streams_state that deploy/prometheus/runload-rules.yml and the dashboards rely on. */
class StreamsStateGaugeTest {

    @Test
    void everyStateHasTheCodeTheAlertRulesExpect() {
        // runload-rules.yml: "== 1" is a rebalance, ">= 5" an instance in error.
        assertThat(RunLoadApplication.stateCode(KafkaStreams.State.REBALANCING)).isEqualTo(1);
        assertThat(RunLoadApplication.stateCode(KafkaStreams.State.PENDING_ERROR))
                .isEqualTo(5);
        assertThat(RunLoadApplication.stateCode(KafkaStreams.State.ERROR)).isEqualTo(6);
        // The gauge's description: 0 CREATED, 2 RUNNING, 3 PENDING_SHUTDOWN, 4 NOT_RUNNING.
        assertThat(RunLoadApplication.stateCode(KafkaStreams.State.CREATED)).isZero();
        assertThat(RunLoadApplication.stateCode(KafkaStreams.State.RUNNING)).isEqualTo(2);
        assertThat(RunLoadApplication.stateCode(KafkaStreams.State.PENDING_SHUTDOWN))
                .isEqualTo(3);
        assertThat(RunLoadApplication.stateCode(KafkaStreams.State.NOT_RUNNING)).isEqualTo(4);
    }
}
