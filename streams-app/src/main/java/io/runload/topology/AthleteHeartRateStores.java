package io.runload.topology;

import io.runload.domain.AthleteHeartRateState;
import io.runload.domain.RunHeartRateAccumulator;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An athlete's heart rate across its two stores: the state ({@link StoreNames#HEART_RATE}) and one
 * entry per run ({@link StoreNames#HEART_RATE_RUNS}, keyed athleteId NUL runKey). A back-fill keeps
 * up to {@link AthleteHeartRateState#MAX_RUNS_IN_FLIGHT} runs per athlete while their run events
 * catch up; in one value, every commit would encode and log all of them again.
 *
 * <p>Both stores encode at commit ({@link CommitTimeEncodingStore}), so one commit writes the state
 * and the runs it names together, and exactly-once restores them together. Each store may also
 * flush early on its own (beyond 4,096 pending keys); if a change then fails half-way and the
 * unflushed values are discarded, the two can disagree: an entry the state does not name stays
 * until the athlete's erasure, and a run named without an entry starts again empty.
 */
final class AthleteHeartRateStores implements AthleteHeartRateState.RunSource {
    private static final Logger LOG = LoggerFactory.getLogger(AthleteHeartRateStores.class);

    private final KeyValueStore<String, AthleteHeartRateState> states;
    private final KeyValueStore<String, RunHeartRateAccumulator> runs;
    private final CommitTimeEncodingStore<?> pendingRuns;

    AthleteHeartRateStores(
            KeyValueStore<String, AthleteHeartRateState> states, KeyValueStore<String, RunHeartRateAccumulator> runs) {
        this.states = states;
        this.runs = runs;
        this.pendingRuns = CommitTimeEncodingStore.under(runs);
    }

    /**
     * The athlete's state, able to restore its runs, or null; for reading only. Runs an earlier
     * format carries inline are read from there and not moved: reads happen on every tick, and
     * moving is left to the state's writer ({@link #attachForWriting}).
     */
    AthleteHeartRateState get(String athleteId) {
        AthleteHeartRateState state = states.get(athleteId);
        if (state != null && !state.readsRuns()) {
            state.readRunsFrom(athleteId, this);
        }
        return state;
    }

    /**
     * Makes a state about to be changed (just read from the store, or new) able to restore its
     * runs. A state stored in an earlier format carries its runs inline: they move to their own
     * entries now, so that the next write of the state, which leaves them out, loses none. A
     * carried run that cannot be restored is let go, so that it cannot fail every later sample.
     */
    void attachForWriting(String athleteId, AthleteHeartRateState state) {
        List<String> carried = state.carriedRunKeys();
        if (state.readsRuns() && carried.isEmpty()) {
            return;
        }
        for (String runKey : carried) {
            RunHeartRateAccumulator run;
            try {
                run = state.run(runKey).orElse(null);
            } catch (RuntimeException corrupt) {
                LOG.warn(
                        "A run's heart rate stored by an earlier release could not be read; the run is let go",
                        corrupt);
                state.dropRun(runKey);
                continue;
            }
            if (run != null) {
                runs.put(StoreNames.composite(athleteId, runKey), run);
            }
        }
        // Last: until every carried run has moved, the next change tries again.
        state.readRunsFrom(athleteId, this);
    }

    @Override
    public RunHeartRateAccumulator load(String athleteId, String runKey) {
        RunHeartRateAccumulator run = runs.get(StoreNames.composite(athleteId, runKey));
        if (run == null) {
            LOG.warn("The heart rate of a run named by an athlete's state was not stored; the run starts again");
        }
        return run;
    }

    /**
     * After a change to the state through {@code runKey}: drops the entries of the runs the state
     * let go, and writes the run, once per commit: until the store's epoch moves, it still holds the
     * very accumulator written, unflushed, and encodes it as it is at the commit. Samples of
     * different athletes interleave, so without that every sample would pay a map write.
     */
    void changed(String athleteId, AthleteHeartRateState state, String runKey) {
        for (String gone : state.takeDepartedRuns()) {
            runs.delete(StoreNames.composite(athleteId, gone));
        }
        if (runKey == null) {
            return;
        }
        // The epoch is read before the write, which may flush early and move it past this very write.
        RunHeartRateAccumulator run =
                pendingRuns == null ? state.run(runKey).orElse(null) : state.runToWrite(runKey, pendingRuns.epoch());
        if (run == null) {
            return;
        }
        runs.put(StoreNames.composite(athleteId, runKey), run);
    }

    /**
     * Forgets the athlete's unflushed run entries after a change failed half-way, as the caller
     * does with the state; returns whether there were any.
     */
    boolean discardUnflushedRuns(String athleteId) {
        return pendingRuns != null && pendingRuns.discardStartingWith(StoreNames.athletePrefix(athleteId)) > 0;
    }
}
