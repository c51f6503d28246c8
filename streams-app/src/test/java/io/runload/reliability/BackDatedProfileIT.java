package io.runload.reliability;

import static io.runload.testing.TestRecords.profile;
import static io.runload.testing.TestRecords.run;
import static io.runload.testing.TestRecords.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.runload.avro.AlertStatus;
import io.runload.avro.AlertType;
import io.runload.avro.AthleteAlert;
import io.runload.avro.RunSummary;
import io.runload.runtime.RunLoadApplication;
import io.runload.runtime.RunLoadConfig;
import io.runload.serde.SchemaRegistryClient;
import io.runload.serde.SchemaRegistryClients;
import io.runload.serde.SpecificAvroSerializer;
import io.runload.testing.SharedKafkaBroker;
import io.runload.testing.TestApplications;
import io.runload.topology.StoreNames;
import io.runload.topology.TopicNames;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Against the in-process broker: an athlete whose profile states a max heart rate too low makes
 * every easy run look too hard, and RunLoad raises EASY_EFFORT_DRIFT for both weeks. The corrected
 * max heart rate arrives later, effective before both weeks: the runs are scored again from their
 * stored heart-rate records and both alerts are withdrawn.
 *
 * <p>Four runs, Monday and Wednesday of two weeks, each 45 minutes at a constant 150 bpm (a sample
 * every 10 s, the credit cap, so 2700 credited seconds). Male Banister TRIMP, rest 60:
 * <ul>
 *   <li>max 180: HRr = 90/120 = 0.75, TRIMP = 45 x 0.75 x 0.64 x e^(1.92 x 0.75) = 21.6 x e^1.44
 *       = 21.6 x 4.220696 = 91.167. The easy ceiling is 60 + 0.7 x 120 = 144 bpm, so none of the
 *       90 minutes of heart rate in each week is easy: 0 % &lt; 80 % over at least 30 minutes, the
 *       alert holds for both weeks.</li>
 *   <li>max 190: HRr = 90/130 = 0.692308, TRIMP = 19.93846 x e^1.329231 = 19.93846 x 3.778136 = 75.330.
 *       The ceiling is 60 + 0.7 x 130 = 151 bpm, so all of it is easy: 100 %, the alert no longer
 *       holds and is withdrawn.</li>
 * </ul>
 */
class BackDatedProfileIT {
    private static final String ATHLETE = "athlete-7";
    private static final List<Instant> STARTS = List.of(
            Instant.parse("2026-11-02T07:00:00Z"),
            Instant.parse("2026-11-04T07:00:00Z"),
            Instant.parse("2026-11-09T07:00:00Z"),
            Instant.parse("2026-11-11T07:00:00Z"));

    private long timestamp = Instant.now().minus(Duration.ofHours(1)).toEpochMilli();

    @Test
    void aCorrectedMaxHeartRateWithdrawsTheAlertsTheLowOneRaised() throws Exception {
        Properties settings = TestApplications.isolated("back-dated-profile");
        settings.setProperty("streams.max.task.idle.ms", "1000");
        settings.setProperty("runload.run.hr.wait", "PT0S");
        RunLoadConfig config = RunLoadConfig.load(Map.of(), settings);
        TopicNames topics = config.topics();
        SchemaRegistryClient registry = SchemaRegistryClients.forUrl(config.schemaRegistryUrl());

        try (RunLoadApplication app = TestApplications.start(settings)) {
            TestApplications.awaitRunning(app, Duration.ofSeconds(60));
            List<ProducerRecord<byte[], byte[]>> history = new ArrayList<>();
            history.add(record(
                    topics.athleteProfiles(), profile(ATHLETE).setMaxHr(180).build(), registry));
            for (int i = 0; i < STARTS.size(); i++) {
                String runId = "run-" + i;
                for (int s = 0; s <= 2700; s += 10) {
                    history.add(record(
                            topics.hrSamples(),
                            sample(ATHLETE, runId, STARTS.get(i).plusSeconds(s), 150),
                            registry));
                }
                history.add(record(
                        topics.runs(),
                        run(ATHLETE, runId, STARTS.get(i), 2700, 8100).build(),
                        registry));
            }
            SharedKafkaBroker.produce(history);

            Awaitility.await("four runs scored with max 180 and both weeks' alerts raised")
                    .atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> {
                        assertThat(summaries(app))
                                .hasSize(4)
                                .allSatisfy(s -> assertThat(s.getLoad()).isCloseTo(91.167, within(0.001)));
                        assertThat(drift(app)).containsOnlyKeys("2026-W45", "2026-W46");
                        assertThat(drift(app).values())
                                .extracting(AthleteAlert::getStatus)
                                .containsOnly(AlertStatus.ACTIVE);
                    });

            SharedKafkaBroker.produce(List.of(record(
                    topics.athleteProfiles(),
                    profile(ATHLETE)
                            .setMaxHr(190)
                            .setEffectiveFrom(LocalDate.of(2026, 11, 1))
                            .build(),
                    registry)));

            Awaitility.await("runs scored again with max 190 and both alerts withdrawn")
                    .atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> {
                        assertThat(summaries(app)).hasSize(4).allSatisfy(s -> {
                            assertThat(s.getLoad()).isCloseTo(75.330, within(0.001));
                            assertThat(s.getTimeInZoneSec()).containsExactly(0, 2700, 0, 0, 0);
                        });
                        Map<String, AthleteAlert> drift = drift(app);
                        assertThat(drift).containsOnlyKeys("2026-W45", "2026-W46");
                        for (AthleteAlert alert : drift.values()) {
                            assertThat(alert.getStatus()).isEqualTo(AlertStatus.WITHDRAWN);
                            assertThat(alert.getStatusReason()).isEqualTo("no_longer_holds");
                        }
                    });
        }
    }

    private List<RunSummary> summaries(RunLoadApplication app) {
        List<RunSummary> all = new ArrayList<>();
        ReadOnlyKeyValueStore<String, RunSummary> view = app.streams()
                .store(StoreQueryParameters.fromNameAndType(
                        StoreNames.RUN_SUMMARIES, QueryableStoreTypes.<String, RunSummary>keyValueStore()));
        try (var it = view.prefixScan(StoreNames.athletePrefix(ATHLETE), new StringSerializer())) {
            it.forEachRemaining(kv -> all.add(kv.value));
        }
        return all;
    }

    private Map<String, AthleteAlert> drift(RunLoadApplication app) {
        Map<String, AthleteAlert> byPeriod = new TreeMap<>();
        ReadOnlyKeyValueStore<String, AthleteAlert> view = app.streams()
                .store(StoreQueryParameters.fromNameAndType(
                        StoreNames.ALERTS, QueryableStoreTypes.<String, AthleteAlert>keyValueStore()));
        try (var it = view.all()) {
            it.forEachRemaining(kv -> {
                if (kv.key.startsWith(StoreNames.athletePrefix(ATHLETE))
                        && kv.value.getType() == AlertType.EASY_EFFORT_DRIFT) {
                    byPeriod.put(kv.value.getPeriod(), kv.value);
                }
            });
        }
        return byPeriod;
    }

    private ProducerRecord<byte[], byte[]> record(String topic, SpecificRecord value, SchemaRegistryClient registry) {
        @SuppressWarnings({"unchecked", "rawtypes"})
        SpecificAvroSerializer<SpecificRecord> serializer =
                new SpecificAvroSerializer(value.getClass(), registry, true);
        return new ProducerRecord<>(
                topic, null, timestamp++, ATHLETE.getBytes(StandardCharsets.UTF_8), serializer.serialize(topic, value));
    }
}
