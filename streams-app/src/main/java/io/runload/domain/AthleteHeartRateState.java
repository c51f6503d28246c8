package io.runload.domain;

import io.runload.avro.PlannedType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Everything heart-rate related the pipeline keeps for one athlete (one store value): the
 * accumulators of recent runs, the live monitor of the run in progress and the heart-rate frontier.
 *
 * <p>Samples carrying a runId go to that run. Samples without one form time sessions keyed
 * {@code session-<first sample millis>}: a session continues while samples are at most
 * {@link #SESSION_GAP_MILLIS} apart and stops taking samples {@link #MAX_SESSION_MILLIS} after its
 * start, so an all-day wearable cannot build one endless session. Runs are later matched to
 * sessions by time ({@link #findForRun}).
 *
 * <p>The state is changed on every sample, while usually only the newest run changes, so each run's
 * accumulator is stored on its own ({@link RunSource}) and restored only when the run is touched;
 * the state itself keeps the runs' keys and bounds. Runs dropped since the owner last looked are
 * handed out by {@link #takeDepartedRuns()}, so that their stored accumulators go too.
 */
public final class AthleteHeartRateState {

    public static final long SESSION_GAP_MILLIS = 10 * 60_000L;
    public static final long MAX_SESSION_MILLIS = 8 * 3_600_000L;
    /**
     * Runs kept once their heart rate has gone the processing-time floor of
     * {@link #prune(long, long, long, long)} without a sample; the oldest beyond it go first.
     */
    public static final int MAX_RUNS = 32;
    /**
     * Runs kept at most, however recent. A back-fill can put a year of runs through in minutes,
     * and a run's heart rate must outlive the moment its run event, on another topic, is
     * processed: below this, only the processing-time floor decides.
     */
    public static final int MAX_RUNS_IN_FLIGHT = 256;
    /** Slack around a run's [start, end] when matching it to a session. */
    public static final long MATCH_MARGIN_MILLIS = 2 * 60_000L;

    public static final String SESSION_PREFIX = "session-";

    private boolean hasFrontier;
    private long frontierMillis;
    private final List<RunSlot> runs = new ArrayList<>();
    private String liveRunKey;
    private LiveEffortMonitor liveMonitor;
    /** Where runs restored without their accumulator find it; null until {@link #readRunsFrom}. */
    private RunSource runSource;

    private String owner;
    private final List<String> departed = new ArrayList<>();
    /**
     * Whether a run may still be carried inline (restored from an earlier format), so that
     * {@link #carriedRunKeys}, asked on every sample, need not walk the runs of a state that
     * carries none.
     */
    private boolean mayCarryRuns;

    /**
     * A run's accumulator carried with the state itself, as an earlier storage format kept it,
     * restored only when the run is touched.
     */
    public interface StoredRun {
        RunHeartRateAccumulator restore();
    }

    /** Where each run's accumulator is kept apart from the state, by the state's owner and the run's key. */
    public interface RunSource {
        /** The accumulator, or null if none is kept for that run. */
        RunHeartRateAccumulator load(String owner, String runKey);
    }

    /**
     * One run as plain values: its key, the times of its first and last sample, and its accumulator
     * when restored; else its {@link StoredRun} when carried with the state, or neither when kept
     * in the {@link RunSource}.
     */
    public record RunEntry(
            String key, long firstMillis, long lastMillis, RunHeartRateAccumulator accumulator, StoredRun stored) {}

    /**
     * Everything the state holds, as plain values to store it by and restore it from: the runs in
     * the order they were first seen, and the live run's key and monitor (both null when no run is live).
     */
    public record Snapshot(
            boolean hasFrontier,
            long frontierMillis,
            List<RunEntry> runs,
            String liveRunKey,
            LiveEffortMonitor liveMonitor) {}

    public Snapshot snapshot() {
        List<RunEntry> entries = new ArrayList<>(runs.size());
        for (RunSlot slot : runs) {
            if (slot.decoded != null) {
                slot.refreshBounds();
            }
            entries.add(new RunEntry(slot.key, slot.firstMillis, slot.lastMillis, slot.decoded, slot.stored));
        }
        return new Snapshot(hasFrontier, frontierMillis, entries, liveRunKey, liveMonitor);
    }

    public static AthleteHeartRateState restore(Snapshot snapshot) {
        if (snapshot.runs().size() > MAX_RUNS_IN_FLIGHT) {
            throw new IllegalArgumentException(
                    "too many runs: " + snapshot.runs().size());
        }
        AthleteHeartRateState state = new AthleteHeartRateState();
        state.hasFrontier = snapshot.hasFrontier();
        state.frontierMillis = snapshot.frontierMillis();
        for (RunEntry entry : snapshot.runs()) {
            RunSlot slot;
            if (entry.accumulator() != null) {
                slot = state.new RunSlot(entry.key(), entry.accumulator());
                slot.refreshBounds();
            } else {
                slot = state.new RunSlot(entry.key(), entry.firstMillis(), entry.lastMillis(), entry.stored());
                state.mayCarryRuns |= entry.stored() != null;
            }
            state.runs.add(slot);
        }
        state.liveRunKey = snapshot.liveMonitor() == null ? null : snapshot.liveRunKey();
        state.liveMonitor = snapshot.liveMonitor();
        return state;
    }

    public SampleOutcome onSample(
            String runIdOrNull,
            long eventTimeMillis,
            int bpm,
            double speedMps,
            int cadenceSpm,
            ResolvedProfile profile,
            long lateGraceMillis) {
        if (bpm < RunHeartRateAccumulator.MIN_BPM || bpm > RunHeartRateAccumulator.MAX_BPM) {
            return new SampleOutcome(SampleOutcome.Status.INVALID, null, null);
        }
        if (hasFrontier && eventTimeMillis < frontierMillis - lateGraceMillis) {
            return new SampleOutcome(SampleOutcome.Status.LATE, null, null);
        }
        RunSlot slot = runIdOrNull != null ? slot(runIdOrNull) : sessionFor(eventTimeMillis);
        if (slot != null && slot.accumulator().isResend(eventTimeMillis)) {
            // A re-sent sample changes nothing, so the caller need not write the state back.
            return new SampleOutcome(SampleOutcome.Status.DUPLICATE, slot.key, null);
        }
        if (slot == null) {
            String key = runIdOrNull != null ? runIdOrNull : SESSION_PREFIX + eventTimeMillis;
            slot = new RunSlot(key, new RunHeartRateAccumulator());
            runs.add(slot);
            departed.remove(key);
        }
        RunHeartRateAccumulator run = slot.accumulator();
        AddOutcome added = run.add(eventTimeMillis, bpm, speedMps, cadenceSpm);
        slot.refreshBounds();
        boolean newest = !hasFrontier || eventTimeMillis >= frontierMillis;
        boolean nearFrontier = !hasFrontier || eventTimeMillis >= frontierMillis - SESSION_GAP_MILLIS;
        if (!hasFrontier || eventTimeMillis > frontierMillis) {
            frontierMillis = eventTimeMillis;
            hasFrontier = true;
        }
        evictBeyond(MAX_RUNS_IN_FLIGHT, slot, false, 0, 0);
        return switch (added) {
            case DUPLICATE -> new SampleOutcome(SampleOutcome.Status.DUPLICATE, slot.key, null);
            case OUT_OF_ORDER -> new SampleOutcome(SampleOutcome.Status.OUT_OF_ORDER, slot.key, null);
            case INVALID -> new SampleOutcome(SampleOutcome.Status.INVALID, null, null);
            case ACCEPTED ->
                new SampleOutcome(
                        SampleOutcome.Status.ACCEPTED,
                        slot.key,
                        liveCheck(slot.key, run, eventTimeMillis, bpm, profile, newest && nearFrontier));
        };
    }

    /**
     * Live monitoring follows the newest run: a run takes the monitor over only if it started after
     * the monitored one, so two devices recording in parallel cannot keep resetting it, and a
     * back-filled old run never starts a "live" alert.
     */
    private LiveEffortViolation liveCheck(
            String key,
            RunHeartRateAccumulator run,
            long eventTimeMillis,
            int bpm,
            ResolvedProfile profile,
            boolean atFrontier) {
        if (!key.equals(liveRunKey)) {
            boolean newerRun = liveMonitor == null || run.firstMillis() > liveMonitor.runStartMillis();
            if (!atFrontier || !newerRun) {
                return null;
            }
            liveRunKey = key;
            liveMonitor = new LiveEffortMonitor(run.firstMillis());
        }
        return liveMonitor
                .onSample(eventTimeMillis, bpm, profile.zones(), LiveEffortRule.DEFAULT)
                .orElse(null);
    }

    /** Applies a known plan: a run planned easy is watched even when its warm-up was not easy. */
    /**
     * Applies what the device says the run is planned as: EASY monitors it from the end of the
     * warm-up, WORKOUT and RACE exempt it from the live easy-run rule, LONG or unknown leave the
     * first-10-minutes rule in charge.
     */
    public void applyPlan(String runKey, PlannedType plannedType) {
        if (plannedType == null || liveMonitor == null || !runKey.equals(liveRunKey)) {
            return;
        }
        switch (plannedType) {
            case EASY -> liveMonitor.markPlannedEasy();
            case WORKOUT, RACE -> liveMonitor.markPlannedHard();
            default -> {}
        }
    }

    public void markPlannedEasy(String runKey) {
        if (liveMonitor != null && runKey.equals(liveRunKey)) {
            liveMonitor.markPlannedEasy();
        }
    }

    /**
     * The heart rate of a run: the accumulator of {@code runId} if samples carried it, else the
     * runId-less session overlapping [start - 2 min, end + 2 min] the most.
     */
    public Optional<RunHeartRateAccumulator> findForRun(String runId, long startMillis, int durationSec) {
        RunSlot byId = runId == null ? null : slot(runId);
        if (byId != null) {
            return Optional.of(byId.accumulator());
        }
        long from = startMillis - MATCH_MARGIN_MILLIS;
        long to = startMillis + durationSec * 1000L + MATCH_MARGIN_MILLIS;
        RunSlot best = null;
        long bestOverlap = -1;
        for (RunSlot slot : runs) {
            if (!slot.isSession()) {
                continue;
            }
            long overlap = Math.min(slot.lastMillis, to) - Math.max(slot.firstMillis, from);
            if (overlap > bestOverlap) {
                best = slot;
                bestOverlap = overlap;
            }
        }
        return best == null ? Optional.empty() : Optional.of(best.accumulator());
    }

    /** Drops runs whose newest sample is older than {@code now - retention}, then the oldest beyond {@link #MAX_RUNS}. */
    public void prune(long nowEventTimeMillis, long retentionMillis) {
        prune(nowEventTimeMillis, retentionMillis, 0, 0);
    }

    /**
     * Like {@link #prune(long, long)}, but a run also survives until it has gone {@code wallFloorMillis}
     * of processing time without a sample. When a backlog is processed (a history back-fill, a
     * catch-up after an outage) event time races ahead of the run events, which travel on another
     * topic, and the event-time horizon alone would drop a run's heart rate moments before its run
     * event is processed. Processing times are not stored: a decoded state counts from its first
     * prune, which only ever keeps a run longer.
     */
    public void prune(long nowEventTimeMillis, long retentionMillis, long nowWallMillis, long wallFloorMillis) {
        long horizon = nowEventTimeMillis - retentionMillis;
        runs.removeIf(slot -> {
            if (slot.lastSampleWallMillis == WALL_UNKNOWN) {
                slot.lastSampleWallMillis = nowWallMillis;
            }
            boolean gone = slot.lastMillis < horizon && nowWallMillis - slot.lastSampleWallMillis >= wallFloorMillis;
            if (gone) {
                departed.add(slot.key);
            }
            return gone;
        });
        // The count bound yields to the floor too: a back-fill's run events may trail their
        // samples by dozens of runs, and a run dropped by count before its event was processed
        // would be summarised as if it never had heart rate.
        evictBeyond(MAX_RUNS, null, true, nowWallMillis, wallFloorMillis);
        if (liveRunKey != null && slot(liveRunKey) == null) {
            liveRunKey = null;
            liveMonitor = null;
        }
    }

    /** Notes the processing time of a sample of the run, for the wall-clock floor of {@link #prune(long, long, long, long)}. */
    public void sampleProcessedAt(String runKey, long wallMillis) {
        RunSlot slot = slot(runKey);
        if (slot != null) {
            slot.lastSampleWallMillis = wallMillis;
        }
    }

    public long frontierMillis() {
        return hasFrontier ? frontierMillis : Long.MIN_VALUE;
    }

    public boolean hasFrontier() {
        return hasFrontier;
    }

    public List<String> runKeys() {
        List<String> keys = new ArrayList<>(runs.size());
        for (RunSlot slot : runs) {
            keys.add(slot.key);
        }
        return keys;
    }

    public Optional<RunHeartRateAccumulator> run(String runKey) {
        RunSlot slot = slot(runKey);
        return slot == null ? Optional.empty() : Optional.of(slot.accumulator());
    }

    /**
     * The run's accumulator for its writer to store, or null when the state holds no such run or
     * last handed it out under the same {@code writeMark}. A writer whose store keeps written values
     * until its commit passes the store's epoch as the mark, so that a run changed by many samples
     * between two commits is handed to the store once.
     */
    public RunHeartRateAccumulator runToWrite(String runKey, long writeMark) {
        RunSlot slot = slot(runKey);
        if (slot == null || slot.writtenMark == writeMark) {
            return null;
        }
        RunHeartRateAccumulator run = slot.accumulator();
        slot.writtenMark = writeMark;
        return run;
    }

    public Optional<String> liveRunKey() {
        return Optional.ofNullable(liveRunKey);
    }

    public boolean isEmpty() {
        return runs.isEmpty() && liveMonitor == null;
    }

    /**
     * Tells the state where the accumulators of runs restored without one are kept, and whose
     * they are. Until then such a run cannot be touched.
     */
    public void readRunsFrom(String owner, RunSource source) {
        this.owner = owner;
        this.runSource = source;
    }

    public boolean readsRuns() {
        return runSource != null;
    }

    /**
     * Keys of the runs whose accumulator is still carried with the state (an earlier storage
     * format); an empty list without allocating when there are none, as on every sample.
     */
    public List<String> carriedRunKeys() {
        List<String> keys = List.of();
        if (!mayCarryRuns) {
            return keys;
        }
        for (RunSlot slot : runs) {
            if (slot.decoded == null && slot.stored != null) {
                if (keys.isEmpty()) {
                    keys = new ArrayList<>();
                }
                keys.add(slot.key);
            }
        }
        mayCarryRuns = !keys.isEmpty();
        return keys;
    }

    /**
     * Lets a run go whose accumulator cannot be restored (corrupt stored bytes), as pruning would,
     * so that one bad run does not fail every later sample of the athlete.
     */
    public void dropRun(String runKey) {
        RunSlot slot = slot(runKey);
        if (slot == null) {
            return;
        }
        runs.remove(slot);
        departed.add(runKey);
        if (runKey.equals(liveRunKey)) {
            liveRunKey = null;
            liveMonitor = null;
        }
    }

    /** Keys of the runs dropped since the last call, none of which the state holds now. */
    public List<String> takeDepartedRuns() {
        if (departed.isEmpty()) {
            return List.of();
        }
        List<String> keys = new ArrayList<>(departed);
        departed.clear();
        return keys;
    }

    private RunSlot slot(String key) {
        // Samples mostly go to the newest run, which is the last one added.
        if (!runs.isEmpty() && runs.get(runs.size() - 1).key.equals(key)) {
            return runs.get(runs.size() - 1);
        }
        for (RunSlot slot : runs) {
            if (slot.key.equals(key)) {
                return slot;
            }
        }
        return null;
    }

    private RunSlot sessionFor(long eventTimeMillis) {
        RunSlot best = null;
        for (RunSlot slot : runs) {
            if (slot.isSession()
                    && eventTimeMillis >= slot.firstMillis - SESSION_GAP_MILLIS
                    && eventTimeMillis <= slot.lastMillis + SESSION_GAP_MILLIS
                    && eventTimeMillis - slot.firstMillis <= MAX_SESSION_MILLIS
                    && (best == null || slot.lastMillis > best.lastMillis)) {
                best = slot;
            }
        }
        return best;
    }

    /**
     * Drops the oldest runs beyond {@code limit}, other than {@code keep}; with {@code floor}, only
     * among those past the processing-time floor.
     */
    private void evictBeyond(int limit, RunSlot keep, boolean floor, long nowWallMillis, long wallFloorMillis) {
        while (runs.size() > limit) {
            RunSlot oldest = null;
            for (RunSlot slot : runs) {
                boolean pastFloor = !floor
                        || slot.lastSampleWallMillis == WALL_UNKNOWN
                        || nowWallMillis - slot.lastSampleWallMillis >= wallFloorMillis;
                if (slot != keep && pastFloor && (oldest == null || slot.lastMillis < oldest.lastMillis)) {
                    oldest = slot;
                }
            }
            if (oldest == null) {
                return;
            }
            runs.remove(oldest);
            departed.add(oldest.key);
            if (oldest.key.equals(liveRunKey)) {
                liveRunKey = null;
                liveMonitor = null;
            }
        }
    }

    private static final long WALL_UNKNOWN = Long.MIN_VALUE;

    /** One run's accumulator: restored, carried as it was stored, or kept in the {@link RunSource}. */
    private final class RunSlot {
        final String key;
        long firstMillis;
        long lastMillis;
        /** Not part of the encoding; see {@link AthleteHeartRateState#prune(long, long, long, long)}. */
        long lastSampleWallMillis = WALL_UNKNOWN;
        /** Not part of the encoding: the mark the run was last handed out under, see {@link #runToWrite}. */
        long writtenMark = Long.MIN_VALUE;

        private RunHeartRateAccumulator decoded;
        private StoredRun stored;

        RunSlot(String key, RunHeartRateAccumulator decoded) {
            this.key = key;
            this.decoded = decoded;
        }

        RunSlot(String key, long firstMillis, long lastMillis, StoredRun stored) {
            this.key = key;
            this.firstMillis = firstMillis;
            this.lastMillis = lastMillis;
            this.stored = stored;
        }

        boolean isSession() {
            return key.startsWith(SESSION_PREFIX);
        }

        /** Restoring hands out a mutable accumulator, so from then on the slot is stored from it. */
        RunHeartRateAccumulator accumulator() {
            if (decoded == null) {
                decoded = stored != null ? stored.restore() : loadFromSource();
                stored = null;
            }
            return decoded;
        }

        private RunHeartRateAccumulator loadFromSource() {
            if (runSource == null) {
                throw new IllegalStateException("run " + key + " is kept apart and the state has no RunSource");
            }
            RunHeartRateAccumulator loaded = runSource.load(owner, key);
            // Only a store that lost part of a commit can miss it; the run then starts again rather than failing every
            // sample.
            return loaded != null ? loaded : new RunHeartRateAccumulator();
        }

        void refreshBounds() {
            firstMillis = decoded.firstMillis();
            lastMillis = decoded.lastMillis();
        }
    }
}
