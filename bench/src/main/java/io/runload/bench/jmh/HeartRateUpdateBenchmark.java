package io.runload.bench.jmh;

import io.runload.domain.AthleteHeartRateState;
import io.runload.domain.ProfileHistory;
import io.runload.domain.ResolvedProfile;
import io.runload.domain.SampleOutcome;
import io.runload.state.AthleteHeartRateStateCodec;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-sample work of the live-effort processor on one athlete's heart-rate state, with a run
 * {@code minutesIntoRun} minutes old: zone and TRIMP accumulation plus the live easy-run rule
 * ({@code onSample}), and the same with the store round trip every sample pays
 * (decode, {@code onSample}, {@code prune}, encode).
 *
 * <p>Each invocation advances the clock by one second, so the state stays "a run in progress".
 * The state is rebuilt every 4,096 samples to keep the run at the chosen age.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class HeartRateUpdateBenchmark {
    private static final long GRACE = 7L * 24 * 3600 * 1000;
    private static final long RETENTION = 36L * 3600 * 1000;
    private static final long START = 1_777_000_000_000L;

    @Param({"10", "60"})
    public int minutesIntoRun;

    private ResolvedProfile profile;
    private AthleteHeartRateState state;
    private byte[] stored;
    private long t;
    private int sinceReset;

    @Setup
    public void setUp() {
        profile = ProfileHistory.populationDefault();
        reset();
    }

    private void reset() {
        state = new AthleteHeartRateState();
        for (t = 0; t < minutesIntoRun * 60L; t++) {
            state.onSample("run-1", START + t * 1000, bpm(t), 3.0, 170, profile, GRACE);
        }
        stored = AthleteHeartRateStateCodec.encode(state);
        sinceReset = 0;
    }

    private static int bpm(long t) {
        return 130 + (int) (t % 17);
    }

    private void maybeReset() {
        if (++sinceReset == 4096) {
            reset();
        }
    }

    @Benchmark
    public SampleOutcome onSample() {
        maybeReset();
        t++;
        return state.onSample("run-1", START + t * 1000, bpm(t), 3.0, 170, profile, GRACE);
    }

    @Benchmark
    public byte[] onSampleWithStoreRoundTrip() {
        maybeReset();
        t++;
        AthleteHeartRateState s = AthleteHeartRateStateCodec.decode(stored);
        s.onSample("run-1", START + t * 1000, bpm(t), 3.0, 170, profile, GRACE);
        s.prune(s.frontierMillis(), RETENTION);
        stored = AthleteHeartRateStateCodec.encode(s);
        return stored;
    }

    /** What LiveEffortProcessor does per sample when the athlete's decoded state is cached: no decode, one encode. */
    @Benchmark
    public byte[] onSampleThenEncode() {
        maybeReset();
        t++;
        state.onSample("run-1", START + t * 1000, bpm(t), 3.0, 170, profile, GRACE);
        state.prune(state.frontierMillis(), RETENTION);
        return AthleteHeartRateStateCodec.encode(state);
    }

    @Benchmark
    public AthleteHeartRateState fromBytesOnly() {
        return AthleteHeartRateStateCodec.decode(stored);
    }

    @Benchmark
    public byte[] toBytesOnly() {
        return AthleteHeartRateStateCodec.encode(state);
    }
}
