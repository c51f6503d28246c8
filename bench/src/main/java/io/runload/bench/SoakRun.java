package io.runload.bench;

import io.runload.avro.HeartRateSample;
import io.runload.serde.SchemaRegistryClient;
import io.runload.serde.SpecificAvroSerializer;
import io.runload.topology.TopicNames;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * Soak at half load: minute after minute of {@link HalfLoadReplay} (the steady athletes carry on, and
 * a new set of athletes per minute runs easy turning hard), and after each minute the heap after a
 * full collection, RocksDB's size on disk and the p99 alert latency of that minute. A least-squares
 * line through the heap and RocksDB samples says whether either drifts.
 */
final class SoakRun {
    /** A fitted change over the soak above this share of the mean counts as drift. */
    static final double DRIFT_SHARE = 0.10;

    record Sample(double atSeconds, long heapBytes, long rocksDbBytes, Double p99Ms, long sent) {}

    private SoakRun() {}

    static Map<String, Object> run(
            String bootstrap,
            SchemaRegistryClient registry,
            TopicNames topics,
            Path stateDir,
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
                System.gc();
                Sample s = new Sample(
                        (System.nanoTime() - start) / 1e9,
                        MillionAthletes.heapUsed(),
                        MillionAthletes.directoryBytes(stateDir),
                        p99,
                        sent);
                samples.add(s);
                BenchRun.log(
                        "soak %4.0f s: heap after GC %,d bytes, RocksDB %,d bytes on disk, p99 alert latency %s ms "
                                + "(%d of %d alerts), %,d samples sent",
                        s.atSeconds(),
                        s.heapBytes(),
                        s.rocksDbBytes(),
                        p99 == null ? "n/a" : String.format(Locale.ROOT, "%.0f", p99),
                        probe.latencies().size(),
                        violatorCount,
                        sent);
                minute++;
            }
        }
        Sample first = samples.get(0);
        Sample last = samples.get(samples.size() - 1);
        double heapSlope = slope(samples, true);
        double rocksSlope = slope(samples, false);
        String heapDrift = drift(samples, heapSlope, true);
        String rocksDrift = drift(samples, rocksSlope, false);
        BenchRun.log(
                "soak: heap %s (%,.0f bytes/min fitted), RocksDB %s (%,.0f bytes/min fitted) over %d samples",
                heapDrift, heapSlope * 60, rocksDrift, rocksSlope * 60, samples.size());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("soak_seconds", Math.round(last.atSeconds()));
        out.put("soak_p99_ms_last_minute", last.p99Ms() == null ? null : Math.round(last.p99Ms()));
        out.put("soak_heap_after_gc_bytes", List.of(first.heapBytes(), last.heapBytes()));
        out.put("soak_rocksdb_bytes", List.of(first.rocksDbBytes(), last.rocksDbBytes()));
        out.put("soak_heap_bytes_per_min", Math.round(heapSlope * 60));
        out.put("soak_rocksdb_bytes_per_min", Math.round(rocksSlope * 60));
        out.put("soak_drift", "heap " + heapDrift + ", rocksdb " + rocksDrift);
        return out;
    }

    /** Least-squares slope, bytes per second, of heap or RocksDB size against time; 0 for fewer than 2 samples. */
    static double slope(List<Sample> samples, boolean heap) {
        int n = samples.size();
        if (n < 2) {
            return 0;
        }
        double mx = 0;
        double my = 0;
        for (Sample s : samples) {
            mx += s.atSeconds();
            my += heap ? s.heapBytes() : s.rocksDbBytes();
        }
        mx /= n;
        my /= n;
        double sxy = 0;
        double sxx = 0;
        for (Sample s : samples) {
            double dx = s.atSeconds() - mx;
            sxy += dx * ((heap ? s.heapBytes() : s.rocksDbBytes()) - my);
            sxx += dx * dx;
        }
        return sxx == 0 ? 0 : sxy / sxx;
    }

    /** "growing" or "shrinking" when the fitted change over the soak exceeds DRIFT_SHARE of the mean, else "stable". */
    static String drift(List<Sample> samples, double slope, boolean heap) {
        if (samples.size() < 3) {
            return "undecided (fewer than 3 samples)";
        }
        double mean = samples.stream()
                .mapToLong(s -> heap ? s.heapBytes() : s.rocksDbBytes())
                .average()
                .orElse(0);
        double span =
                samples.get(samples.size() - 1).atSeconds() - samples.get(0).atSeconds();
        double change = slope * span;
        if (Math.abs(change) <= DRIFT_SHARE * mean) {
            return "stable";
        }
        return change > 0 ? "growing" : "shrinking";
    }
}
