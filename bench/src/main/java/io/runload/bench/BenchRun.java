package io.runload.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.runload.avro.AthleteProfile;
import io.runload.avro.HeartRateSample;
import io.runload.avro.RunEvent;
import io.runload.metrics.RunLoadMetrics;
import io.runload.runtime.EmbeddedKafkaBroker;
import io.runload.runtime.RunLoadApplication;
import io.runload.runtime.RunLoadConfig;
import io.runload.runtime.TopicProvisioner;
import io.runload.serde.InMemorySchemaRegistry;
import io.runload.serde.SchemaRegistryClient;
import io.runload.topology.StoreNames;
import io.runload.topology.TopicNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;

/**
 * The end-to-end benchmark behind {@code bench/run}: one JVM with the in-process broker, the
 * in-memory registry shared by the producers and the app (scope {@code mock://bench}), and RunLoad
 * started exactly as {@code runload run} starts it against an external cluster (production
 * defaults, exactly_once_v2; RUNLOAD_* environment variables still apply, for tuning experiments).
 *
 * <ol>
 *   <li>History: profiles and past runs for every athlete, processed by RunLoad, which is then
 *       closed cleanly (its state stays on disk).</li>
 *   <li>JIT warm-up: a baseline and a RunLoad of their own process samples of other athletes on
 *       other topics, so that the timed apps start in a JVM that has compiled the sample path.</li>
 *   <li>Throughput: N samples pre-loaded; the passthrough baseline, then RunLoad (restarted on its
 *       state), each timed from start until its committed offsets reach the end of the topic.</li>
 *   <li>Latency: half of RunLoad's throughput, with injected easy runs turning hard.</li>
 *   <li>State size per athlete, at N athletes and again at the scale-out population.</li>
 * </ol>
 * The last line printed is the JSON summary.
 */
public final class BenchRun {
    private static final String REGISTRY_URL = "mock://bench";
    private static final int SCALE_RUN_STRIDE = 10;
    private static final int WARM_UP_VIOLATORS = 200;

    public static void main(String[] args) throws Exception {
        if (envLong("BENCH_BACKFILL", 0) == 1) {
            backfillOnly();
            return;
        }
        if (envLong("BENCH_STATE", 0) == 1) {
            stateOnly();
            return;
        }
        long samples = BenchSettings.get("BENCH_SAMPLES", 5_000_000, 100_000);
        int athletes = (int) BenchSettings.get("BENCH_ATHLETES", 10_000, 500);
        int historyRuns = (int) envLong("BENCH_HISTORY_RUNS", 8);
        int scaleAthletes = (int) BenchSettings.get("BENCH_SCALE_ATHLETES", 100_000, 5_000);
        int scaleSamplesPerAthlete = (int) envLong("BENCH_SCALE_SAMPLES_PER_ATHLETE", 5);
        int scaleHistoryRuns = (int) envLong("BENCH_SCALE_HISTORY_RUNS", 1);
        int scaleReference = (int) BenchSettings.get("BENCH_SCALE_REFERENCE_ATHLETES", 10_000, 1_000);
        long compareSamples = envLong("BENCH_COMPARE_INSTANCES_SAMPLES", 0);
        boolean skipLatency = envLong("BENCH_SKIP_LATENCY", 0) == 1;
        int violatorCount = (int) BenchSettings.get("BENCH_VIOLATORS", 200, 50);
        int violatorHz = (int) envLong("BENCH_VIOLATOR_HZ", 20);
        String jfr = System.getenv().getOrDefault("BENCH_JFR", "");
        long warmUpSeconds = BenchSettings.get("BENCH_WARMUP_SECONDS", 60, 10);
        long soakSeconds = BenchSettings.get("BENCH_SOAK_SECONDS", 600, 60);
        long perAthlete = Math.max(1, samples / athletes);
        samples = perAthlete * athletes;

        Path work = Files.createTempDirectory("runload-bench-");
        log(
                "RunLoad benchmark: %,d samples for %,d athletes (%d s of 1 Hz each), %d past runs each; work dir %s",
                samples, athletes, perAthlete, historyRuns, work);
        log(
                "machine: %d cores, max heap %d MB, %s %s",
                Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20,
                System.getProperty("java.vm.name"),
                System.getProperty("java.version"));

        SchemaRegistryClient registry = InMemorySchemaRegistry.forScope("bench");
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Settings.defaults()
                .withDataDirectory(work.resolve("kafka"))
                .withDefaultPartitions(4));
        String bootstrap = broker.bootstrapServers();
        Map<String, Object> results;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            CommittedProgress progress = new CommittedProgress(admin);
            RunLoadConfig config = config(bootstrap, "bench.", "runload-bench", work.resolve("state-main"));
            TopicNames topics = config.topics();
            ensureTopics(admin, config);
            log(
                    "topics: %d partitions, processing.guarantee=%s, commit.interval.ms=%d, cache %d MB",
                    config.topicPartitions(),
                    config.processingGuarantee(),
                    config.commitIntervalMs(),
                    config.cacheMaxBytes() >> 20);

            BenchAthletes steady = new BenchAthletes("a-", athletes);
            BenchAthletes violators = new BenchAthletes("v-", violatorCount);
            LocalDate today = LocalDate.now(ZoneOffset.UTC);

            // 1. History.
            long t = System.nanoTime();
            loadHistory(bootstrap, registry, topics, steady, historyRuns, today);
            loadHistory(bootstrap, registry, topics, violators, 0, today);
            try (RunLoadApplication app = RunLoadApplication.start(config, Clock.systemUTC())) {
                progress.awaitCommitted(
                        config.applicationId(), progress.endOffsets(topics.inputs()), Duration.ofMinutes(10));
                awaitLedgers(app.streams(), historyRuns == 0 ? 0 : athletes, Duration.ofMinutes(2));
                leaveGroup(app);
            }
            log(
                    "history: %,d profiles and %,d past runs processed in %.1f s",
                    athletes + violatorCount, (long) athletes * historyRuns, seconds(t));

            // 2. Throughput, after both apps have warmed the JVM up on their own topics.
            if (warmUpSeconds > 0) {
                warmUp(bootstrap, registry, admin, progress, work, athletes, warmUpSeconds, today);
            }
            long runStart = (System.currentTimeMillis() / 1000) * 1000 - (perAthlete + 3600) * 1000;
            t = System.nanoTime();
            preloadSamples(bootstrap, registry, topics.hrSamples(), steady, 0, perAthlete, runStart);
            double preloadSeconds = seconds(t);
            Map<TopicPartition, Long> sampleEnds = progress.endOffsets(List.of(topics.hrSamples()));
            log("pre-loaded %,d samples in %.1f s (%,.0f/s)", samples, preloadSeconds, samples / preloadSeconds);

            double baselineSeconds = runPassthrough(
                            bootstrap,
                            registry,
                            admin,
                            progress,
                            "bench.",
                            "bench-passthrough",
                            work.resolve("state-baseline"),
                            topics.hrSamples(),
                            config.topicPartitions(),
                            sampleEnds,
                            Duration.ofMinutes(15))
                    / 1e9;
            // The baseline reads the whole topic, including the history phase's few samples.
            long topicRecords =
                    sampleEnds.values().stream().mapToLong(Long::longValue).sum();
            double baselineRate = topicRecords / baselineSeconds;
            log(
                    "baseline (passthrough, same serde and streams properties): %.1f s, %,.0f samples/s",
                    baselineSeconds, baselineRate);

            long alreadyCommitted = progress.committedTotal(config.applicationId(), sampleEnds);
            if (topicRecords - alreadyCommitted != samples) {
                throw new IllegalStateException(
                        "expected " + samples + " new samples, found " + (topicRecords - alreadyCommitted));
            }
            ProfileRecording recording = jfr.isBlank() ? null : ProfileRecording.start(Path.of(jfr));
            t = System.nanoTime();
            RunLoadApplication app = RunLoadApplication.start(config, Clock.systemUTC());
            try {
                long done = progress.awaitCommitted(config.applicationId(), sampleEnds, Duration.ofMinutes(15));
                double runLoadSeconds = (done - t) / 1e9;
                if (recording != null) {
                    recording.stop();
                    log("JFR recording of the RunLoad throughput phase: %s", jfr);
                }
                double runLoadRate = samples / runLoadSeconds;
                log(
                        "RunLoad: %.1f s, %,.0f samples/s (ratio %.2f)",
                        runLoadSeconds, runLoadRate, runLoadRate / baselineRate);

                // 3. Latency at half load.
                double halfRate = runLoadRate / 2;
                long steadyNextT = perAthlete;
                Double p99 = null;
                if (!skipLatency)
                    try (AlertLatencyProbe probe = new AlertLatencyProbe(bootstrap, topics.alerts(), registry);
                            KafkaProducer<String, byte[]> live = BenchProducers.liveEncoded(bootstrap);
                            io.runload.serde.SpecificAvroSerializer<HeartRateSample> encoder =
                                    new io.runload.serde.SpecificAvroSerializer<>(
                                            HeartRateSample.class, registry, true)) {
                        long violatorStart = (System.currentTimeMillis() / 1000) * 1000 - 3600_000L;
                        HalfLoadReplay replay =
                                new HalfLoadReplay(steady, perAthlete, runStart, violators, violatorStart, violatorHz);
                        replay.prepare(value -> encoder.serialize(topics.hrSamples(), value), halfRate, 20, 30);
                        t = System.nanoTime();
                        long sent = replay.run(live, topics.hrSamples(), probe);
                        steadyNextT += replay.steadySent() / athletes + 1;
                        double replaySeconds = seconds(t);
                        Map<TopicPartition, Long> replayEnds = progress.endOffsets(List.of(topics.hrSamples()));
                        long behind = replayEnds.values().stream()
                                        .mapToLong(Long::longValue)
                                        .sum()
                                - progress.committedTotal(config.applicationId(), replayEnds);
                        long deadline = System.nanoTime() + 30_000_000_000L;
                        while (probe.received() < violatorCount && System.nanoTime() < deadline) {
                            Thread.sleep(100);
                        }
                        List<Long> latencies = probe.latencies();
                        p99 = percentile(latencies, violatorCount, 0.99);
                        log(
                                "latency: replay from %s to %s",
                                java.time.Instant.ofEpochMilli(
                                        System.currentTimeMillis() - (long) (replaySeconds * 1000)),
                                java.time.Instant.now());
                        log(
                                "latency: %,d samples in %.1f s (%,.0f/s, target %,.0f/s); %d of %d alerts (%d unmatched); "
                                        + "p50 %s ms, p99 %s ms, max %s ms",
                                sent,
                                replaySeconds,
                                sent / replaySeconds,
                                halfRate,
                                latencies.size(),
                                violatorCount,
                                probe.unmatched(),
                                fmt(percentile(latencies, violatorCount, 0.5)),
                                fmt(p99),
                                latencies.isEmpty() ? "-" : latencies.get(latencies.size() - 1));
                        long[] trend = probe.firstAndLastQuarterMeans();
                        log(
                                "latency: first / last quarter of the alerts (arrival order) %d / %d ms on average; "
                                        + "RunLoad had %,d samples left to commit when the replay ended",
                                trend[0], trend[1], behind);
                        List<Long> until = probe.untilDetected();
                        List<Long> after = probe.afterDetected();
                        log(
                                "latency split at the alert's detectedAt: send -> raised p50 %s / p99 %s ms; raised -> visible p50 %s / p99 %s ms",
                                fmt(percentile(until, until.size(), 0.5)),
                                fmt(percentile(until, until.size(), 0.99)),
                                fmt(percentile(after, after.size(), 0.5)),
                                fmt(percentile(after, after.size(), 0.99)));
                    }

                // Soak at half load on the same instance.
                Map<String, Object> soak = null;
                if (soakSeconds > 0) {
                    soak = SoakRun.run(
                            bootstrap,
                            registry,
                            topics,
                            work.resolve("state-main"),
                            app.streams(),
                            steady,
                            steadyNextT,
                            runStart,
                            halfRate,
                            violatorCount,
                            violatorHz,
                            soakSeconds,
                            today);
                }

                // 4. State size at N athletes.
                Map<String, StoreFootprint.Size> sizes = StoreFootprint.measure(app.streams());
                report(
                        "state at " + athletes + " athletes",
                        sizes,
                        StoreFootprint.rocksDbEstimates(app.streams()),
                        athletes + violatorCount);
                double ledgerPerAthlete = sizes.get(StoreNames.LEDGER).bytesPerAthlete();

                results = new java.util.LinkedHashMap<>();
                results.put("samples_per_sec", Math.round(runLoadRate));
                results.put("baseline_samples_per_sec", Math.round(baselineRate));
                results.put("ratio", round(runLoadRate / baselineRate, 3));
                results.put("p99_alert_latency_ms", p99 == null ? null : Math.round(p99));
                results.put("ledger_bytes_per_athlete", Math.round(ledgerPerAthlete));
                results.put("athletes", athletes);
                results.put("samples", samples);
                if (soak != null) {
                    results.putAll(soak);
                }
            } finally {
                app.close();
            }

            // 6 (optional). The same fresh workload on 1 and then 2 instances of one application.
            if (compareSamples > 0) {
                for (int instances = 1; instances <= 2; instances++) {
                    double rate = instancesThroughput(
                            bootstrap, registry, admin, progress, work, instances, steady, compareSamples);
                    results.put("instances_" + instances + "_samples_per_sec", Math.round(rate));
                }
            }

            // 5. State size per athlete at two populations with the same per-athlete data.
            for (int population : new int[] {scaleReference, scaleAthletes}) {
                if (population > 0) {
                    double ledgerBytes = measureScale(
                            bootstrap,
                            registry,
                            admin,
                            progress,
                            work,
                            population,
                            scaleHistoryRuns,
                            scaleSamplesPerAthlete,
                            today);
                    results.put("scale_ledger_bytes_per_athlete_at_" + population, Math.round(ledgerBytes));
                }
            }

            // 8. All stores after a realistic history, 8 weeks and 1 year; then a simulated million athletes.
            results.putAll(statePhases(bootstrap, registry, admin, progress, work));

            // 7. History back-fill through the import, against its own passthrough baseline.
            if (BackfillBench.enabled()) {
                results.putAll(BackfillBench.measure(bootstrap, registry, admin, progress, work));
            }
        } finally {
            broker.close();
            deleteRecursively(work);
        }
        System.out.println(json(results));
        System.exit(0);
    }

    /** State per athlete in every store (8 weeks, 1 year of history), then the simulated million athletes. */
    private static Map<String, Object> statePhases(
            String bootstrap, SchemaRegistryClient registry, Admin admin, CommittedProgress progress, Path work)
            throws Exception {
        int stateAthletes = (int) BenchSettings.get("BENCH_STATE_ATHLETES", 1_000, 100);
        int stateYearAthletes = (int) BenchSettings.get("BENCH_STATE_1Y_ATHLETES", 200, 20);
        int stateSampleSeconds = (int) BenchSettings.get("BENCH_STATE_SAMPLE_SECONDS", 15, 30);
        int millionAthletes = (int) BenchSettings.get("BENCH_MILLION_ATHLETES", 1_000_000, 20_000);
        long settleSeconds = BenchSettings.get("BENCH_STATE_SETTLE_SECONDS", 960, 0);
        HistoryStateFootprint.Result eightWeeks = null;
        HistoryStateFootprint.Result oneYear = null;
        HistoryStateFootprint eightWeekHistory = null;
        HistoryStateFootprint oneYearHistory = null;
        try {
            if (stateAthletes > 0) {
                eightWeekHistory = HistoryStateFootprint.process(
                        bootstrap, registry, admin, progress, work, "t-", stateAthletes, 8, stateSampleSeconds);
                eightWeeks = eightWeekHistory.measure("as processed");
            }
            if (stateYearAthletes > 0) {
                oneYearHistory = HistoryStateFootprint.process(
                        bootstrap, registry, admin, progress, work, "y-", stateYearAthletes, 52, stateSampleSeconds);
                oneYear = oneYearHistory.measure("as processed");
            }
            // Both wait out the same processing-time floor, so the second costs no extra time.
            if (settleSeconds > 0) {
                if (eightWeekHistory != null) {
                    eightWeekHistory.settle(settleSeconds);
                    eightWeeks = eightWeekHistory.measure("settled");
                }
                if (oneYearHistory != null) {
                    oneYearHistory.settle(settleSeconds);
                    oneYear = oneYearHistory.measure("settled");
                }
            }
        } finally {
            if (eightWeekHistory != null) {
                eightWeekHistory.close();
            }
            if (oneYearHistory != null) {
                oneYearHistory.close();
            }
        }
        Map<String, Object> results = new java.util.LinkedHashMap<>(HistoryStateFootprint.results(eightWeeks, oneYear));
        results.put("state_settle_seconds", settleSeconds);
        if (millionAthletes > 0) {
            if (eightWeeks == null) {
                log("1M: skipped, it copies the 8-week sample (BENCH_STATE_ATHLETES=0)");
            } else {
                results.putAll(
                        MillionAthletes.measure(bootstrap, admin, progress, work, eightWeeks, "t-", millionAthletes));
            }
        }
        return results;
    }

    /** {@code BENCH_STATE=1}: only the state phases, in a broker of their own. */
    private static void stateOnly() throws Exception {
        Path work = Files.createTempDirectory("runload-bench-");
        log("RunLoad state benchmark; work dir %s", work);
        SchemaRegistryClient registry = InMemorySchemaRegistry.forScope("bench");
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Settings.defaults()
                .withDataDirectory(work.resolve("kafka"))
                .withDefaultPartitions(4));
        Map<String, Object> results;
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            results = statePhases(broker.bootstrapServers(), registry, admin, new CommittedProgress(admin), work);
        } finally {
            broker.close();
            deleteRecursively(work);
        }
        System.out.println(json(results));
        System.exit(0);
    }

    /** {@code BENCH_BACKFILL=1}: only the back-fill phase, in a broker of its own. */
    private static void backfillOnly() throws Exception {
        Path work = Files.createTempDirectory("runload-bench-");
        log("RunLoad back-fill benchmark; work dir %s", work);
        log(
                "machine: %d cores, max heap %d MB, %s %s",
                Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20,
                System.getProperty("java.vm.name"),
                System.getProperty("java.version"));
        SchemaRegistryClient registry = InMemorySchemaRegistry.forScope("bench");
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Settings.defaults()
                .withDataDirectory(work.resolve("kafka"))
                .withDefaultPartitions(4));
        Map<String, Object> results;
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            results = BackfillBench.measure(
                    broker.bootstrapServers(), registry, admin, new CommittedProgress(admin), work);
        } finally {
            broker.close();
            deleteRecursively(work);
        }
        System.out.println(json(results));
        System.exit(0);
    }

    /**
     * Closes Streams with a leave-group request, so that the next start gets its partitions at once
     * instead of after the old member's session timeout (which would be timed as RunLoad's).
     */
    /**
     * JIT warm-up, the same for the baseline and RunLoad: each processes {@code seconds} of samples
     * of other athletes on other topics, with its own application id, before the timed runs. A
     * production instance runs for days; without this the timed window also pays the C2
     * compilation of the sample path (measured: C2 threads at 40-45% of the machine throughout
     * an unwarmed 52-s RunLoad phase), which the baseline's smaller code path pays far less of.
     */
    private static void warmUp(
            String bootstrap,
            SchemaRegistryClient registry,
            Admin admin,
            CommittedProgress progress,
            Path work,
            int athletes,
            long seconds,
            LocalDate today)
            throws Exception {
        long t = System.nanoTime();
        RunLoadConfig config = config(bootstrap, "warm.", "runload-warm", work.resolve("state-warm"));
        ensureTopics(admin, config);
        BenchAthletes warm = new BenchAthletes("w-", athletes);
        loadHistory(bootstrap, registry, config.topics(), warm, 1, today);
        preloadSamples(
                bootstrap,
                registry,
                config.topics().hrSamples(),
                warm,
                0,
                seconds,
                (System.currentTimeMillis() / 1000) * 1000 - (seconds + 3600) * 1000);
        // Easy runs turning hard, so that the alert path is compiled too, not first run in the latency phase.
        BenchAthletes warmViolators = new BenchAthletes("wv-", WARM_UP_VIOLATORS);
        loadHistory(bootstrap, registry, config.topics(), warmViolators, 0, today);
        try (KafkaProducer<String, HeartRateSample> producer =
                BenchProducers.bulk(bootstrap, HeartRateSample.class, registry)) {
            HeartRateSample sample = BenchAthletes.blankSample();
            long runStart = (System.currentTimeMillis() / 1000) * 1000 - 2 * 3600_000L;
            for (int second = 0; second < EasyRunTurningHard.SECONDS; second++) {
                for (int j = 0; j < warmViolators.count(); j++) {
                    EasyRunTurningHard.sample(
                            sample, warmViolators.id(j), warmViolators.liveRunId(j), runStart, second);
                    producer.send(new ProducerRecord<>(
                            config.topics().hrSamples(),
                            null,
                            sample.getEventTime().toEpochMilli(),
                            warmViolators.id(j),
                            sample));
                }
            }
        }
        Map<TopicPartition, Long> sampleEnds =
                progress.endOffsets(List.of(config.topics().hrSamples()));
        runPassthrough(
                bootstrap,
                registry,
                admin,
                progress,
                "warm.",
                "warm-passthrough",
                work.resolve("state-warm-baseline"),
                config.topics().hrSamples(),
                config.topicPartitions(),
                sampleEnds,
                Duration.ofMinutes(10));
        try (RunLoadApplication app = RunLoadApplication.start(config, Clock.systemUTC())) {
            progress.awaitCommitted(
                    config.applicationId(), progress.endOffsets(config.topics().inputs()), Duration.ofMinutes(10));
            leaveGroup(app);
        }
        log(
                "JIT warm-up: %,d samples of %,d other athletes (%d of them raising an alert) through the baseline and RunLoad in %.1f s",
                seconds * athletes + (long) WARM_UP_VIOLATORS * EasyRunTurningHard.SECONDS,
                athletes + WARM_UP_VIOLATORS,
                WARM_UP_VIOLATORS,
                seconds(t));
    }

    /**
     * The passthrough baseline, with RunLoad's streams properties, from {@code input} to a new topic
     * {@code <prefix>passthrough.v1}; returns the nanoseconds from its start until it had committed
     * up to {@code ends}.
     */
    private static long runPassthrough(
            String bootstrap,
            SchemaRegistryClient registry,
            Admin admin,
            CommittedProgress progress,
            String prefix,
            String applicationId,
            Path stateDir,
            String input,
            int partitions,
            Map<TopicPartition, Long> ends,
            Duration timeout)
            throws Exception {
        String output = prefix + "passthrough.v1";
        admin.createTopics(List.of(new NewTopic(output, partitions, (short) 1)))
                .all()
                .get();
        Properties properties = RunLoadApplication.streamsProperties(
                config(bootstrap, prefix, applicationId, stateDir),
                bootstrap,
                new RunLoadMetrics(new SimpleMeterRegistry()));
        long start = System.nanoTime();
        try (KafkaStreams baseline = PassthroughBaseline.create(input, output, registry, properties)) {
            baseline.start();
            long done = progress.awaitCommitted(applicationId, ends, timeout);
            leaveGroup(baseline);
            return done - start;
        }
    }

    private static void leaveGroup(RunLoadApplication app) {
        leaveGroup(app.streams());
    }

    static void leaveGroup(KafkaStreams streams) {
        streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(Duration.ofSeconds(30)));
    }

    /**
     * Throughput of {@code instances} RunLoad instances sharing one application id (so the 4
     * partitions are split between them), each from fresh state, on profiles plus samples only.
     */
    private static double instancesThroughput(
            String bootstrap,
            SchemaRegistryClient registry,
            Admin admin,
            CommittedProgress progress,
            Path work,
            int instances,
            BenchAthletes athletes,
            long samples)
            throws Exception {
        String name = "x" + instances;
        RunLoadConfig base =
                config(bootstrap, "bench-" + name + ".", "runload-bench-" + name, work.resolve("state-" + name + "-0"));
        ensureTopics(admin, base);
        loadHistory(bootstrap, registry, base.topics(), athletes, 0, LocalDate.now(ZoneOffset.UTC));
        long perAthlete = Math.max(1, samples / athletes.count());
        preloadSamples(
                bootstrap,
                registry,
                base.topics().hrSamples(),
                athletes,
                1,
                1 + perAthlete,
                (System.currentTimeMillis() / 1000) * 1000 - 5 * 3600_000L);
        Map<TopicPartition, Long> ends = progress.endOffsets(base.topics().inputs());
        long total = ends.values().stream().mapToLong(Long::longValue).sum();
        List<RunLoadApplication> apps = new java.util.ArrayList<>();
        long t = System.nanoTime();
        try {
            for (int i = 0; i < instances; i++) {
                apps.add(RunLoadApplication.start(
                        config(
                                bootstrap,
                                "bench-" + name + ".",
                                "runload-bench-" + name,
                                work.resolve("state-" + name + "-" + i)),
                        Clock.systemUTC()));
            }
            long done = progress.awaitCommitted(base.applicationId(), ends, Duration.ofMinutes(15));
            double rate = total / ((done - t) / 1e9);
            log(
                    "%d instance(s), fresh state: %,d input records (%,d samples) in %.1f s, %,.0f records/s",
                    instances, total, perAthlete * athletes.count(), (done - t) / 1e9, rate);
            return rate;
        } finally {
            apps.forEach(RunLoadApplication::close);
        }
    }

    private static double measureScale(
            String bootstrap,
            SchemaRegistryClient registry,
            Admin admin,
            CommittedProgress progress,
            Path work,
            int population,
            int historyRuns,
            int samplesPerAthlete,
            LocalDate today)
            throws Exception {
        long t = System.nanoTime();
        String name = "scale" + population;
        RunLoadConfig scaleConfig =
                config(bootstrap, "bench-" + name + ".", "runload-bench-" + name, work.resolve("state-" + name));
        ensureTopics(admin, scaleConfig);
        BenchAthletes many = new BenchAthletes("s-", population);
        // Runs cost about 100 samples each; a tenth of the athletes with a ledger is enough to measure one.
        loadHistory(bootstrap, registry, scaleConfig.topics(), many, historyRuns, SCALE_RUN_STRIDE, today);
        preloadSamples(
                bootstrap,
                registry,
                scaleConfig.topics().hrSamples(),
                many,
                0,
                samplesPerAthlete,
                (System.currentTimeMillis() / 1000) * 1000 - 7200_000L);
        try (RunLoadApplication scaleApp = RunLoadApplication.start(scaleConfig, Clock.systemUTC())) {
            progress.awaitCommitted(
                    scaleConfig.applicationId(),
                    progress.endOffsets(scaleConfig.topics().inputs()),
                    Duration.ofMinutes(20));
            awaitLedgers(
                    scaleApp.streams(),
                    historyRuns == 0 ? 0 : (population + SCALE_RUN_STRIDE - 1) / SCALE_RUN_STRIDE,
                    Duration.ofMinutes(2));
            Map<String, StoreFootprint.Size> sizes = StoreFootprint.measure(scaleApp.streams());
            report(
                    String.format(
                            Locale.ROOT,
                            "state at %,d athletes (%d past runs and %d samples each)",
                            population,
                            historyRuns,
                            samplesPerAthlete),
                    sizes,
                    StoreFootprint.rocksDbEstimates(scaleApp.streams()),
                    population);
            log(
                    "  (%,d profiles, %,d runs, %,d samples processed in %.1f s)",
                    population,
                    (long) (population + SCALE_RUN_STRIDE - 1) / SCALE_RUN_STRIDE * historyRuns,
                    (long) population * samplesPerAthlete,
                    seconds(t));
            return sizes.get(StoreNames.LEDGER).bytesPerAthlete();
        }
    }

    /**
     * TopicProvisioner describes the topics right after creating them, which a fresh broker can
     * answer with UnknownTopicOrPartition for a moment; a second try finds them.
     */
    static void ensureTopics(Admin admin, RunLoadConfig config) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                TopicProvisioner.ensure(admin, config.topics(), config.topicPartitions(), config.topicReplication());
                return;
            } catch (IllegalStateException e) {
                if (attempt == 10) {
                    throw e;
                }
                Thread.sleep(500);
            }
        }
    }

    static RunLoadConfig config(String bootstrap, String topicPrefix, String applicationId, Path stateDir) {
        Properties p = new Properties();
        p.setProperty(RunLoadConfig.BOOTSTRAP.key(), bootstrap);
        p.setProperty(RunLoadConfig.REGISTRY.key(), REGISTRY_URL);
        p.setProperty(RunLoadConfig.TOPIC_PREFIX.key(), topicPrefix);
        p.setProperty(RunLoadConfig.APP_ID.key(), applicationId);
        p.setProperty(RunLoadConfig.STATE_DIR.key(), stateDir.toString());
        p.setProperty(RunLoadConfig.HTTP_PORT.key(), "0");
        p.setProperty(RunLoadConfig.HTTP_HOST.key(), "127.0.0.1");
        p.setProperty(RunLoadConfig.SIM_ENABLED.key(), "false");
        // Tuning experiments: any 'streams.*' (or RunLoad) key from a properties file, for the app and the baseline.
        String extra = System.getenv().getOrDefault("BENCH_PROPERTIES", "");
        if (!extra.isBlank()) {
            try (java.io.Reader in = Files.newBufferedReader(Path.of(extra))) {
                p.load(in);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return RunLoadConfig.load(System.getenv(), p);
    }

    static void loadHistory(
            String bootstrap,
            SchemaRegistryClient registry,
            TopicNames topics,
            BenchAthletes athletes,
            int runs,
            LocalDate today) {
        loadHistory(bootstrap, registry, topics, athletes, runs, 1, today);
    }

    /** Profiles for every athlete; past runs for every {@code stride}-th one. */
    private static void loadHistory(
            String bootstrap,
            SchemaRegistryClient registry,
            TopicNames topics,
            BenchAthletes athletes,
            int runs,
            int stride,
            LocalDate today) {
        try (KafkaProducer<String, AthleteProfile> profiles =
                        BenchProducers.bulk(bootstrap, AthleteProfile.class, registry);
                KafkaProducer<String, RunEvent> events = BenchProducers.bulk(bootstrap, RunEvent.class, registry);
                KafkaProducer<String, HeartRateSample> samples =
                        BenchProducers.bulk(bootstrap, HeartRateSample.class, registry)) {
            for (int i = 0; i < athletes.count(); i++) {
                profiles.send(new ProducerRecord<>(topics.athleteProfiles(), athletes.id(i), athletes.profile(i)));
            }
            // The athletes wear a watch: their heart rate has moved past every past run, so RunLoad
            // summarises those runs at once instead of waiting RUNLOAD_RUN_HR_WAIT for samples.
            HeartRateSample sample = BenchAthletes.blankSample();
            long earlier = (System.currentTimeMillis() / 1000) * 1000 - 6 * 3600_000L;
            for (int i = 0; i < athletes.count(); i++) {
                athletes.steadySample(sample, i, 0, earlier);
                sample.setRunId(athletes.id(i) + "-earlier");
                samples.send(new ProducerRecord<>(topics.hrSamples(), null, earlier, athletes.id(i), sample));
            }
            samples.flush();
            // Oldest first for every athlete (a run older than the athlete's latest day minus the grace
            // is late), stamped with the upload time like a platform's run feed.
            for (int k = 0; k < runs; k++) {
                for (int i = 0; i < athletes.count(); i += stride) {
                    RunEvent run = athletes.historyRun(i, k, runs, today);
                    events.send(new ProducerRecord<>(topics.runs(), athletes.id(i), run));
                }
            }
        }
    }

    private static void preloadSamples(
            String bootstrap,
            SchemaRegistryClient registry,
            String topic,
            BenchAthletes athletes,
            long fromT,
            long toT,
            long runStartMillis) {
        HeartRateSample sample = BenchAthletes.blankSample();
        try (KafkaProducer<String, HeartRateSample> producer =
                BenchProducers.bulk(bootstrap, HeartRateSample.class, registry)) {
            // Second by second across all athletes, as live devices would send them.
            for (long t = fromT; t < toT; t++) {
                for (int i = 0; i < athletes.count(); i++) {
                    athletes.steadySample(sample, i, t, runStartMillis);
                    producer.send(new ProducerRecord<>(
                            topic, null, sample.getEventTime().toEpochMilli(), athletes.id(i), sample));
                }
            }
        }
    }

    /** Runs wait up to RUNLOAD_RUN_HR_WAIT for heart rate that never comes; the ledgers are complete once they are released. */
    static void awaitLedgers(KafkaStreams streams, int expected, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long ledgers = 0;
            long pending = 0;
            try {
                ledgers = count(streams, StoreNames.LEDGER);
                pending = count(streams, StoreNames.PENDING_RUNS);
            } catch (RuntimeException notQueryableYet) {
                ledgers = -1;
            }
            if (ledgers >= expected && pending == 0) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "ledgers " + ledgers + " of " + expected + ", " + pending + " runs pending");
            }
            Thread.sleep(500);
        }
    }

    private static long count(KafkaStreams streams, String store) {
        long n = 0;
        try (KeyValueIterator<String, Object> it = streams.store(
                        StoreQueryParameters
                                .<org.apache.kafka.streams.state.ReadOnlyKeyValueStore<String, Object>>fromNameAndType(
                                        store, QueryableStoreTypes.keyValueStore()))
                .all()) {
            while (it.hasNext()) {
                it.next();
                n++;
            }
        }
        return n;
    }

    private static void report(
            String title, Map<String, StoreFootprint.Size> sizes, Map<String, long[]> rocks, int athletes) {
        log("%s (logical bytes: key + encoded value; RocksDB: estimate-live-data-size / sst / memtables):", title);
        for (StoreFootprint.Size s : sizes.values()) {
            long[] r = rocks.getOrDefault(s.store(), new long[3]);
            log(
                    "  %-24s %,9d entries  %,7d athletes  %,8.0f B/athlete  (%,.0f B/athlete over all %,d)  RocksDB %,d / %,d / %,d",
                    s.store(),
                    s.entries(),
                    s.athletes(),
                    s.bytesPerAthlete(),
                    (double) s.bytes() / athletes,
                    athletes,
                    r[0],
                    r[1],
                    r[2]);
        }
    }

    /** Nearest-rank percentile; alerts that never arrived count as infinitely late (then null). */
    static Double percentile(List<Long> sorted, int expected, double p) {
        int n = Math.max(expected, sorted.size());
        if (n == 0) {
            return null;
        }
        int rank = (int) Math.ceil(p * n) - 1;
        return rank < sorted.size() ? (double) sorted.get(rank) : null;
    }

    private static String fmt(Double d) {
        return d == null ? "n/a" : String.format(Locale.ROOT, "%.0f", d);
    }

    private static double round(double v, int places) {
        double f = Math.pow(10, places);
        return Math.round(v * f) / f;
    }

    static String json(Map<String, Object> values) {
        StringBuilder sb = new StringBuilder("{");
        for (Map.Entry<String, Object> e : values.entrySet()) {
            if (sb.length() > 1) {
                sb.append(", ");
            }
            sb.append('"').append(e.getKey()).append("\": ").append(jsonValue(e.getValue()));
        }
        return sb.append('}').toString();
    }

    private static String jsonValue(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof CharSequence text) {
            return '"' + text.toString().replace("\\", "\\\\").replace("\"", "\\\"") + '"';
        }
        if (v instanceof List<?> list) {
            StringBuilder sb = new StringBuilder("[");
            for (Object item : list) {
                if (sb.length() > 1) {
                    sb.append(", ");
                }
                sb.append(jsonValue(item));
            }
            return sb.append(']').toString();
        }
        return v.toString();
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static long envLong(String name, long fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : Long.parseLong(v.trim().replace("_", ""));
    }

    static void log(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, format, args));
        System.out.flush();
    }

    private static void deleteRecursively(Path dir) throws java.io.IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(f -> f.toFile().delete());
        }
    }
}
