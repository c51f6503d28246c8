package io.runload.topology;

import static io.runload.testing.TestRecords.profile;
import static io.runload.testing.TestRecords.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A tick of the release punctuation summarises at most {@link ObservedRunProcessor#RELEASED_PER_TICK}
 * waiting runs, so that a back-fill's backlog cannot keep one transaction open past its timeout;
 * the next tick goes on with the athlete where the last one stopped, and each athlete's runs
 * still go out oldest first.
 */
class WaitingRunReleaseTest {
    private static final Instant NOW = Instant.parse("2026-11-25T08:00:00Z");
    private static final int RUNS_PER_ATHLETE = 100;

    private final TopologyHarness h = new TopologyHarness(NOW);

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void aBacklogIsReleasedAFewRunsATickOldestFirstPerAthlete() {
        assertThat(ObservedRunProcessor.RELEASED_PER_TICK).isEqualTo(128);
        for (String athlete : List.of("a1", "a2", "a3")) {
            h.profile(profile(athlete).build());
            // Newest first, so that the store's key order (by runId) is not the start order.
            for (int day = RUNS_PER_ATHLETE; day >= 1; day--) {
                h.run(run(athlete, "r" + day, NOW.minus(Duration.ofDays(day)), 1800, 5000)
                        .build());
            }
        }
        assertThat(waiting()).hasSize(300);

        // The deadlines pass: 128 go, all of a1's and a2's 28 oldest.
        h.driver.advanceWallClockTime(TopologyHarness.RUN_HEART_RATE_WAIT.plusSeconds(1));
        assertThat(waiting()).hasSize(172);
        assertThat(waitingDays("a1")).isEmpty();
        assertThat(waitingDays("a2")).hasSize(72).allMatch(day -> day <= 72);
        assertThat(waitingDays("a3")).hasSize(100);

        h.driver.advanceWallClockTime(Duration.ofSeconds(1));
        assertThat(waitingDays("a2")).isEmpty();
        assertThat(waitingDays("a3")).hasSize(44).allMatch(day -> day <= 44);

        h.driver.advanceWallClockTime(Duration.ofSeconds(1));
        assertThat(waiting()).isEmpty();
        assertThat(h.summaries.readValuesToList())
                .filteredOn(s -> s.getAthleteId().equals("a3"))
                .extracting(s -> s.getRunId())
                .startsWith("r100", "r99", "r98");
    }

    private List<String> waiting() {
        List<String> keys = new ArrayList<>();
        KeyValueStore<String, Object> store = h.driver.getKeyValueStore(StoreNames.PENDING_RUNS);
        try (var it = store.all()) {
            it.forEachRemaining(entry -> keys.add(entry.key));
        }
        return keys;
    }

    /** Days before NOW of the athlete's runs still waiting. */
    private List<Integer> waitingDays(String athlete) {
        return waiting().stream()
                .filter(key -> key.startsWith(StoreNames.athletePrefix(athlete)))
                .map(key -> Integer.parseInt(key.substring(key.indexOf('\u0000') + 2)))
                .toList();
    }
}
