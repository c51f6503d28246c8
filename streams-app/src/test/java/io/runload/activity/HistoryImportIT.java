package io.runload.activity;

import static io.runload.activity.SyntheticActivities.constant;
import static io.runload.activity.SyntheticActivities.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.runload.avro.RunStatus;
import io.runload.avro.RunSummary;
import io.runload.avro.WeeklyVolume;
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
import java.io.FileWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code runload import} of a directory of mixed files into the in-process broker with the app
 * running: the expected run summaries come out, and importing the same directory again changes no
 * run's status or load and no week's figures.
 */
class HistoryImportIT {

    private static final String ATHLETE = "athlete-import";

    @TempDir
    Path dir;

    @Test
    void importYieldsExpectedSummariesAndReimportChangesNothing() throws Exception {
        Properties settings = TestApplications.isolated("import");
        Path configFile = dir.resolve("runload.properties");
        try (FileWriter w = new FileWriter(configFile.toFile(), StandardCharsets.UTF_8)) {
            settings.store(w, null);
        }
        RunLoadConfig config = RunLoadConfig.load(Map.of(), settings);
        var topics = config.topics();
        SchemaRegistryClient registry = SchemaRegistryClients.forUrl(config.schemaRegistryUrl());

        Path history = Files.createDirectories(dir.resolve("history/2025"));
        Files.copy(Path.of("src/test/resources/activities/real/tcxparser-test.tcx"), history.resolve("old.tcx"));
        Files.copy(
                Path.of("src/test/resources/activities/real/fitparse-garmin-fenix-5-run.fit"),
                history.resolve("fenix5.fit"));
        Instant twoDaysAgo = Instant.now()
                .minus(Duration.ofDays(2))
                .truncatedTo(ChronoUnit.DAYS)
                .plus(Duration.ofHours(7));
        Instant yesterday = twoDaysAgo.plus(Duration.ofDays(1));
        // 45 min at 150 bpm: docs/domain.md's worked TRIMP of 75.33 with the profile below (max 190, resting 60, male).
        SyntheticActivities.writeGpx(history.resolve("constant.gpx"), run(twoDaysAgo, constant(2700, 150, 3.0, 80)));
        SyntheticActivities.writeFit(
                dir.resolve("history/brick.fit"),
                run(yesterday, constant(1800, 140, 3.0, 80)),
                new SyntheticActivities.Session(
                        com.garmin.fit.Sport.CYCLING, yesterday.plusSeconds(1900), constant(1200, 130, 8.0, 90)),
                run(yesterday.plusSeconds(3200), constant(1200, 160, 3.2, 85)));
        SyntheticActivities.truncate(dir.resolve("history/brick.fit"), dir.resolve("history/broken.fit"), 0.5);
        Files.writeString(dir.resolve("history/notes.txt"), "not an activity");

        try (RunLoadApplication app = TestApplications.start(settings)) {
            TestApplications.awaitRunning(app, Duration.ofSeconds(60));
            byte[] profile = new SpecificAvroSerializer<>(io.runload.avro.AthleteProfile.class, registry, true)
                    .serialize(
                            topics.athleteProfiles(),
                            TestRecords.profile(ATHLETE).build());
            SharedKafkaBroker.produce(List.of(
                    new ProducerRecord<>(topics.athleteProfiles(), ATHLETE.getBytes(StandardCharsets.UTF_8), profile)));

            CliRun first = importDirectory(configFile);
            assertThat(first.exitCode).as(first.err).isEqualTo(1);
            assertThat(first.err.lines().toList())
                    .containsExactly(dir.resolve("history/broken.fit") + ": truncated FIT file: header announces "
                            + Files.size(dir.resolve("history/brick.fit")) + " bytes, found "
                            + Files.size(dir.resolve("history/broken.fit")));
            assertThat(first.out).contains("Imported 5 runs").contains("from 4 of 5 files");

            var summaryDeserializer = new SpecificAvroSerde<>(RunSummary.class, registry, true).deserializer();
            List<ConsumerRecord<byte[], byte[]>> summaryRecords =
                    SharedKafkaBroker.consumeAll(topics.runSummaries(), 5, Duration.ofSeconds(90));
            Map<String, RunSummary> summaries = latestBy(
                    summaryRecords,
                    r -> summaryDeserializer.deserialize(topics.runSummaries(), r),
                    RunSummary::getRunId);
            assertThat(summaries).hasSize(5);
            assertThat(summaries.values()).allSatisfy(s -> {
                assertThat(s.getStatus()).isEqualTo(RunStatus.COUNTED);
                assertThat(s.getSource()).isEqualTo("file-import");
                assertThat(s.getLoadEstimated()).isFalse();
            });
            RunSummary constantRun = byStart(summaries, twoDaysAgo);
            assertThat(constantRun.getLoad()).isCloseTo(75.33, within(0.005));
            assertThat(constantRun.getTimeInZoneSec()).containsExactly(0, 2700, 0, 0, 0);
            assertThat(constantRun.getDistanceMeters()).isCloseTo(8100, within(1.0));
            RunSummary brickRun2 = byStart(summaries, yesterday.plusSeconds(3200));
            // 20 min at 160 bpm: x = 100/130; 20 * x * 0.64 * e^(1.92 x) = 20 * 2.1367 = 42.73
            assertThat(brickRun2.getLoad())
                    .isCloseTo(20 * (100 / 130.0) * 0.64 * Math.exp(1.92 * 100 / 130.0), within(1e-6));
            assertThat(byStart(summaries, Instant.parse("2012-12-26T21:29:53Z")).getMaxHr())
                    .isEqualTo(189);

            var weekDeserializer = new SpecificAvroSerde<>(WeeklyVolume.class, registry, true).deserializer();
            Map<String, WeeklyVolume> weeks = latestBy(
                    SharedKafkaBroker.consumeAll(topics.weeklyVolume(), 1, Duration.ofSeconds(30)),
                    r -> weekDeserializer.deserialize(topics.weeklyVolume(), r),
                    w -> w.getWeekStart().toString());
            int summaryCountBefore = summaryRecords.size();

            // Again: the old runs are now late (dead-lettered), the recent ones are re-sent copies of themselves.
            CliRun second = importDirectory(configFile);
            assertThat(second.exitCode).isEqualTo(1);
            assertThat(second.out).contains("Imported 5 runs");
            // Two late runs (2012, 2017) and every one of their samples go to the DLQ with reason "late".
            int lateSamples = 383 + 21;
            List<ConsumerRecord<byte[], byte[]>> dead =
                    SharedKafkaBroker.consumeAll(topics.deadLetters(), 2 + lateSamples, Duration.ofSeconds(90));
            assertThat(dead).hasSize(2 + lateSamples);
            assertThat(dead)
                    .allSatisfy(r -> assertThat(new String(
                                    r.headers().lastHeader("runload.dlq.reason").value(), StandardCharsets.UTF_8))
                            .isEqualTo("late"));
            // The three recent runs are re-summarised (upserts of the same run ids) after their re-sent samples.
            List<ConsumerRecord<byte[], byte[]>> after =
                    SharedKafkaBroker.consumeAll(topics.runSummaries(), summaryCountBefore + 3, Duration.ofSeconds(60));
            Map<String, RunSummary> summariesAfter = latestBy(
                    after, r -> summaryDeserializer.deserialize(topics.runSummaries(), r), RunSummary::getRunId);
            assertThat(summariesAfter.keySet()).isEqualTo(summaries.keySet());
            for (String runId : summaries.keySet()) {
                RunSummary was = summaries.get(runId);
                RunSummary now = summariesAfter.get(runId);
                assertThat(now.getStatus()).as(runId).isEqualTo(RunStatus.COUNTED);
                assertThat(now.getLoad()).as(runId).isEqualTo(was.getLoad());
                assertThat(now.getTimeInZoneSec()).as(runId).isEqualTo(was.getTimeInZoneSec());
                assertThat(now.getDistanceMeters()).as(runId).isEqualTo(was.getDistanceMeters());
                // Not compared: qualityFlags. The pipeline remembers only a run's 8 newest sample times, so
                // re-sent samples of a run still held in its heart-rate state are flagged OUT_OF_ORDER_SAMPLES
                // (credited nothing, so load and zones stay exact). See docs/importing.md.
            }
            Map<String, WeeklyVolume> weeksAfter = latestBy(
                    SharedKafkaBroker.consumeAll(topics.weeklyVolume(), 1, Duration.ofSeconds(10)),
                    r -> weekDeserializer.deserialize(topics.weeklyVolume(), r),
                    w -> w.getWeekStart().toString());
            assertThat(weeksAfter.keySet()).isEqualTo(weeks.keySet());
            for (String week : weeks.keySet()) {
                assertThat(withoutUpdatedAt(weeksAfter.get(week)))
                        .as(week)
                        .isEqualTo(withoutUpdatedAt(weeks.get(week)));
            }
            assertThat(RunLoadPipelineMetrics.get(app, "/metrics")).contains("runload_duplicates_total");
        }
    }

    private static WeeklyVolume withoutUpdatedAt(WeeklyVolume w) {
        return WeeklyVolume.newBuilder(w).setUpdatedAt(Instant.EPOCH).build();
    }

    private static RunSummary byStart(Map<String, RunSummary> summaries, Instant start) {
        return summaries.values().stream()
                .filter(s -> s.getStartTime().equals(start))
                .findFirst()
                .orElseThrow(
                        () -> new AssertionError("no summary of the run at " + start + " in " + summaries.keySet()));
    }

    private static <T> Map<String, T> latestBy(
            List<ConsumerRecord<byte[], byte[]>> records,
            java.util.function.Function<byte[], T> decode,
            java.util.function.Function<T, String> key) {
        Map<String, T> latest = new LinkedHashMap<>();
        records.stream()
                .sorted(java.util.Comparator.comparingLong(ConsumerRecord::offset))
                .map(r -> decode.apply(r.value()))
                .forEach(v -> latest.put(key.apply(v), v));
        return latest;
    }

    private record CliRun(int exitCode, String out, String err) {}

    private CliRun importDirectory(Path configFile) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cli = RunLoadCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(
                "import",
                "--config",
                configFile.toString(),
                "--athlete-id",
                ATHLETE,
                dir.resolve("history").toString());
        return new CliRun(code, out.toString(), err.toString());
    }

    /** Reads the app's HTTP endpoints. */
    private static final class RunLoadPipelineMetrics {
        static String get(RunLoadApplication app, String path) throws Exception {
            var response = java.net.http.HttpClient.newHttpClient()
                    .send(
                            java.net.http.HttpRequest.newBuilder(
                                            java.net.URI.create("http://127.0.0.1:" + app.httpPort() + path))
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString());
            return response.body();
        }
    }
}
