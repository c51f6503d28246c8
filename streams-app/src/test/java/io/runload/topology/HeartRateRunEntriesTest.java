package io.runload.topology;

import static io.runload.testing.TestRecords.run;
import static io.runload.testing.TestRecords.sample;
import static org.assertj.core.api.Assertions.assertThat;

import io.runload.domain.AthleteHeartRateState;
import io.runload.domain.HeartRateStateFormatTest;
import io.runload.domain.RunHeartRateAccumulator;
import io.runload.state.RunHeartRateAccumulatorCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.internals.WrappedStateStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Each run's heart rate is an entry of its own next to the athlete's state: it appears with the
 * run's first sample, goes when the state lets the run go, and a state written by the release that
 * kept its runs inside it hands them over to entries when it is next read.
 */
class HeartRateRunEntriesTest {
    private static final Instant NOW = Instant.parse("2026-11-25T08:00:00Z");
    private static final Instant DAY1 = Instant.parse("2026-11-20T07:00:00Z");

    private final TopologyHarness h = new TopologyHarness(NOW);

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void aRunIsAnEntryFromItsFirstSampleUntilTheStateLetsItGo() {
        tenMinutes("r1", DAY1);
        tenMinutes("r2", DAY1.plus(Duration.ofDays(2)));
        assertThat(runEntries()).containsExactly(StoreNames.composite("a1", "r1"), StoreNames.composite("a1", "r2"));
        assertThat(runs().get(StoreNames.composite("a1", "r1")).sampleCount()).isEqualTo(61);

        // r1 ended two days before r2's samples, beyond the 36 h retention; once 15 minutes of
        // processing time have passed too, r2's next sample lets it go.
        h.driver.advanceWallClockTime(Duration.ofMinutes(16));
        h.sample(sample("a1", "r2", DAY1.plus(Duration.ofDays(2)).plusSeconds(601), 140));
        assertThat(states().get("a1").runKeys()).containsExactly("r2");
        assertThat(runEntries()).containsExactly(StoreNames.composite("a1", "r2"));
        assertThat(runs().get(StoreNames.composite("a1", "r2")).sampleCount()).isEqualTo(62);
    }

    @Test
    void aStateThatCarriesItsRunsHandsThemToEntriesWhenNextRead() {
        AthleteHeartRateState written = HeartRateStateFormatTest.fixture();
        innermost(states())
                .put(
                        Bytes.wrap("a1".getBytes(StandardCharsets.UTF_8)),
                        HexFormat.of().parseHex(HeartRateStateFormatTest.V2_STATE));
        String session = written.runKeys().get(0);

        // Reading it (a run event looks for the run's heart rate) moves nothing: reads come every tick.
        h.run(run("a1", "r0", Instant.ofEpochMilli(written.frontierMillis() - 3_600_000L), 600, 2000)
                .build());
        assertThat(runEntries()).isEmpty();

        h.sample(sample("a1", "r1", Instant.ofEpochMilli(written.frontierMillis() + 1000), 150));

        assertThat(runEntries())
                .containsExactlyInAnyOrder(StoreNames.composite("a1", session), StoreNames.composite("a1", "r1"));
        assertThat(RunHeartRateAccumulatorCodec.encode(runs().get(StoreNames.composite("a1", session))))
                .isEqualTo(
                        RunHeartRateAccumulatorCodec.encode(written.run(session).orElseThrow()));
        assertThat(runs().get(StoreNames.composite("a1", "r1")).sampleCount())
                .isEqualTo(written.run("r1").orElseThrow().sampleCount() + 1);
        assertThat(states().get("a1").runKeys()).isEqualTo(written.runKeys());
        h.driver.advanceWallClockTime(Duration.ofSeconds(1));
        byte[] stored = innermost(states()).get(Bytes.wrap("a1".getBytes(StandardCharsets.UTF_8)));
        assertThat(stored[0]).as("the state's format").isEqualTo((byte) 3);
    }

    @Test
    void aCarriedRunThatCannotBeRestoredIsLetGoAndTheOthersMove() {
        long t = DAY1.toEpochMilli();
        RunHeartRateAccumulator good = new RunHeartRateAccumulator();
        good.add(t - 60_000, 140, 3.0, 170);
        good.add(t, 141, 3.0, 170);
        AthleteHeartRateState.StoredRun corrupt = () -> {
            throw new IllegalStateException("corrupt state bytes");
        };
        AthleteHeartRateState carried = AthleteHeartRateState.restore(new AthleteHeartRateState.Snapshot(
                true,
                t,
                List.of(
                        new AthleteHeartRateState.RunEntry("bad", t - 7_200_000, t - 3_600_000, null, corrupt),
                        new AthleteHeartRateState.RunEntry("good", t - 60_000, t, null, () -> good)),
                null,
                null));
        AthleteHeartRateStores stores = new AthleteHeartRateStores(states(), runs());

        stores.attachForWriting("a1", carried);

        assertThat(carried.runKeys()).containsExactly("good");
        assertThat(carried.takeDepartedRuns()).containsExactly("bad");
        assertThat(carried.readsRuns()).isTrue();
        assertThat(runEntries()).containsExactly(StoreNames.composite("a1", "good"));
        assertThat(RunHeartRateAccumulatorCodec.encode(runs().get(StoreNames.composite("a1", "good"))))
                .isEqualTo(RunHeartRateAccumulatorCodec.encode(good));
    }

    private void tenMinutes(String runId, Instant start) {
        for (int s = 0; s <= 600; s += 10) {
            h.sample(sample("a1", runId, start.plusSeconds(s), 140));
        }
    }

    private KeyValueStore<String, AthleteHeartRateState> states() {
        return h.driver.getKeyValueStore(StoreNames.HEART_RATE);
    }

    private KeyValueStore<String, RunHeartRateAccumulator> runs() {
        return h.driver.getKeyValueStore(StoreNames.HEART_RATE_RUNS);
    }

    private List<String> runEntries() {
        List<String> keys = new ArrayList<>();
        try (var it = runs().all()) {
            it.forEachRemaining(entry -> keys.add(entry.key));
        }
        return keys;
    }

    /** The bytes store under the serdes, the changelog and this project's layers: what is on disk. */
    @SuppressWarnings("unchecked")
    private static KeyValueStore<Bytes, byte[]> innermost(StateStore store) {
        StateStore current = store;
        while (current instanceof WrappedStateStore<?, ?, ?> wrapped) {
            current = wrapped.wrapped();
        }
        return (KeyValueStore<Bytes, byte[]>) current;
    }
}
