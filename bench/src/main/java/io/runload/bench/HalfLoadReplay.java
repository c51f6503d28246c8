package io.runload.bench;

import io.runload.avro.HeartRateSample;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Paced load for the latency measurement: the steady athletes carry on with their runs, and a set
 * of other athletes run {@link EasyRunTurningHard}, each replayed at {@code violatorHz} samples per
 * wall-clock second, starting at staggered moments. Total rate is {@code totalPerSecond}.
 */
final class HalfLoadReplay {
    private final BenchAthletes steady;
    private final long steadyNextT;
    private final long steadyRunStart;
    private final BenchAthletes violators;
    private final long violatorRunStart;
    private final int violatorHz;

    HalfLoadReplay(BenchAthletes steady, long steadyNextT, long steadyRunStart, BenchAthletes violators, long violatorRunStart,
                   int violatorHz) {
        this.steady = steady;
        this.steadyNextT = steadyNextT;
        this.steadyRunStart = steadyRunStart;
        this.violators = violators;
        this.violatorRunStart = violatorRunStart;
        this.violatorHz = violatorHz;
    }

    /** Returns the number of samples sent. */
    long run(KafkaProducer<String, HeartRateSample> producer, String topic, double totalPerSecond, double staggerSeconds,
             double minSeconds, AlertLatencyProbe probe) {
        int v = violators.count();
        double steadyPerSecond = Math.max(0, totalPerSecond - (double) v * violatorHz);
        int[] sent = new int[v];
        long steadySent = 0;
        long total = 0;
        HeartRateSample sample = BenchAthletes.blankSample();
        long start = System.nanoTime();
        while (true) {
            double elapsed = (System.nanoTime() - start) / 1e9;
            boolean violatorsDone = true;
            for (int j = 0; j < v; j++) {
                double startsAt = staggerSeconds * j / v;
                int due = (int) Math.min(EasyRunTurningHard.SECONDS, Math.max(0, Math.floor((elapsed - startsAt) * violatorHz)));
                while (sent[j] < due) {
                    String id = violators.id(j);
                    EasyRunTurningHard.sample(sample, id, violators.liveRunId(j), violatorRunStart, sent[j]);
                    long eventMillis = sample.getEventTime().toEpochMilli();
                    probe.sent(id, eventMillis, System.currentTimeMillis());
                    producer.send(new ProducerRecord<>(topic, null, eventMillis, id, sample));
                    sent[j]++;
                    total++;
                }
                violatorsDone &= sent[j] == EasyRunTurningHard.SECONDS;
            }
            long steadyDue = (long) (steadyPerSecond * elapsed);
            while (steadySent < steadyDue) {
                int athlete = (int) (steadySent % steady.count());
                long t = steadyNextT + steadySent / steady.count();
                steady.steadySample(sample, athlete, t, steadyRunStart);
                producer.send(new ProducerRecord<>(topic, null, sample.getEventTime().toEpochMilli(), steady.id(athlete), sample));
                steadySent++;
                total++;
            }
            if (violatorsDone && elapsed >= minSeconds) {
                producer.flush();
                return total;
            }
            LockSupport.parkNanos(1_000_000);
        }
    }
}
