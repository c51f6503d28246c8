package io.runload.testing;

import io.runload.domain.AthleteHeartRateState;
import io.runload.domain.RunHeartRateAccumulator;
import io.runload.state.AthleteHeartRateStateCodec;
import io.runload.state.RunHeartRateAccumulatorCodec;
import java.util.HashMap;
import java.util.Map;

/**
 * A heart-rate state stored the way the pipeline stores it, without Kafka: the state's own
 * encoding, plus one encoded entry per run, which the state read back restores on demand.
 */
public final class StoredHeartRate implements AthleteHeartRateState.RunSource {
    private final Map<String, byte[]> runs = new HashMap<>();
    private int loads;

    /** Writes the state and every run it holds, and reads the state back. */
    public AthleteHeartRateState store(AthleteHeartRateState state) {
        return store(state, state.runKeys().toArray(String[]::new));
    }

    /**
     * Writes the state and the runs named (those changed since it was read, as the pipeline does),
     * drops the entries of the runs it let go, and reads the state back.
     */
    public AthleteHeartRateState store(AthleteHeartRateState state, String... changedRuns) {
        state.takeDepartedRuns().forEach(runs::remove);
        for (String key : changedRuns) {
            runs.put(key, RunHeartRateAccumulatorCodec.encode(state.run(key).orElseThrow()));
        }
        AthleteHeartRateState back = AthleteHeartRateStateCodec.decode(AthleteHeartRateStateCodec.encode(state));
        back.readRunsFrom("athlete", this);
        return back;
    }

    /** {@link #store} into a store of its own. */
    public static AthleteHeartRateState roundTrip(AthleteHeartRateState state) {
        return new StoredHeartRate().store(state);
    }

    @Override
    public RunHeartRateAccumulator load(String owner, String runKey) {
        loads++;
        byte[] bytes = runs.get(runKey);
        return bytes == null ? null : RunHeartRateAccumulatorCodec.decode(bytes);
    }

    public int storedRuns() {
        return runs.size();
    }

    /** Runs restored from their entries so far. */
    public int loads() {
        return loads;
    }
}
