package io.runload.bench;

import io.runload.avro.HeartRateSample;
import io.runload.serde.SchemaRegistryClient;
import io.runload.serde.SpecificAvroSerializer;
import io.runload.topology.StoreNames;
import io.runload.topology.TopicNames;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Soak at half load: minute after minute of {@link HalfLoadReplay} (the steady athletes carry on, and
 * a new set of athletes per minute runs easy turning hard). After each minute: the heap after a full
 * collection, RocksDB's size on disk, RunLoad's state (every entry of its stores, measured as
 * {@link StoreFootprint} does) and the p99 alert latency of that minute. The drift verdict fits a
 * line through each series after the first minute, and tells a series still rising at the end from
 * one levelling off.
 */
final class SoakRun {
    /** A fitted change over the soak above this share of the mean counts as drift. */
    static final double DRIFT_SHARE = 0.10;

    /**
     * Samples left out of the fit. The first minute follows the throughput phase directly, while the
     * record caches, memtables and the decoded states of the soak's first athletes still fill.
     */
    static final int WARM_UP_SAMPLES = 1;

    /**
     * Growth whose fitted rate over the second half of the soak is at most this share of the rate
     * over the first half is levelling off. A constant leak keeps the rate (ratio 1); a cache filling
     * towards its capacity, approached like 1 - e^(-t/tau), has the ratio e^(-T/(2 tau)) over a soak
     * of length T, at most one half when tau <= T / (2 ln 2), about 0.72 T, so when most of the
     * level is reached within the soak; a cache that hits its capacity mid-soak gives about 0.
     */
    static final double LEVELLING_RATIO = 0.5;

    /**
     * One minute of the soak. {@code heapBytes} is null when no full collection could be confirmed
     * for it: {@code System.gc()} is skipped silently while a JNI critical section (RocksDB's) is
     * held or when another collection slips in first, and the heap read afterwards then holds that
     * minute's garbage.
     */
    record Sample(double atSeconds, Long heapBytes, long rocksDbBytes, long stateBytes, Double p99Ms, long sent) {}

    /** The series the verdict is given for. */
    enum Measure {
        HEAP,
        ROCKSDB,
        STATE;

        Long of(Sample s) {
            return switch (this) {
                case HEAP -> s.heapBytes();
                case ROCKSDB -> s.rocksDbBytes();
                case STATE -> s.stateBytes();
            };
        }
    }

    private SoakRun() {}

    static Map<String, Object> run(
            String bootstrap,
            SchemaRegistryClient registry,
            TopicNames topics,
            Path stateDir,
            KafkaStreams streams,
            BenchAthletes steady,
            long steadyNextT,
            long steadyRunStart,
            double halfRate,
            int violatorCount,
            int violatorHz,
            long soakSeconds,
            LocalDate today)
            throws Exception {
        List<Sample> samples = new ArrayList<>();
        long start = System.nanoTime();
        long nextT = steadyNextT;
        int minute = 0;
        try (AlertLatencyProbe probe = new AlertLatencyProbe(bootstrap, topics.alerts(), registry);
                KafkaProducer<String, byte[]> live = BenchProducers.liveEncoded(bootstrap);
                SpecificAvroSerializer<HeartRateSample> encoder =
                        new SpecificAvroSerializer<>(HeartRateSample.class, registry, true)) {
            while ((System.nanoTime() - start) / 1e9 < soakSeconds) {
                BenchAthletes violators = new BenchAthletes("k" + minute + "-", violatorCount);
                BenchRun.loadHistory(bootstrap, registry, topics, violators, 0, today);
                long violatorStart = (System.currentTimeMillis() / 1000) * 1000 - 3600_000L;
                HalfLoadReplay replay =
                        new HalfLoadReplay(steady, nextT, steadyRunStart, violators, violatorStart, violatorHz);
                replay.prepare(value -> encoder.serialize(topics.hrSamples(), value), halfRate, 20, 60);
                probe.reset();
                long sent = replay.run(live, topics.hrSamples(), probe);
                nextT += replay.steadySent() / steady.count() + 1;
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (probe.received() < violatorCount && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                Double p99 = BenchRun.percentile(probe.latencies(), violatorCount, 0.99);
                double at = (System.nanoTime() - start) / 1e9;
                Map<String, StoreFootprint.Size> state = StoreFootprint.measure(streams);
                long stateBytes = state.values().stream()
                        .mapToLong(StoreFootprint.Size::bytes)
                        .sum();
                StoreFootprint.Size heartRate = state.get(StoreNames.HEART_RATE);
                StoreFootprint.Size heartRateRuns = state.get(StoreNames.HEART_RATE_RUNS);
                long[] rocks = new long[3];
                StoreFootprint.rocksDbEstimates(streams).values().forEach(v -> {
                    for (int i = 0; i < rocks.length; i++) {
                        rocks[i] += v[i];
                    }
                });
                Sample s = new Sample(
                        at, heapAfterFullGc(), MillionAthletes.directoryBytes(stateDir), stateBytes, p99, sent);
                samples.add(s);
                BenchRun.log(
                        "soak %4.0f s: heap after full GC %s bytes, RocksDB %,d bytes on disk (%,d in SST files, "
                                + "%,d in memtables), state %,d bytes (%s %,d bytes, %,d athletes; %s %,d bytes), "
                                + "p99 alert latency %s ms (%d of %d alerts), %,d samples sent",
                        s.atSeconds(),
                        s.heapBytes() == null
                                ? "n/a (no full collection confirmed)"
                                : String.format(Locale.ROOT, "%,d", s.heapBytes()),
                        s.rocksDbBytes(),
                        rocks[1],
                        rocks[2],
                        stateBytes,
                        StoreNames.HEART_RATE,
                        heartRate.bytes(),
                        heartRate.athletes(),
                        StoreNames.HEART_RATE_RUNS,
                        heartRateRuns.bytes(),
                        p99 == null ? "n/a" : String.format(Locale.ROOT, "%.0f", p99),
                        probe.latencies().size(),
                        violatorCount,
                        sent);
                minute++;
            }
        }
        Sample first = samples.get(0);
        Sample last = samples.get(samples.size() - 1);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("soak_seconds", Math.round(last.atSeconds()));
        out.put("soak_p99_ms_last_minute", last.p99Ms() == null ? null : Math.round(last.p99Ms()));
        List<Sample> measured =
                samples.stream().filter(x -> x.heapBytes() != null).toList();
        out.put(
                "soak_heap_after_gc_bytes",
                measured.isEmpty()
                        ? null
                        : List.of(
                                measured.get(0).heapBytes(),
                                measured.get(measured.size() - 1).heapBytes()));
        out.put("soak_heap_samples_without_full_gc", samples.size() - measured.size());
        out.put("soak_rocksdb_bytes", List.of(first.rocksDbBytes(), last.rocksDbBytes()));
        out.put("soak_state_bytes", List.of(first.stateBytes(), last.stateBytes()));
        List<String> verdicts = new ArrayList<>();
        for (Measure m : Measure.values()) {
            String name = m.name().toLowerCase(Locale.ROOT);
            List<Sample> fitted = afterWarmUp(samples, m);
            double slope = slope(fitted, m);
            String verdict = drift(samples, m);
            out.put("soak_" + name + "_bytes_per_min", Math.round(slope * 60));
            verdicts.add(name + " " + verdict);
            BenchRun.log(
                    "soak: %s %s (%,.0f bytes/min fitted over %d samples after the first; first half %,.0f, "
                            + "second half %,.0f bytes/min)",
                    name,
                    verdict,
                    slope * 60,
                    fitted.size(),
                    slope(firstHalf(fitted), m) * 60,
                    slope(secondHalf(fitted), m) * 60);
        }
        out.put("soak_drift", String.join(", ", verdicts));
        return out;
    }

    /**
     * The heap in use right after a full collection, as that collection reports it, so that what
     * other threads allocate between the collection and the read does not count; retried, because
     * {@code System.gc()} can return without one. Null when none ran.
     */
    static Long heapAfterFullGc() {
        GarbageCollectorMXBean full = ManagementFactory.getGarbageCollectorMXBeans().stream()
                .filter(gc -> gc.getName().equals("G1 Old Generation"))
                .findFirst()
                .orElse(null);
        if (!(full instanceof com.sun.management.GarbageCollectorMXBean reporting)) {
            System.gc();
            return MillionAthletes.heapUsed();
        }
        Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP)
                .map(MemoryPoolMXBean::getName)
                .collect(Collectors.toSet());
        for (int attempt = 0; attempt < 3; attempt++) {
            long before = full.getCollectionCount();
            System.gc();
            if (full.getCollectionCount() > before && reporting.getLastGcInfo() != null) {
                return reporting.getLastGcInfo().getMemoryUsageAfterGc().entrySet().stream()
                        .filter(e -> heapPools.contains(e.getKey()))
                        .map(Map.Entry::getValue)
                        .mapToLong(MemoryUsage::getUsed)
                        .sum();
            }
        }
        return null;
    }

    /** The samples the verdict fits: those after the warm-up that have a value for the measure. */
    static List<Sample> afterWarmUp(List<Sample> samples, Measure m) {
        return samples.stream()
                .skip(Math.min(WARM_UP_SAMPLES, samples.size()))
                .filter(s -> m.of(s) != null)
                .toList();
    }

    /** The first half of the fitted samples; with an odd count the middle one belongs to both halves. */
    static List<Sample> firstHalf(List<Sample> fitted) {
        return fitted.subList(0, (fitted.size() + 1) / 2);
    }

    static List<Sample> secondHalf(List<Sample> fitted) {
        return fitted.subList(fitted.size() / 2, fitted.size());
    }

    /** Least-squares slope, bytes per second, of the measure against time; 0 for fewer than 2 samples. */
    static double slope(List<Sample> samples, Measure m) {
        int n = samples.size();
        if (n < 2) {
            return 0;
        }
        double mx = 0;
        double my = 0;
        for (Sample s : samples) {
            mx += s.atSeconds();
            my += m.of(s);
        }
        mx /= n;
        my /= n;
        double sxy = 0;
        double sxx = 0;
        for (Sample s : samples) {
            double dx = s.atSeconds() - mx;
            sxy += dx * (m.of(s) - my);
            sxx += dx * dx;
        }
        return sxx == 0 ? 0 : sxy / sxx;
    }

    /**
     * The verdict over the samples after the warm-up: "stable" when the fitted change over them is
     * within DRIFT_SHARE of their mean; otherwise "levelling off" when the second half's fitted rate
     * is at most LEVELLING_RATIO of the first half's in the same direction (or turned), else
     * "growing" or "shrinking". Fewer than 4 samples after the warm-up leave it undecided: each half
     * needs two points for a rate.
     */
    static String drift(List<Sample> samples, Measure m) {
        List<Sample> fitted = afterWarmUp(samples, m);
        if (fitted.size() < 4) {
            return "undecided (fewer than 4 samples after the first)";
        }
        double mean = fitted.stream().mapToLong(m::of).average().orElse(0);
        double span = fitted.get(fitted.size() - 1).atSeconds() - fitted.get(0).atSeconds();
        double change = slope(fitted, m) * span;
        if (Math.abs(change) <= DRIFT_SHARE * mean) {
            return "stable";
        }
        double early = slope(firstHalf(fitted), m);
        double late = slope(secondHalf(fitted), m);
        if (Math.signum(late) != Math.signum(change) || Math.abs(late) <= LEVELLING_RATIO * Math.abs(early)) {
            return "levelling off";
        }
        return change > 0 ? "growing" : "shrinking";
    }
}
