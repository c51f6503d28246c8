package io.runload.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.runload.activity.HistoryImport;
import io.runload.activity.ImportProgress;
import io.runload.activity.ImportReport;
import io.runload.activity.KafkaImportSink;
import io.runload.avro.AthleteProfile;
import io.runload.avro.RunSummary;
import io.runload.metrics.RunLoadMetrics;
import io.runload.runtime.RunLoadApplication;
import io.runload.runtime.RunLoadConfig;
import io.runload.serde.SchemaRegistryClient;
import io.runload.serde.SpecificAvroDeserializer;
import io.runload.topology.TopicNames;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.KafkaStreams;

/**
 * History back-fill, end to end: the path every new athlete takes. Activity files (TCX, written
 * here) for N athletes x W weeks go through the real import ({@link HistoryImport} into a
 * {@link KafkaImportSink}, one import per athlete with all of its files, as {@code runload import}
 * does) while the pipeline runs; the clock stops when the pipeline has committed every input
 * record and a read_committed consumer has seen a summary of every run.
 *
 * <p>Baseline, in the same JVM and broker: the same files imported the same way into topics of
 * their own, while the passthrough app (decode and re-encode every sample, same streams
 * properties) drains them, timed the same way until it has committed every sample. The baseline
 * goes first; a warm-up import into topics nobody reads precedes both, so neither pays the JIT
 * compilation of the file parsing.
 *
 * <p>Then the pipeline alone: a fresh passthrough and a fresh RunLoad (new application ids, empty
 * state) each drain what the import left on their topics, timed from start until their committed
 * offsets reach the end. End to end, the import is usually the bottleneck; the drain shows how
 * fast the pipeline takes a back-fill that is already on the topics.
 *
 * <p>Environment: BENCH_BACKFILL_ATHLETES (10, 0 skips the phase), BENCH_BACKFILL_WEEKS (8),
 * BENCH_BACKFILL_RUNS_PER_WEEK (4), BENCH_BACKFILL_RUN_SECONDS (2400, 1 Hz samples),
 * BENCH_BACKFILL_JFR (a file: a JFR profile of RunLoad's timed back-fill, the import threads included).
 */
final class BackfillBench {
    private static final String SOURCE = "file-import";

    private BackfillBench() {}

    static boolean enabled() {
        return BenchSettings.get("BENCH_BACKFILL_ATHLETES", 10, 3) > 0;
    }

    static Map<String, Object> measure(
            String bootstrap, SchemaRegistryClient registry, Admin admin, CommittedProgress progress, Path work)
            throws Exception {
        int athletes = (int) BenchSettings.get("BENCH_BACKFILL_ATHLETES", 10, 3);
        int weeks = (int) BenchSettings.get("BENCH_BACKFILL_WEEKS", 8, 2);
        int runsPerWeek = (int) Math.min(7, BenchSettings.get("BENCH_BACKFILL_RUNS_PER_WEEK", 4, 3));
        int runSeconds = (int) BenchSettings.get("BENCH_BACKFILL_RUN_SECONDS", 2400, 900);
        BenchAthletes population = new BenchAthletes("bf-", athletes);

        long t = System.nanoTime();
        Path files = work.resolve("backfill-files");
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        for (int i = 0; i < athletes; i++) {
            writeHistory(files.resolve(population.id(i)), i, weeks, runsPerWeek, runSeconds, today);
        }
        long runs = (long) athletes * weeks * runsPerWeek;
        BenchRun.log(
                "back-fill: wrote %,d TCX files (%d athletes x %d weeks x %d runs of %d s) in %.1f s",
                runs, athletes, weeks, runsPerWeek, runSeconds, (System.nanoTime() - t) / 1e9);

        // JIT warm-up of the file parsing and the import, into topics nobody reads, so that neither
        // timed phase pays it.
        RunLoadConfig warmConfig =
                BenchRun.config(bootstrap, "bfwarm.", "bench-backfill-warm", work.resolve("state-bf-warm"));
        BenchRun.ensureTopics(admin, warmConfig);
        t = System.nanoTime();
        importAll(bootstrap, registry, warmConfig.topics(), population, files);
        BenchRun.log("back-fill: warm-up import in %.1f s", (System.nanoTime() - t) / 1e9);

        // Baseline: the same import, drained by the passthrough app.
        RunLoadConfig baseConfig =
                BenchRun.config(bootstrap, "bfbase.", "bench-backfill-passthrough", work.resolve("state-bf-base"));
        BenchRun.ensureTopics(admin, baseConfig);
        String passthroughOut = "bfbase.passthrough.v1";
        admin.createTopics(List.of(new NewTopic(passthroughOut, baseConfig.topicPartitions(), (short) 1)))
                .all()
                .get();
        Properties baseProperties = RunLoadApplication.streamsProperties(
                baseConfig, bootstrap, new RunLoadMetrics(new SimpleMeterRegistry()));
        Timed baseline;
        try (KafkaStreams passthrough =
                PassthroughBaseline.create(baseConfig.topics().hrSamples(), passthroughOut, registry, baseProperties)) {
            passthrough.start();
            awaitRunning(passthrough);
            long start = System.nanoTime();
            Imported imported = importAll(bootstrap, registry, baseConfig.topics(), population, files);
            Map<TopicPartition, Long> ends =
                    progress.endOffsets(List.of(baseConfig.topics().hrSamples()));
            long done = progress.awaitCommitted(baseConfig.applicationId(), ends, Duration.ofMinutes(30));
            baseline = new Timed(imported, (imported.endNanos() - start) / 1e9, (done - start) / 1e9);
            BenchRun.leaveGroup(passthrough);
        }
        BenchRun.log(
                "back-fill baseline (passthrough): %,d runs, %,d samples; import %.1f s, committed after %.1f s: %,.0f samples/s",
                baseline.imported().runs(),
                baseline.imported().samples(),
                baseline.importSeconds(),
                baseline.seconds(),
                baseline.imported().samples() / baseline.seconds());

        // RunLoad: profiles first (a new athlete's runs wait for the first one), then the import.
        RunLoadConfig config = BenchRun.config(bootstrap, "bf.", "runload-backfill", work.resolve("state-bf"));
        BenchRun.ensureTopics(admin, config);
        TopicNames topics = config.topics();
        try (KafkaProducer<String, AthleteProfile> profiles =
                BenchProducers.bulk(bootstrap, AthleteProfile.class, registry)) {
            for (int i = 0; i < athletes; i++) {
                profiles.send(new ProducerRecord<>(topics.athleteProfiles(), population.id(i), population.profile(i)));
            }
        }
        Timed runLoad;
        SummaryCount summaries;
        String jfr = System.getenv().getOrDefault("BENCH_BACKFILL_JFR", "");
        try (RunLoadApplication app = RunLoadApplication.start(config, Clock.systemUTC());
                SummaryWatch watch = new SummaryWatch(bootstrap, topics.runSummaries(), registry)) {
            awaitRunning(app.streams());
            ProfileRecording recording = jfr.isBlank() ? null : ProfileRecording.start(Path.of(jfr));
            long start = System.nanoTime();
            Imported imported = importAll(bootstrap, registry, topics, population, files);
            progress.awaitCommitted(
                    config.applicationId(), progress.endOffsets(topics.inputs()), Duration.ofMinutes(30));
            summaries = watch.awaitRuns(imported.runs(), Duration.ofMinutes(5));
            long done = summaries.seenAtNanos();
            runLoad = new Timed(imported, (imported.endNanos() - start) / 1e9, (done - start) / 1e9);
            if (recording != null) {
                recording.stop();
                BenchRun.log("JFR recording of the RunLoad back-fill phase (import and pipeline): %s", jfr);
            }
            BenchRun.leaveGroup(app.streams());
        }
        // The pipeline alone: a fresh application of each kind drains what is now on the topics.
        Map<TopicPartition, Long> baseEnds =
                progress.endOffsets(List.of(baseConfig.topics().hrSamples()));
        RunLoadConfig drainBaseConfig = BenchRun.config(
                bootstrap, "bfbase.", "bench-backfill-passthrough-drain", work.resolve("state-bf-base-drain"));
        admin.createTopics(List.of(new NewTopic("bfbase.drain.v1", baseConfig.topicPartitions(), (short) 1)))
                .all()
                .get();
        double drainBaselineSeconds;
        try (KafkaStreams passthrough = PassthroughBaseline.create(
                baseConfig.topics().hrSamples(),
                "bfbase.drain.v1",
                registry,
                RunLoadApplication.streamsProperties(
                        drainBaseConfig, bootstrap, new RunLoadMetrics(new SimpleMeterRegistry())))) {
            long start = System.nanoTime();
            passthrough.start();
            drainBaselineSeconds =
                    (progress.awaitCommitted(drainBaseConfig.applicationId(), baseEnds, Duration.ofMinutes(30)) - start)
                            / 1e9;
            BenchRun.leaveGroup(passthrough);
        }
        RunLoadConfig drainConfig =
                BenchRun.config(bootstrap, "bf.", "runload-backfill-drain", work.resolve("state-bf-drain"));
        Map<TopicPartition, Long> inputEnds = progress.endOffsets(topics.inputs());
        double drainSeconds;
        try (RunLoadApplication app = RunLoadApplication.start(drainConfig, Clock.systemUTC())) {
            long start = System.nanoTime();
            drainSeconds =
                    (progress.awaitCommitted(drainConfig.applicationId(), inputEnds, Duration.ofMinutes(30)) - start)
                            / 1e9;
            BenchRun.leaveGroup(app.streams());
        }
        long samplesOnTopic = baseline.imported().samples();
        BenchRun.log(
                "back-fill drain of the imported topics by a fresh application: passthrough %.1f s (%,.0f samples/s), "
                        + "RunLoad %.1f s (%,.0f samples/s, ratio %.2f)",
                drainBaselineSeconds,
                samplesOnTopic / drainBaselineSeconds,
                drainSeconds,
                runLoad.imported().samples() / drainSeconds,
                (runLoad.imported().samples() / drainSeconds) / (samplesOnTopic / drainBaselineSeconds));

        double runsPerSec = runLoad.imported().runs() / runLoad.seconds();
        double samplesPerSec = runLoad.imported().samples() / runLoad.seconds();
        double baselineRate = baseline.imported().samples() / baseline.seconds();
        BenchRun.log(
                "back-fill RunLoad: import %.1f s, every run summarised and committed after %.1f s: %,.1f runs/s, "
                        + "%,.0f samples/s (ratio %.2f to the baseline); %d of %d summaries without heart rate",
                runLoad.importSeconds(),
                runLoad.seconds(),
                runsPerSec,
                samplesPerSec,
                samplesPerSec / baselineRate,
                summaries.withoutHeartRate(),
                summaries.runs());

        Map<String, Object> results = new LinkedHashMap<>();
        results.put("backfill_runs_per_sec", round(runsPerSec, 2));
        results.put("backfill_samples_per_sec", Math.round(samplesPerSec));
        results.put("backfill_baseline_samples_per_sec", Math.round(baselineRate));
        results.put("backfill_ratio", round(samplesPerSec / baselineRate, 3));
        results.put(
                "backfill_import_only_samples_per_sec",
                Math.round(runLoad.imported().samples() / runLoad.importSeconds()));
        results.put(
                "backfill_drain_samples_per_sec", Math.round(runLoad.imported().samples() / drainSeconds));
        results.put("backfill_drain_baseline_samples_per_sec", Math.round(samplesOnTopic / drainBaselineSeconds));
        results.put(
                "backfill_drain_ratio",
                round((runLoad.imported().samples() / drainSeconds) / (samplesOnTopic / drainBaselineSeconds), 3));
        results.put("backfill_runs", runLoad.imported().runs());
        results.put("backfill_samples", runLoad.imported().samples());
        results.put("backfill_runs_without_hr", summaries.withoutHeartRate());
        return results;
    }

    private record Imported(int runs, long samples, long endNanos) {}

    private record Timed(Imported imported, double importSeconds, double seconds) {}

    /** One import per athlete, each with all of that athlete's files, one after the other (as a user runs them). */
    private static Imported importAll(
            String bootstrap, SchemaRegistryClient registry, TopicNames topics, BenchAthletes population, Path files) {
        int runs = 0;
        long samples = 0;
        for (int i = 0; i < population.count(); i++) {
            try (KafkaImportSink sink = new KafkaImportSink(
                    bootstrap, topics.hrSamples(), topics.runs(), registry, true, Clock.systemUTC())) {
                ImportReport report = new HistoryImport(
                                new HistoryImport.Options(population.id(i), SOURCE, null, null),
                                sink,
                                ImportProgress.disabled(),
                                Clock.systemUTC())
                        .importPaths(List.of(files.resolve(population.id(i))));
                if (!report.succeeded()) {
                    throw new IllegalStateException("import of " + population.id(i) + " failed: " + report.failures());
                }
                runs += report.runsSent();
                samples += report.samplesSent();
            }
        }
        return new Imported(runs, samples, System.nanoTime());
    }

    /**
     * Runs on {@code runsPerWeek} different days of each of the weeks before the current one, at 07:00 UTC. Heart
     * rate drifts slowly with some beat-to-beat noise inside the easy zones, speed around 2.9 m/s.
     */
    private static void writeHistory(Path dir, int athlete, int weeks, int runsPerWeek, int runSeconds, LocalDate today)
            throws IOException {
        Files.createDirectories(dir);
        // Whole weeks before the current one, so that no run is in the future.
        LocalDate firstMonday = today.with(java.time.DayOfWeek.MONDAY).minusWeeks(weeks);
        for (int w = 0; w < weeks; w++) {
            for (int r = 0; r < runsPerWeek; r++) {
                LocalDate day = firstMonday.plusWeeks(w).plusDays(r * 7L / runsPerWeek);
                Instant start = day.atTime(7, 0).plusMinutes(r).toInstant(ZoneOffset.UTC);
                writeTcx(dir.resolve(String.format("run-%02d-%d.tcx", w, r)), start, athlete, runSeconds);
            }
        }
    }

    private static void writeTcx(Path file, Instant start, int athlete, int seconds) throws IOException {
        try (BufferedWriter x = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            x.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                    + "<TrainingCenterDatabase xmlns=\"http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2\""
                    + " xmlns:ns3=\"http://www.garmin.com/xmlschemas/ActivityExtension/v2\">\n"
                    + " <Activities>\n  <Activity Sport=\"Running\">\n   <Id>" + start + "</Id>\n"
                    + "   <Lap StartTime=\"" + start + "\">\n    <TotalTimeSeconds>" + seconds
                    + "</TotalTimeSeconds>\n");
            double distance = 0;
            StringBuilder track = new StringBuilder(seconds * 200);
            for (int s = 0; s <= seconds; s++) {
                double speed = 2.9 + ((s + athlete) % 5) * 0.05;
                int drift = (int) Math.round(8 * Math.sin((s + athlete * 37L) / 90.0));
                int bpm = 135 + drift + (int) ((s * 31L + athlete * 17L) % 7) - 3;
                track.append("     <Trackpoint><Time>")
                        .append(start.plusSeconds(s))
                        .append("</Time><DistanceMeters>")
                        .append(String.format(Locale.ROOT, "%.1f", distance))
                        .append("</DistanceMeters><HeartRateBpm><Value>")
                        .append(bpm)
                        .append("</Value></HeartRateBpm><Extensions><ns3:TPX><ns3:Speed>")
                        .append(String.format(Locale.ROOT, "%.2f", speed))
                        .append("</ns3:Speed><ns3:RunCadence>")
                        .append(83 + (s + athlete) % 4)
                        .append("</ns3:RunCadence></ns3:TPX></Extensions></Trackpoint>\n");
                distance += speed;
            }
            x.write("    <DistanceMeters>" + String.format(Locale.ROOT, "%.1f", distance)
                    + "</DistanceMeters>\n    <Track>\n");
            x.write(track.toString());
            x.write("    </Track>\n   </Lap>\n  </Activity>\n </Activities>\n</TrainingCenterDatabase>\n");
        }
    }

    private record SummaryCount(int runs, int withoutHeartRate, long seenAtNanos) {}

    /** Follows the run summaries (read_committed) from the start, keeping the latest per run. */
    private static final class SummaryWatch implements AutoCloseable {
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final SpecificAvroDeserializer<RunSummary> decoder;
        private final String topic;
        private final Map<String, Boolean> estimatedByRun = new HashMap<>();

        SummaryWatch(String bootstrap, String topic, SchemaRegistryClient registry) {
            this.topic = topic;
            this.decoder = new SpecificAvroDeserializer<>(RunSummary.class, registry);
            this.consumer = new KafkaConsumer<>(
                    Map.of(
                            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                            bootstrap,
                            ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                            "read_committed",
                            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                            false,
                            ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                            5000),
                    new ByteArrayDeserializer(),
                    new ByteArrayDeserializer());
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }

        /** Polls until every run has a summary that is not estimated, or until the timeout (then it reports what it saw). */
        SummaryCount awaitRuns(int runs, Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    RunSummary s = decoder.deserialize(topic, r.value());
                    estimatedByRun.put(s.getRunId(), Boolean.TRUE.equals(s.getLoadEstimated()));
                }
                if (estimatedByRun.size() >= runs && !estimatedByRun.containsValue(true)) {
                    return new SummaryCount(estimatedByRun.size(), 0, System.nanoTime());
                }
            }
            int estimated = (int) estimatedByRun.values().stream()
                    .filter(Boolean::booleanValue)
                    .count();
            BenchRun.log(
                    "back-fill: only %d of %d runs summarised with heart rate after %s",
                    estimatedByRun.size() - estimated, runs, timeout);
            return new SummaryCount(estimatedByRun.size(), estimated, System.nanoTime());
        }

        @Override
        public void close() {
            consumer.close();
        }
    }

    private static void awaitRunning(KafkaStreams streams) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    private static double round(double v, int places) {
        double scale = Math.pow(10, places);
        return Math.round(v * scale) / scale;
    }
}
