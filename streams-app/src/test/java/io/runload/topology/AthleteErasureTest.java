package io.runload.topology;

import static io.runload.testing.TestRecords.profile;
import static io.runload.testing.TestRecords.run;
import static io.runload.testing.TestRecords.sample;
import static org.assertj.core.api.Assertions.assertThat;

import io.runload.avro.AlertType;
import io.runload.avro.AthleteAlert;
import io.runload.avro.ErasureOrigin;
import io.runload.avro.ErasureReceipt;
import io.runload.avro.ErasureRequest;
import io.runload.avro.RunSummary;
import io.runload.avro.WeeklyVolume;
import io.runload.domain.AthleteHeartRateState;
import io.runload.domain.ProfileHistory;
import io.runload.domain.TrainingLedger;
import io.runload.serde.SpecificAvroSerde;
import io.runload.testing.StoredValues;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Erasure through the whole topology: every store is empty for the erased athlete, another athlete
 * is untouched, a receipt and a profile tombstone come out, and data arriving later starts a new
 * athlete (which also shows that no in-memory copy on the per-sample path survived).
 */
class AthleteErasureTest {
    private static final Instant NOW = Instant.parse("2026-11-25T08:00:00Z");
    private static final Instant DAY1 = Instant.parse("2026-11-20T07:00:00Z");
    private static final Instant DAY2 = DAY1.plus(Duration.ofDays(1));
    private static final Instant DAY3 = DAY1.plus(Duration.ofDays(2));
    /** Written out here rather than taken from the code under test, so a store the erasure forgets shows up. */
    private static final List<String> ALL_STORES = List.of(
            StoreNames.PROFILE_HISTORY,
            StoreNames.HEART_RATE,
            StoreNames.HEART_RATE_RUNS,
            StoreNames.LEDGER,
            StoreNames.ALERT_LOG,
            StoreNames.RUN_SUMMARIES,
            StoreNames.WEEKLY_VOLUME,
            StoreNames.PENDING_RUNS,
            StoreNames.WATCHED_RUNS,
            StoreNames.RUN_HEART_RATE_RECORD,
            StoreNames.ALERTS);

    private final TopologyHarness h = new TopologyHarness(NOW);
    private final TestInputTopic<byte[], byte[]> erasures =
            h.driver.createInputTopic(h.topics.erasures(), new ByteArraySerializer(), new ByteArraySerializer());
    private final TestOutputTopic<String, ErasureReceipt> receipts = h.driver.createOutputTopic(
            h.topics.erasureReceipts(),
            new StringDeserializer(),
            new SpecificAvroSerde<>(ErasureReceipt.class, h.registry, true).deserializer());
    private final TestOutputTopic<byte[], byte[]> profileTopic = h.driver.createOutputTopic(
            h.topics.athleteProfiles(), new ByteArrayDeserializer(), new ByteArrayDeserializer());

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void theErasedAthleteLeavesEveryStoreAndAnotherAthleteIsUntouched() {
        history("ann", "bob");
        Map<String, Integer> annBefore = entriesOf("ann");
        assertThat(annBefore)
                .as("the history reaches every store, so the erasure of each is tested")
                .allSatisfy((store, count) -> assertThat(count).as(store).isPositive());
        Map<String, String> bobBefore = contentsOf("bob");
        assertThat(entriesOf("bob"))
                .allSatisfy((store, count) -> assertThat(count).as(store).isPositive());
        h.summaries.readRecordsToList();
        h.weeks.readRecordsToList();
        h.alerts.readRecordsToList();

        erase("ann", "req-1");

        assertThat(entriesOf("ann"))
                .as("after the erasure")
                .allSatisfy((store, count) -> assertThat(count).as(store).isZero());
        assertThat(contentsOf("bob")).isEqualTo(bobBefore);

        List<TestRecord<String, ErasureReceipt>> issued = receipts.readRecordsToList();
        assertThat(issued).hasSize(1);
        ErasureReceipt receipt = issued.get(0).value();
        assertThat(issued.get(0).key()).isEqualTo("ann");
        assertThat(receipt.getRequestId()).isEqualTo("req-1");
        assertThat(receipt.getOrigin()).isEqualTo(ErasureOrigin.ERASURE_REQUEST);
        assertThat(receipt.getRequestedAt()).isEqualTo(NOW);
        assertThat(receipt.getCompletedAt()).isEqualTo(NOW);
        assertThat(new TreeMap<>(receipt.getStoresCleared())).isEqualTo(new TreeMap<>(annBefore));
        assertThat(receipt.getProfileTombstoneWritten()).isTrue();

        // The compacted profile topic gets a tombstone, marked so that its echo is not a second erasure.
        List<TestRecord<byte[], byte[]>> tombstones = profileTopic.readRecordsToList();
        assertThat(tombstones).hasSize(1);
        assertThat(new String(tombstones.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("ann");
        assertThat(tombstones.get(0).value()).isNull();
        assertThat(tombstones
                        .get(0)
                        .headers()
                        .lastHeader(ProfileTombstoneProcessor.ERASURE_HEADER)
                        .value())
                .isEqualTo("req-1".getBytes(StandardCharsets.UTF_8));
        assertThat(h.metric("runload.dropped.records", "input", "athlete-profiles", "reason", "erasure_echo"))
                .isEqualTo(1.0);
        assertThat(receipts.isEmpty()).as("the echo gives no second receipt").isTrue();
        assertThat(h.metric("runload.erasures", "origin", "erasure_request")).isEqualTo(1.0);
        assertThat(h.metrics.scrape()).contains("runload_erasures_total{origin=\"erasure_request\"} 1.0");
        assertThat(h.deadLetters.readRecordsToList()).isEmpty();
        assertThat(h.summaries.isEmpty() && h.weeks.isEmpty() && h.alerts.isEmpty())
                .as("an erasure publishes no results")
                .isTrue();

        // Ann's waiting run is gone with her: only Bob's is released.
        h.driver.advanceWallClockTime(TopologyHarness.RUN_HEART_RATE_WAIT.plusSeconds(1));
        assertThat(h.summaries.readRecordsToList())
                .extracting(TestRecord::key)
                .containsOnly("bob")
                .isNotEmpty();
    }

    @Test
    void dataArrivingAfterTheErasureStartsANewAthlete() {
        history("ann");
        h.summaries.readRecordsToList();
        h.weeks.readRecordsToList();
        assertThat(h.alerts.readValuesToList())
                .extracting(AthleteAlert::getRunId)
                .contains("r1");

        erase("ann", "req-2");

        // The same instants as her erased run of day 2, and no profile: a heart-rate state or a
        // profile of the day still held in memory would make these duplicates, or judge them by her
        // erased profile (max HR 190).
        hardEasyRun("ann", "r9", DAY2);
        List<AthleteAlert> alerts = h.alerts.readValuesToList();
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).getType()).isEqualTo(AlertType.EASY_RUN_TOO_HARD);
        assertThat(alerts.get(0).getEvidence().get("maxHr"))
                .isEqualTo((double) ProfileHistory.populationDefault().maxHr())
                .isNotEqualTo(190.0);
        KeyValueStore<String, AthleteHeartRateState> heartRates = h.driver.getKeyValueStore(StoreNames.HEART_RATE);
        assertThat(heartRates.get("ann").runKeys()).containsExactly("r9");

        h.profile(profile("ann").setMaxHr(200).setRestingHr(50).build());
        h.runAndWait(run("ann", "r9", DAY2, 1800, 5000).build());
        RunSummary summary = h.summaries.readValuesToList().get(0);
        assertThat(summary.getRunId()).isEqualTo("r9");
        List<WeeklyVolume> weeks = h.weeks.readValuesToList();
        assertThat(weeks).hasSize(1);
        assertThat(weeks.get(0).getRuns())
                .as("the erased runs of the same week are not counted")
                .isEqualTo(1);
        assertThat(weeks.get(0).getDistanceMeters()).isEqualTo(5000.0);
        KeyValueStore<String, TrainingLedger> ledgers = h.driver.getKeyValueStore(StoreNames.LEDGER);
        assertThat(ledgers.get("ann").countedRuns()).hasSize(1);
        KeyValueStore<String, ProfileHistory> profiles = h.driver.getKeyValueStore(StoreNames.PROFILE_HISTORY);
        assertThat(profiles.get("ann").versions()).hasSize(1);
    }

    @Test
    void aProfileTombstoneFromUpstreamErasesTheAthleteWithoutWritingAnotherTombstone() {
        history("bob");
        Map<String, Integer> before = entriesOf("bob");
        h.profilesRaw.pipeInput(
                new TestRecord<>(TopologyHarness.key("bob"), null, new RecordHeaders(), NOW.minusSeconds(5)));

        assertThat(entriesOf("bob"))
                .allSatisfy((store, count) -> assertThat(count).as(store).isZero());
        ErasureReceipt receipt = receipts.readValue();
        assertThat(receipt.getOrigin()).isEqualTo(ErasureOrigin.PROFILE_TOMBSTONE);
        assertThat(receipt.getRequestId()).startsWith("profile-tombstone:" + h.topics.athleteProfiles() + "-0@");
        assertThat(receipt.getRequestedAt()).isEqualTo(NOW.minusSeconds(5));
        assertThat(new TreeMap<>(receipt.getStoresCleared())).isEqualTo(new TreeMap<>(before));
        assertThat(receipt.getProfileTombstoneWritten()).isFalse();
        assertThat(profileTopic.isEmpty()).isTrue();
        assertThat(h.metric("runload.erasures", "origin", "profile_tombstone")).isEqualTo(1.0);
        assertThat(h.deadLetters.isEmpty()).isTrue();
    }

    @Test
    void aTombstoneOrRequestWithoutAUsableKeyGoesToTheDeadLetterTopic() {
        h.profilesRaw.pipeInput(new TestRecord<>(new byte[0], null, new RecordHeaders(), NOW));
        erasures.pipeInput(new TestRecord<>(
                TopologyHarness.key("ann"), encode(request("bob", "req-3")), new RecordHeaders(), NOW));
        List<String> reasons = h.deadLetters.readRecordsToList().stream()
                .map(r -> new String(
                        r.headers().lastHeader(DeadLetterHeaders.REASON).value(), StandardCharsets.UTF_8))
                .toList();
        assertThat(reasons).containsExactly("null_key", "key_mismatch");
        assertThat(receipts.isEmpty()).isTrue();
    }

    @Test
    void theErasureProcessorIsConnectedToEveryStoreOfTheTopology() {
        Set<String> all = new HashSet<>();
        Set<String> erased = new HashSet<>();
        for (TopologyDescription.Subtopology sub :
                RunLoadTopology.build(settings()).describe().subtopologies()) {
            for (TopologyDescription.Node node : sub.nodes()) {
                if (node instanceof TopologyDescription.Processor p) {
                    all.addAll(p.stores());
                    if (p.name().equals("athlete-erasure")) {
                        erased.addAll(p.stores());
                    }
                }
            }
        }
        assertThat(all).containsExactlyInAnyOrderElementsOf(ALL_STORES);
        assertThat(erased).isEqualTo(all);
    }

    /**
     * Per athlete: a run that turns hard (an alert), one summarised with a third of its heart rate
     * (watched for the rest), and last, so that no wait releases it, one waiting for its heart rate.
     */
    private void history(String... athleteIds) {
        for (String athleteId : athleteIds) {
            h.profile(profile(athleteId).build());
            hardEasyRun(athleteId, "r1", DAY1);
            h.runAndWait(run(athleteId, "r1", DAY1, 1800, 5000).build());
            for (int s = 0; s < 600; s++) {
                h.sample(sample(athleteId, "r2", DAY2.plusSeconds(s), 140));
            }
            h.runAndWait(run(athleteId, "r2", DAY2, 1800, 5000).build());
        }
        for (String athleteId : athleteIds) {
            h.run(run(athleteId, "r3", DAY3, 2400, 6000).build());
        }
    }

    /** Easy ceiling 60 + 0.7 * 130 = 151 bpm with the test profile: 12 easy minutes, then 18 hard ones. */
    private void hardEasyRun(String athleteId, String runId, Instant start) {
        for (int s = 0; s < 1800; s++) {
            h.sample(sample(athleteId, runId, start.plusSeconds(s), s < 720 ? 135 : 170));
        }
    }

    private void erase(String athleteId, String requestId) {
        erasures.pipeInput(new TestRecord<>(
                TopologyHarness.key(athleteId), encode(request(athleteId, requestId)), new RecordHeaders(), NOW));
    }

    private static ErasureRequest request(String athleteId, String requestId) {
        return ErasureRequest.newBuilder()
                .setAthleteId(athleteId)
                .setRequestId(requestId)
                .setRequestedAt(NOW)
                .build();
    }

    private byte[] encode(ErasureRequest request) {
        return new SpecificAvroSerde<>(ErasureRequest.class, h.registry, true)
                .serializer()
                .serialize(h.topics.erasures(), request);
    }

    private TopologySettings settings() {
        return new TopologySettings(
                h.topics,
                h.registry,
                true,
                h.metrics,
                java.time.Clock.systemUTC(),
                Duration.ofDays(7),
                Duration.ofHours(36),
                262_144,
                Duration.ZERO,
                Duration.ZERO);
    }

    /** The athlete's entries per store, counted by key: the athlete id itself, or the athlete id and NUL. */
    private Map<String, Integer> entriesOf(String athleteId) {
        Map<String, Integer> counts = new TreeMap<>();
        contents(athleteId)
                .forEach((storeAndKey, value) -> counts.merge(storeAndKey.split(" ", 2)[0], 1, Integer::sum));
        ALL_STORES.forEach(store -> counts.putIfAbsent(store, 0));
        return counts;
    }

    private Map<String, String> contentsOf(String athleteId) {
        return contents(athleteId);
    }

    private Map<String, String> contents(String athleteId) {
        Map<String, String> all = new TreeMap<>();
        for (String store : ALL_STORES) {
            KeyValueStore<String, Object> kv = h.driver.getKeyValueStore(store);
            try (var it = kv.all()) {
                it.forEachRemaining(entry -> {
                    if (entry.key.equals(athleteId) || entry.key.startsWith(athleteId + '\u0000')) {
                        all.put(store + " " + entry.key, StoredValues.fingerprint(entry.value));
                    }
                });
            }
        }
        return all;
    }
}
