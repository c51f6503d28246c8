package io.runload.bench;

import io.runload.avro.AthleteProfile;
import io.runload.avro.HeartRateSample;
import io.runload.avro.RunEvent;
import io.runload.avro.RunOp;
import io.runload.avro.Sport;
import io.runload.runtime.RunLoadApplication;
import io.runload.runtime.RunLoadConfig;
import io.runload.serde.SchemaRegistryClient;
import io.runload.topology.StoreNames;
import io.runload.topology.TopicNames;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * State per athlete in every store after a realistic history: {@code weeks} of 4 to 6 runs a week
 * (athlete i runs 4 + i mod 3 times), 30 to 75 minutes each, every seventh run hard, each with heart
 * rate every {@code sampleSeconds} followed by its run event, then a closing sample an hour after
 * the last run so that it is summarised too. The data goes through the real topology; the stores
 * are taken from the running topology and measured from their changelogs ({@link ChangelogSnapshot}).
 */
final class HistoryStateFootprint implements AutoCloseable {
    /** Bounded by the query retention rather than by the athlete's working state; reported apart. */
    static final Set<String> QUERY_STORES =
            Set.of(StoreNames.RUN_SUMMARIES, StoreNames.WEEKLY_VOLUME, StoreNames.ALERTS);

    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

    record Result(int athletes, Map<String, ChangelogSnapshot.StoreSize> sizes, ChangelogSnapshot snapshot) {
        double perAthlete(String store) {
            ChangelogSnapshot.StoreSize s = sizes.get(store);
            return s == null ? 0 : (double) s.bytes() / athletes;
        }

        double workingPerAthlete() {
            return sizes.keySet().stream()
                    .filter(s -> !QUERY_STORES.contains(s))
                    .mapToDouble(this::perAthlete)
                    .sum();
        }

        double queryPerAthlete() {
            return sizes.keySet().stream()
                    .filter(QUERY_STORES::contains)
                    .mapToDouble(this::perAthlete)
                    .sum();
        }
    }

    private final String bootstrap;
    private final SchemaRegistryClient registry;
    private final Admin admin;
    private final CommittedProgress progress;
    private final RunLoadConfig config;
    private final BenchAthletes population;
    private final int weeks;
    private final RunLoadApplication app;
    private long processedAtNanos;

    private HistoryStateFootprint(
            String bootstrap,
            SchemaRegistryClient registry,
            Admin admin,
            CommittedProgress progress,
            RunLoadConfig config,
            BenchAthletes population,
            int weeks,
            RunLoadApplication app) {
        this.bootstrap = bootstrap;
        this.registry = registry;
        this.admin = admin;
        this.progress = progress;
        this.config = config;
        this.population = population;
        this.weeks = weeks;
        this.app = app;
    }

    /** Produces the history and processes it in an application of its own, which stays running. */
    static HistoryStateFootprint process(
            String bootstrap,
            SchemaRegistryClient registry,
            Admin admin,
            CommittedProgress progress,
            Path work,
            String prefix,
            int athletes,
            int weeks,
            int sampleSeconds)
            throws Exception {
        long t = System.nanoTime();
        String name = "history-" + prefix.replace("-", "");
        RunLoadConfig config = BenchRun.config(bootstrap, name + ".", "runload-" + name, work.resolve("state-" + name));
        BenchRun.ensureTopics(admin, config);
        BenchAthletes population = new BenchAthletes(prefix, athletes);
        long[] sent = load(bootstrap, registry, config.topics(), population, weeks, sampleSeconds);
        BenchRun.log(
                "history state, %d weeks: %,d athletes, %,d runs and %,d samples produced in %.1f s",
                weeks, athletes, sent[0], sent[1], (System.nanoTime() - t) / 1e9);
        t = System.nanoTime();
        RunLoadApplication app = RunLoadApplication.start(config, Clock.systemUTC());
        HistoryStateFootprint history =
                new HistoryStateFootprint(bootstrap, registry, admin, progress, config, population, weeks, app);
        try {
            history.awaitProcessed();
            BenchRun.awaitLedgers(app.streams(), athletes, Duration.ofMinutes(2));
        } catch (Exception | Error e) {
            history.close();
            throw e;
        }
        BenchRun.log("history state, %d weeks: processed in %.1f s", weeks, (System.nanoTime() - t) / 1e9);
        return history;
    }

    private void awaitProcessed() throws Exception {
        progress.awaitCommitted(
                config.applicationId(), progress.endOffsets(config.topics().inputs()), Duration.ofMinutes(30));
        processedAtNanos = System.nanoTime();
        // Figures from a history the broker thinned out before RunLoad read it would look plausible and be wrong.
        long deleted = progress.startOffsets(config.topics().inputs()).values().stream()
                .mapToLong(Long::longValue)
                .sum();
        if (deleted > 0) {
            throw new IllegalStateException("the broker deleted " + deleted
                    + " input records of the history before they were all processed (topic retention)");
        }
    }

    /**
     * After a back-fill the heart-rate state keeps the back-filled runs' heart rate for a processing-time
     * floor (15 minutes), in case their run events are still queued; it is pruned to the event-time
     * retention by the next sample after that. This waits until {@code settleSeconds} have passed since
     * the history was processed, then sends one sample per athlete (a new activity, now).
     */
    void settle(long settleSeconds) throws Exception {
        long waitNanos = processedAtNanos + settleSeconds * 1_000_000_000L - System.nanoTime();
        if (waitNanos > 0) {
            BenchRun.log(
                    "history state, %d weeks: waiting %.0f s for RunLoad's processing-time floor on heart rate",
                    weeks, waitNanos / 1e9);
            Thread.sleep(waitNanos / 1_000_000);
        }
        try (KafkaProducer<String, HeartRateSample> hr =
                BenchProducers.bulk(bootstrap, HeartRateSample.class, registry)) {
            HeartRateSample sample = BenchAthletes.blankSample();
            long now = System.currentTimeMillis();
            for (int i = 0; i < population.count(); i++) {
                fill(sample, population, i, population.id(i) + "-settled", now, 0, false);
                hr.send(new ProducerRecord<>(config.topics().hrSamples(), null, now, population.id(i), sample));
            }
        }
        awaitProcessed();
    }

    /** Every store of the running application, from its changelog. */
    Result measure(String when) throws Exception {
        List<String> stores = ChangelogSnapshot.storeNames(app.streams(), admin, config.applicationId());
        ChangelogSnapshot snapshot = ChangelogSnapshot.read(bootstrap, admin, config.applicationId(), stores);
        Result result = new Result(population.count(), snapshot.sizes(), snapshot);
        BenchRun.log(
                "history state, %d weeks, %s; stores of the running topology, from their changelogs:", weeks, when);
        for (ChangelogSnapshot.StoreSize s : result.sizes().values()) {
            BenchRun.log(
                    "  %-26s %,9d entries  %,7d athletes  %,9.0f B/athlete%s",
                    s.store(),
                    s.entries(),
                    s.athletes(),
                    result.perAthlete(s.store()),
                    QUERY_STORES.contains(s.store()) ? "  (query retention)" : "");
        }
        BenchRun.log(
                "  total %,.0f B/athlete without the query stores, %,.0f B/athlete in them",
                result.workingPerAthlete(), result.queryPerAthlete());
        return result;
    }

    @Override
    public void close() {
        BenchRun.leaveGroup(app.streams());
        app.close();
    }

    /** Returns {runs, samples} sent. Day by day across athletes, each run's samples before its event. */
    private static long[] load(
            String bootstrap,
            SchemaRegistryClient registry,
            TopicNames topics,
            BenchAthletes population,
            int weeks,
            int sampleSeconds) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate first = today.minusDays(7L * weeks);
        long runs = 0;
        long samples = 0;
        try (KafkaProducer<String, AthleteProfile> profiles =
                        BenchProducers.bulk(bootstrap, AthleteProfile.class, registry);
                KafkaProducer<String, RunEvent> events = BenchProducers.bulk(bootstrap, RunEvent.class, registry);
                KafkaProducer<String, HeartRateSample> hr =
                        BenchProducers.bulk(bootstrap, HeartRateSample.class, registry)) {
            for (int i = 0; i < population.count(); i++) {
                profiles.send(new ProducerRecord<>(topics.athleteProfiles(), population.id(i), population.profile(i)));
            }
            profiles.flush();
            HeartRateSample sample = BenchAthletes.blankSample();
            long[] lastEnd = new long[population.count()];
            // Record timestamps come from the wall clock, as `runload import` stamps them: stamped with
            // their event time, weeks-old samples fall behind `hr-samples`' 14-day time retention and
            // the broker deletes whole segments of them before RunLoad has read them.
            long stamp = Long.MIN_VALUE;
            for (LocalDate day = first; day.isBefore(today); day = day.plusDays(1)) {
                int dayOfWeek = (int) (day.toEpochDay() - first.toEpochDay()) % 7;
                for (int i = 0; i < population.count(); i++) {
                    int ordinal = runOrdinal(4 + i % 3, dayOfWeek);
                    if (ordinal < 0) {
                        continue;
                    }
                    long dayIndex = day.toEpochDay() - first.toEpochDay();
                    int duration = 1800 + (int) ((i * 7L + dayIndex * 131) % 2700);
                    boolean hard = (dayIndex + i) % 7 == 3;
                    Instant start = day.atTime(6 + i % 4, (i * 13) % 60).toInstant(ZoneOffset.UTC);
                    String runId = population.id(i) + "-" + DAY.format(day);
                    stamp = Math.max(System.currentTimeMillis(), stamp + 2);
                    // The watch records to the end: the last sample is the run's last second, so that
                    // RunLoad sees the run's heart rate complete rather than watching it for late samples.
                    for (int s = 0; s < duration; s = nextSecond(s, sampleSeconds, duration)) {
                        fill(sample, population, i, runId, start.toEpochMilli() + s * 1000L, s, hard);
                        hr.send(new ProducerRecord<>(topics.hrSamples(), null, stamp, population.id(i), sample));
                        samples++;
                    }
                    long end = start.toEpochMilli() + duration * 1000L;
                    events.send(new ProducerRecord<>(
                            topics.runs(),
                            null,
                            stamp + 1,
                            population.id(i),
                            run(population, i, runId, start, duration, hard)));
                    lastEnd[i] = end;
                    runs++;
                }
            }
            // Heart rate past each athlete's last run, so that it is summarised without waiting.
            for (int i = 0; i < population.count(); i++) {
                long at = Math.min(lastEnd[i] + 3600_000L, System.currentTimeMillis());
                fill(sample, population, i, population.id(i) + "-closing", at, 0, false);
                hr.send(new ProducerRecord<>(
                        topics.hrSamples(), null, System.currentTimeMillis(), population.id(i), sample));
                samples++;
            }
        }
        return new long[] {runs, samples};
    }

    /** Every {@code step} seconds, and the run's last second. */
    private static int nextSecond(int second, int step, int duration) {
        int last = duration - 1;
        return second < last && second + step > last ? last : second + step;
    }

    /** Which run of the week falls on this day, or -1: 4, 5 or 6 runs spread over 7 days. */
    private static int runOrdinal(int runsPerWeek, int dayOfWeek) {
        int[] days = switch (runsPerWeek) {
            case 4 -> new int[] {0, 2, 4, 6};
            case 5 -> new int[] {0, 1, 3, 4, 6};
            default -> new int[] {0, 1, 2, 4, 5, 6};
        };
        for (int k = 0; k < days.length; k++) {
            if (days[k] == dayOfWeek) {
                return k;
            }
        }
        return -1;
    }

    private static void fill(
            HeartRateSample into,
            BenchAthletes population,
            int i,
            String runId,
            long atMillis,
            int second,
            boolean hard) {
        into.setAthleteId(population.id(i));
        into.setRunId(runId);
        into.setDeviceId("watch-" + i % 97);
        into.setSource("garmin");
        into.setEventTime(Instant.ofEpochMilli(atMillis));
        int warm = Math.min(1, second / 600);
        int drift = (int) Math.round(6 * Math.sin((second + i * 37L) / 120.0));
        into.setBpm((hard ? 150 + 18 * warm : 125 + 10 * warm) + drift);
        into.setSpeedMps(hard ? 3.6 : 2.9 + (second % 5) * 0.05);
        into.setCadenceSpm(hard ? 178 : 166 + second % 9);
        into.setRrIntervalsMs(null);
        into.setPlannedType(null);
    }

    private static RunEvent run(
            BenchAthletes population, int i, String runId, Instant start, int duration, boolean hard) {
        double speed = hard ? 3.6 : 2.9;
        return RunEvent.newBuilder()
                .setRunId(runId)
                .setAthleteId(population.id(i))
                .setSource("garmin")
                .setExternalId("ext-" + runId)
                .setOp(RunOp.UPSERT)
                .setSport(Sport.RUN)
                .setStartTime(start)
                .setTimezone(null)
                .setDurationSec(duration)
                .setMovingTimeSec(duration - 45)
                .setDistanceMeters(duration * speed)
                .setElevationGainMeters(35.0 + i % 50)
                .setPlannedType(null)
                .setUpdatedAt(null)
                .build();
    }

    static Map<String, Object> results(Result eightWeeks, Result oneYear) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (eightWeeks != null) {
            out.put("state_bytes_per_athlete_total", Math.round(eightWeeks.workingPerAthlete()));
            out.put("state_bytes_per_athlete_query_stores", Math.round(eightWeeks.queryPerAthlete()));
            for (String store : eightWeeks.sizes().keySet()) {
                out.put("state_bytes_per_athlete." + store, Math.round(eightWeeks.perAthlete(store)));
            }
        }
        if (oneYear != null) {
            out.put("state_bytes_per_athlete_total_1y", Math.round(oneYear.workingPerAthlete()));
            out.put("state_bytes_per_athlete_query_stores_1y", Math.round(oneYear.queryPerAthlete()));
        }
        return out;
    }
}
