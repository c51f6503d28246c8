package io.runload.topology;

import static io.runload.testing.TestRecords.profile;
import static io.runload.testing.TestRecords.sample;
import static org.assertj.core.api.Assertions.assertThat;

import io.runload.avro.AthleteAlert;
import io.runload.domain.AthleteHeartRateState;
import io.runload.domain.ProfileHistory;
import io.runload.domain.ResolvedProfile;
import io.runload.domain.RunHeartRateAccumulator;
import io.runload.state.AthleteHeartRateStateCodec;
import io.runload.state.RunHeartRateAccumulatorCodec;
import io.runload.testing.StoredHeartRate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The per-sample path keeps decoded heart-rate states and resolved profiles between records; these
 * pin that what it keeps never differs from what the stores hold.
 */
class HotPathCachesTest {
    private static final Instant NOW = Instant.parse("2026-11-25T08:00:00Z");
    private static final Instant START = Instant.parse("2026-11-20T07:00:00Z");
    private final TopologyHarness h = new TopologyHarness(NOW);

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void aProfileUpdateAppliesFromTheNextSampleOfTheSameDay() {
        // Ceiling 40 + 0.7 * 160 = 152 bpm: 150 is easy, and the warm-up is.
        h.profile(profile("a1").setMaxHr(200).setRestingHr(40).build());
        for (int s = 0; s < 720; s++) {
            h.sample(sample("a1", "r1", START.plusSeconds(s), 150));
        }
        assertThat(h.alerts.readValuesToList()).isEmpty();
        // Same effectiveFrom, so it replaces the version: ceiling 60 + 0.7 * 120 = 144 bpm, and 150 is hard.
        h.profile(profile("a1").setMaxHr(180).setRestingHr(60).build());
        for (int s = 720; s < 1500; s++) {
            h.sample(sample("a1", "r1", START.plusSeconds(s), 150));
        }
        List<AthleteAlert> alerts = h.alerts.readValuesToList();
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).getMessage()).contains("easy ceiling of 144 bpm");
        assertThat(alerts.get(0).getEvidence().get("maxHr")).isEqualTo(180.0);
    }

    @Test
    void theStoredStateIsWhatDecodingOnEverySampleWouldStore() {
        h.profile(profile("a1").build());
        ResolvedProfile resolved = storedProfile("a1");
        long grace = Duration.ofDays(7).toMillis();
        StoredHeartRate stored = new StoredHeartRate();
        AthleteHeartRateState expected = new AthleteHeartRateState();
        for (int s = 0; s <= 900; s++) {
            int bpm = 130 + s % 40;
            h.sample(sample("a1", "r1", START.plusSeconds(s), bpm));
            expected.onSample("r1", START.plusSeconds(s).toEpochMilli(), bpm, 3.0, 170, resolved, grace);
            expected = stored.store(expected, "r1");
            if (s % 100 == 50) {
                // A re-sent sample: dropped, and it must leave no trace in the stored state.
                h.sample(sample("a1", "r1", START.plusSeconds(s - 3), 130 + (s - 3) % 40));
            }
        }
        // Late beyond the 7-day grace: rejected to the dead-letter topic, also without a trace.
        h.sample(sample("a1", "r1", START.minus(Duration.ofDays(8)), 140));
        assertThat(h.deadLetters.readRecordsToList()).hasSize(1);
        assertThat(h.metric("runload.duplicates", "kind", "hr_sample")).isEqualTo(9.0);

        KeyValueStore<String, AthleteHeartRateState> store = h.driver.getKeyValueStore(StoreNames.HEART_RATE);
        assertThat(AthleteHeartRateStateCodec.encode(store.get("a1")))
                .isEqualTo(AthleteHeartRateStateCodec.encode(expected));
        KeyValueStore<String, RunHeartRateAccumulator> runs = h.driver.getKeyValueStore(StoreNames.HEART_RATE_RUNS);
        assertThat(RunHeartRateAccumulatorCodec.encode(runs.get(StoreNames.composite("a1", "r1"))))
                .isEqualTo(
                        RunHeartRateAccumulatorCodec.encode(expected.run("r1").orElseThrow()));
    }

    private ResolvedProfile storedProfile(String athleteId) {
        KeyValueStore<String, ProfileHistory> profiles = h.driver.getKeyValueStore(StoreNames.PROFILE_HISTORY);
        return profiles.get(athleteId).resolveAt(START, null);
    }
}
