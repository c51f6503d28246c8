package io.runload.bench;

import io.runload.avro.HeartRateSample;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Paced load for the latency measurement: the steady athletes carry on with their runs, and a set
 * of other athletes run {@link EasyRunTurningHard}, each replayed at {@code violatorHz} samples per
 * wall-clock second, starting at staggered moments. Total rate is {@code totalPerSecond}.
 *
 * <p>Every sample is Avro-encoded before the clock starts, so that during the measurement the load
 * generator only sends bytes: devices and gateways encode on their own hardware, and on this 2-core
 * machine encoding tens of thousands of samples a second takes CPU from the system under test.
 */
final class HalfLoadReplay {
    /** Seconds of steady load encoded beyond the violators' replay, in case the replay runs long. */
    private static final double SPARE_SECONDS = 5;

    private final BenchAthletes steady;
    private final long steadyNextT;
    private final long steadyRunStart;
    private final BenchAthletes violators;
    private final long violatorRunStart;
    private final int violatorHz;

    HalfLoadReplay(
            BenchAthletes steady,
            long steadyNextT,
            long steadyRunStart,
            BenchAthletes violators,
            long violatorRunStart,
            int violatorHz) {
        this.steady = steady;
        this.steadyNextT = steadyNextT;
        this.steadyRunStart = steadyRunStart;
        this.violators = violators;
        this.violatorRunStart = violatorRunStart;
        this.violatorHz = violatorHz;
    }

    private double totalPerSecond;
    private double staggerSeconds;
    private double minSeconds;
    private byte[][][] violatorBytes;
    private long[][] violatorEventMillis;
    private byte[][] steadyBytes;
    private long[] steadyEventMillis;
    private Function<HeartRateSample, byte[]> encoder;
    private long steadySent;

    /** Encodes everything {@link #run} will send, before its clock starts. */
    void prepare(
            Function<HeartRateSample, byte[]> encoder,
            double totalPerSecond,
            double staggerSeconds,
            double minSeconds) {
        this.encoder = encoder;
        this.totalPerSecond = totalPerSecond;
        this.staggerSeconds = staggerSeconds;
        this.minSeconds = minSeconds;
        int v = violators.count();
        double steadyPerSecond = Math.max(0, totalPerSecond - (double) v * violatorHz);
        HeartRateSample sample = BenchAthletes.blankSample();
        violatorBytes = new byte[v][EasyRunTurningHard.SECONDS][];
        violatorEventMillis = new long[v][EasyRunTurningHard.SECONDS];
        for (int j = 0; j < v; j++) {
            for (int t = 0; t < EasyRunTurningHard.SECONDS; t++) {
                EasyRunTurningHard.sample(sample, violators.id(j), violators.liveRunId(j), violatorRunStart, t);
                violatorEventMillis[j][t] = sample.getEventTime().toEpochMilli();
                violatorBytes[j][t] = encoder.apply(sample);
            }
        }
        double replaySeconds = Math.max(minSeconds, staggerSeconds + (double) EasyRunTurningHard.SECONDS / violatorHz);
        int steadyEncoded =
                (int) Math.min(Integer.MAX_VALUE - 8, Math.ceil(steadyPerSecond * (replaySeconds + SPARE_SECONDS)));
        steadyBytes = new byte[steadyEncoded][];
        steadyEventMillis = new long[steadyEncoded];
        for (int k = 0; k < steadyEncoded; k++) {
            steadySample(sample, k);
            steadyEventMillis[k] = sample.getEventTime().toEpochMilli();
            steadyBytes[k] = encoder.apply(sample);
        }
    }

    /** Sends what {@link #prepare} encoded, paced; returns the number of samples sent. */
    long run(KafkaProducer<String, byte[]> producer, String topic, AlertLatencyProbe probe) {
        int v = violators.count();
        double steadyPerSecond = Math.max(0, totalPerSecond - (double) v * violatorHz);
        int steadyEncoded = steadyBytes.length;
        HeartRateSample sample = BenchAthletes.blankSample();
        int[] sent = new int[v];
        long steadySent = 0;
        long total = 0;
        long start = System.nanoTime();
        while (true) {
            double elapsed = (System.nanoTime() - start) / 1e9;
            boolean violatorsDone = true;
            for (int j = 0; j < v; j++) {
                double startsAt = staggerSeconds * j / v;
                int due = (int) Math.min(
                        EasyRunTurningHard.SECONDS, Math.max(0, Math.floor((elapsed - startsAt) * violatorHz)));
                while (sent[j] < due) {
                    String id = violators.id(j);
                    long eventMillis = violatorEventMillis[j][sent[j]];
                    probe.sent(id, eventMillis, System.currentTimeMillis());
                    producer.send(new ProducerRecord<>(topic, null, eventMillis, id, violatorBytes[j][sent[j]]));
                    sent[j]++;
                    total++;
                }
                violatorsDone &= sent[j] == EasyRunTurningHard.SECONDS;
            }
            long steadyDue = (long) (steadyPerSecond * elapsed);
            while (steadySent < steadyDue) {
                int athlete = (int) (steadySent % steady.count());
                byte[] value;
                long eventMillis;
                if (steadySent < steadyEncoded) {
                    value = steadyBytes[(int) steadySent];
                    eventMillis = steadyEventMillis[(int) steadySent];
                    steadyBytes[(int) steadySent] = null;
                } else {
                    steadySample(sample, steadySent);
                    value = encoder.apply(sample);
                    eventMillis = sample.getEventTime().toEpochMilli();
                }
                producer.send(new ProducerRecord<>(topic, null, eventMillis, steady.id(athlete), value));
                steadySent++;
                total++;
            }
            if (violatorsDone && elapsed >= minSeconds) {
                producer.flush();
                this.steadySent = steadySent;
                return total;
            }
            LockSupport.parkNanos(1_000_000);
        }
    }

    /** Steady samples the last {@link #run} sent: where the steady athletes' runs continue from. */
    long steadySent() {
        return steadySent;
    }

    /** The {@code k}-th steady sample: athletes in turn, second by second. */
    private void steadySample(HeartRateSample into, long k) {
        int athlete = (int) (k % steady.count());
        steady.steadySample(into, athlete, steadyNextT + k / steady.count(), steadyRunStart);
    }
}
