package io.runload.bench.jmh;

import io.runload.domain.AthleteHeartRateState;
import io.runload.domain.ProfileHistory;
import io.runload.domain.ResolvedProfile;
import io.runload.domain.SampleOutcome;
import io.runload.state.AthleteHeartRateStateCodec;
import io.runload.state.RunHeartRateAccumulatorCodec;
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
 * ({@code onSample}), and the same with a store round trip of the state and its run's entry
 * (decode, {@code onSample}, {@code prune}, encode), which the pipeline pays once per commit.
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
    private byte[] storedRun;
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
        storedRun = RunHeartRateAccumulatorCodec.encode(state.run("run-1").orElseThrow());
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
    public int onSampleWithStoreRoundTrip() {
        maybeReset();
        t++;
        AthleteHeartRateState s = AthleteHeartRateStateCodec.decode(stored);
        s.readRunsFrom("athlete", (owner, key) -> RunHeartRateAccumulatorCodec.decode(storedRun));
        s.onSample("run-1", START + t * 1000, bpm(t), 3.0, 170, profile, GRACE);
        s.prune(s.frontierMillis(), RETENTION);
        stored = AthleteHeartRateStateCodec.encode(s);
        storedRun = RunHeartRateAccumulatorCodec.encode(s.run("run-1").orElseThrow());
        return stored.length + storedRun.length;
    }

    /** A sample on a cached state, then the encoding of the state and its run that a commit writes. */
    @Benchmark
    public int onSampleThenEncode() {
        maybeReset();
        t++;
        state.onSample("run-1", START + t * 1000, bpm(t), 3.0, 170, profile, GRACE);
        state.prune(state.frontierMillis(), RETENTION);
        return toBytesOnly();
    }

    @Benchmark
    public AthleteHeartRateState fromBytesOnly() {
        AthleteHeartRateState s = AthleteHeartRateStateCodec.decode(stored);
        s.readRunsFrom("athlete", (owner, key) -> RunHeartRateAccumulatorCodec.decode(storedRun));
        s.run("run-1");
        return s;
    }

    @Benchmark
    public int toBytesOnly() {
        return AthleteHeartRateStateCodec.encode(state).length
                + RunHeartRateAccumulatorCodec.encode(state.run("run-1").orElseThrow()).length;
    }
}
