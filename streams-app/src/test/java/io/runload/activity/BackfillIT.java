package io.runload.activity;

import static io.runload.activity.SyntheticActivities.constant;
import static io.runload.activity.SyntheticActivities.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.runload.avro.AlertSeverity;
import io.runload.avro.AlertType;
import io.runload.avro.AthleteAlert;
import io.runload.avro.AthleteProfile;
import io.runload.avro.IntensityClass;
import io.runload.avro.RunStatus;
import io.runload.avro.RunSummary;
import io.runload.avro.WeekStart;
import io.runload.cli.RunLoadCli;
import io.runload.runtime.RunLoadApplication;
import io.runload.runtime.RunLoadConfig;
import io.runload.serde.SchemaRegistryClient;
import io.runload.serde.SchemaRegistryClients;
import io.runload.serde.SpecificAvroSerde;
import io.runload.serde.SpecificAvroSerializer;
import io.runload.testing.SharedKafkaBroker;
import io.runload.testing.TestApplications;
import io.runload.testing.TestRecords;
import io.runload.topology.TopicNames;
import java.io.FileWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new user's back-fill, as the README tells it: ten weeks of activity files for each of three
 * athletes, all of an athlete's files in one {@code runload import}, into the in-process broker
 * with the app running. The alerts that stand at the end are exactly the ones the history calls
 * for, and every run keeps all of its heart rate.
 *
 * <h2>The history, and why it calls for exactly these alerts</h2>
 * Every run is at a constant 130 bpm and 2.5 m/s (profile: max 190, resting 60, Karvonen): 53.8%
 * of heart-rate reserve, zone 1, so every run is easy, all heart-rate time is easy and the
 * efficiency factor (speed / HR) is the same for every run. Banister TRIMP at 130 bpm is
 * x = 70/130, 0.64 e^(1.92 x) x = 0.969 a minute, so the longest run (1760 s) scores 28.4 and
 * the others at most 25.8. That keeps every rule but the two volume rules silent, by thresholds:
 * <ul>
 *   <li>RECOVERY_DEFICIT: every day's load is under 30, so every day is a light day (streak 0 &lt; 7);
 *       ATL never exceeds the largest daily load (28.4), so TSB = CTL - ATL &gt; -30; no athlete runs
 *       on more than 3 days of any 7, so monotony (mean / sd of 7 daily loads) is at most
 *       (3/7) / sqrt(3/7 * 4/7) = 0.87 &lt; 2.</li>
 *   <li>ACWR_HIGH needs a chronic EWMA (lambda 2/29) of at least 10 a day; the busiest athlete (A) averages
 *       23.3 * 2 / 7 = 6.6 a day, 10.0 in its one biggest week, and day by day its EWMA peaks at 8.5 (in the spike week).</li>
 *   <li>EASY_EFFORT_DRIFT: 100% easy share, and no drop in efficiency factor.</li>
 * </ul>
 * The volume rules, per athlete (weeks start 2026-09-07 for the Monday athletes; the history is
 * longer than the ledger's 56-day window, so its first weeks leave the window during the import):
 * <ul>
 *   <li><b>A</b> (UTC, TCX): 2 runs of 3600 m a week (Tue, Sat 07:00) for nine weeks, then 3 in
 *       week 10 (2026-11-09, ISO 2026-W46): (10800 - 7200) * 100 / 7200 = +50% &gt; 10%, so one
 *       VOLUME_SPIKE INFO for 2026-W46 (week-over-week change is reported at INFO whatever its size).
 *       Weeks 2..9 are +0%; no run is longer than another.</li>
 *   <li><b>B</b> (Europe/Berlin, GPX, crossing the end of summer time on 2026-10-25): a run at 00:30
 *       local every Monday and one at 18:00 local every Thursday, 3600 m each, except week 8
 *       (2026-10-26): 2800 m on Monday and 4400 m on Thursday. Weekly distance stays 7200 m (+0%)
 *       in local weeks; the Thursday 4400 m run is (4400 - 3600) / 3600 = +22% on the longest run
 *       of the 30 days before it, with 49 days of history (&gt;= 14): one single-run VOLUME_SPIKE
 *       WARNING (&lt;= 100%) for that run. Read in UTC instead, each Monday 00:30 run would fall on
 *       the Sunday before and week 8 would hold 4400 + 3600 against 3600 + 2800 (+25%).</li>
 *   <li><b>C</b> (UTC, weeks starting Sunday by profile, TCX and GPX): 4000 m every Sunday 09:00 and
 *       3200 m every Thursday 18:00, from Sunday 2026-09-06, ten weeks. Every Sunday week holds
 *       7200 m (+0%) and no run is longer than the 30-day longest: no alert. (With Monday weeks
 *       the first week would hold only the first Sunday's 4000 m and the second 7200 m: +80%.)</li>
 * </ul>
 * While the runs arrive, a week is also judged part-built; a partial week never holds more than
 * the whole week, so no partial judgement raises an alert the whole history does not.
 */
class BackfillIT {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final double SPEED = 2.5;
    private static final int BPM = 130;
    private static final int WEEKS = 10;

    @TempDir
    Path dir;

    private record Planned(String athlete, Instant start, int meters) {}

    private record Expected(String athlete, AlertType type, AlertSeverity severity, String period) {}

    @Test
    void aTenWeekBackFillOfThreeAthletesRaisesExactlyTheAlertsItsHistoryCallsFor() throws Exception {
        Properties settings = TestApplications.isolated("backfill");
        Path configFile = dir.resolve("runload.properties");
        try (FileWriter w = new FileWriter(configFile.toFile(), StandardCharsets.UTF_8)) {
            settings.store(w, null);
        }
        RunLoadConfig config = RunLoadConfig.load(Map.of(), settings);
        TopicNames topics = config.topics();
        SchemaRegistryClient registry = SchemaRegistryClients.forUrl(config.schemaRegistryUrl());

        List<Planned> runs = new ArrayList<>();
        LocalDate aSpikeWeek = LocalDate.of(2026, 11, 9);
        LocalDate bSpecialWeek = LocalDate.of(2026, 10, 26);
        LocalDate monday = aSpikeWeek.minusWeeks(WEEKS - 1);
        for (int week = 0; week < WEEKS; week++) {
            LocalDate weekStart = monday.plusWeeks(week);
            // A
            runs.add(new Planned("a", utc(weekStart.plusDays(1), 7, 0), 3600));
            if (weekStart.equals(aSpikeWeek)) {
                runs.add(new Planned("a", utc(weekStart.plusDays(3), 7, 0), 3600));
            }
            runs.add(new Planned("a", utc(weekStart.plusDays(5), 7, 0), 3600));
            // B
            boolean special = weekStart.equals(bSpecialWeek);
            runs.add(new Planned("b", weekStart.atTime(0, 30).atZone(BERLIN).toInstant(), special ? 2800 : 3600));
            runs.add(new Planned(
                    "b", weekStart.plusDays(3).atTime(18, 0).atZone(BERLIN).toInstant(), special ? 4400 : 3600));
            // C
            runs.add(new Planned("c", utc(weekStart.minusDays(1), 9, 0), 4000));
            runs.add(new Planned("c", utc(weekStart.plusDays(3), 18, 0), 3200));
        }
        Map<String, Path> historyOf = new LinkedHashMap<>();
        int fileNo = 0;
        for (Planned p : runs) {
            Path history = historyOf.computeIfAbsent(p.athlete(), a -> dir.resolve("history-" + a));
            Files.createDirectories(history.resolve("nested"));
            var session = run(p.start(), constant(p.meters() * 2 / 5, BPM, SPEED, 80));
            boolean gpx = p.athlete().equals("b") || (p.athlete().equals("c") && fileNo % 2 == 0);
            Path file = history.resolve(fileNo % 3 == 0 ? "nested" : ".")
                    .resolve(String.format("run-%03d.%s", fileNo, gpx ? "gpx" : "tcx"));
            if (gpx) {
                SyntheticActivities.writeGpx(file, session);
            } else {
                SyntheticActivities.writeTcx(file, session);
            }
            fileNo++;
        }

        Instant bSpikeStart =
                LocalDate.of(2026, 10, 29).atTime(18, 0).atZone(BERLIN).toInstant();
        String w46 = isoWeek(LocalDate.of(2026, 11, 9));
        assertThat(w46).isEqualTo("2026-W46");

        try (RunLoadApplication app = TestApplications.start(settings)) {
            TestApplications.awaitRunning(app, Duration.ofSeconds(60));
            var profiles = new SpecificAvroSerializer<>(AthleteProfile.class, registry, true);
            List<ProducerRecord<byte[], byte[]>> profileRecords = new ArrayList<>();
            for (AthleteProfile profile : List.of(
                    TestRecords.profile("a").build(),
                    TestRecords.profile("b").setTimezone(BERLIN.getId()).build(),
                    TestRecords.profile("c").setWeekStart(WeekStart.SUNDAY).build())) {
                profileRecords.add(new ProducerRecord<>(
                        topics.athleteProfiles(),
                        profile.getAthleteId().getBytes(StandardCharsets.UTF_8),
                        profiles.serialize(topics.athleteProfiles(), profile)));
            }
            SharedKafkaBroker.produce(profileRecords);

            for (Map.Entry<String, Path> athlete : historyOf.entrySet()) {
                CliRun result = importAll(configFile, athlete.getKey(), athlete.getValue());
                long expectedRuns = runs.stream()
                        .filter(p -> p.athlete().equals(athlete.getKey()))
                        .count();
                assertThat(result.exitCode()).as(result.err()).isZero();
                assertThat(result.out()).contains("Imported " + expectedRuns + " runs");
            }

            Outputs outputs = awaitSummaries(
                    SharedKafkaBroker.bootstrapServers(), topics, registry, runs.size(), Duration.ofMinutes(2));
            assertThat(outputs.summaries()).hasSize(runs.size());
            for (RunSummary s : outputs.summaries().values()) {
                assertThat(s.getStatus()).as(s.getRunId()).isEqualTo(RunStatus.COUNTED);
                assertThat(s.getLoadEstimated())
                        .as("load of %s estimated", s.getStartTime())
                        .isFalse();
                assertThat(s.getHrCoverage())
                        .as("heart-rate coverage of %s", s.getStartTime())
                        .isCloseTo(1.0, within(0.01));
                assertThat(s.getIntensity()).as(s.getRunId()).isEqualTo(IntensityClass.EASY);
                assertThat(s.getTimeInZoneSec().get(0)).as(s.getRunId()).isGreaterThan(0);
            }
            String bSpikeRun = outputs.summaries().values().stream()
                    .filter(s ->
                            s.getAthleteId().equals("b") && s.getStartTime().equals(bSpikeStart))
                    .findFirst()
                    .orElseThrow()
                    .getRunId();
            assertThat(standing(outputs.alerts()))
                    .containsExactlyInAnyOrder(
                            new Expected("a", AlertType.VOLUME_SPIKE, AlertSeverity.INFO, w46),
                            new Expected("b", AlertType.VOLUME_SPIKE, AlertSeverity.WARNING, bSpikeRun));
            assertThat(app.streams().state().isRunningOrRebalancing()).isTrue();
        }
    }

    private static Instant utc(LocalDate day, int hour, int minute) {
        return LocalDateTime.of(day, java.time.LocalTime.of(hour, minute)).toInstant(java.time.ZoneOffset.UTC);
    }

    /** ISO week label, worked out here with java.time rather than by the app's calendar. */
    private static String isoWeek(LocalDate day) {
        return String.format(
                "%d-W%02d", day.get(IsoFields.WEEK_BASED_YEAR), day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }

    /**
     * The alerts that stand: the latest record of each alertId, unless it says it was withdrawn.
     * Alerts carry a {@code status} (ACTIVE or WITHDRAWN) where the schema has one; an alert
     * without it stands.
     */
    static List<Expected> standing(List<AthleteAlert> alerts) {
        Map<String, AthleteAlert> latest = new LinkedHashMap<>();
        for (AthleteAlert alert : alerts) {
            latest.put(alert.getAlertId(), alert);
        }
        List<Expected> out = new ArrayList<>();
        for (AthleteAlert alert : latest.values()) {
            var statusField = alert.getSchema().getField("status");
            Object status = statusField == null ? null : alert.get(statusField.pos());
            if (status != null && !"ACTIVE".equals(status.toString())) {
                continue;
            }
            out.add(new Expected(alert.getAthleteId(), alert.getType(), alert.getSeverity(), alert.getPeriod()));
        }
        return out;
    }

    private record Outputs(Map<String, RunSummary> summaries, List<AthleteAlert> alerts) {}

    /**
     * Reads run summaries and alerts (read_committed) until every run has a summary with all of its
     * heart rate, then a little longer for alerts committed after it; returns what it read by then.
     */
    private static Outputs awaitSummaries(
            String bootstrap, TopicNames topics, SchemaRegistryClient registry, int runs, Duration timeout) {
        var summaryDecoder = new SpecificAvroSerde<>(RunSummary.class, registry, true).deserializer();
        var alertDecoder = new SpecificAvroSerde<>(AthleteAlert.class, registry, true).deserializer();
        Map<String, RunSummary> summaries = new LinkedHashMap<>();
        List<AthleteAlert> alerts = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        long settleUntil = Long.MAX_VALUE;
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(SharedKafkaBroker.readCommittedConsumerConfig(bootstrap))) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(topics.runSummaries(), topics.alerts())) {
                consumer.partitionsFor(topic, Duration.ofSeconds(10))
                        .forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (System.nanoTime() < Math.min(deadline, settleUntil)) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.topic().equals(topics.runSummaries())) {
                        RunSummary s = summaryDecoder.deserialize(r.topic(), r.value());
                        summaries.put(s.getRunId(), s);
                    } else {
                        alerts.add(alertDecoder.deserialize(r.topic(), r.value()));
                    }
                }
                boolean complete = summaries.size() == runs
                        && summaries.values().stream().allMatch(s -> Boolean.FALSE.equals(s.getLoadEstimated()));
                if (complete && settleUntil == Long.MAX_VALUE) {
                    settleUntil = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                } else if (!complete) {
                    settleUntil = Long.MAX_VALUE;
                }
            }
        }
        return new Outputs(summaries, alerts);
    }

    private record CliRun(int exitCode, String out, String err) {}

    /** One {@code runload import} of the athlete's whole history directory. */
    private static CliRun importAll(Path configFile, String athlete, Path history) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cli = RunLoadCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code =
                cli.execute("import", "--config", configFile.toString(), "--athlete-id", athlete, history.toString());
        return new CliRun(code, out.toString(), err.toString());
    }
}
