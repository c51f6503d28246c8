package io.runload.domain;

import java.util.Optional;

/**
 * Live EASY_RUN_TOO_HARD state of one active run, evaluated on every sample. Time above the easy
 * ceiling is kept in a ring of thirty 10-second slots (aligned to the run start), so the window
 * judged at event time t spans from 290 to 300 seconds back: the rule works at 10-second resolution.
 * Credit follows {@link RunHeartRateAccumulator}: each sample gets the gap to the next, capped at 10 s.
 * Out-of-order and duplicate samples are ignored here; fires at most once per run.
 */
public final class LiveEffortMonitor {

    public static final int SLOTS = 30;
    public static final long SLOT_MILLIS = 10_000;

    private final long runStartMillis;
    private boolean plannedEasy;
    private boolean fired;
    private boolean hasLast;
    private long lastMillis;
    private int lastBpm;
    private long warmUpMillis;
    private long warmUpAboveMillis;
    private long newestSlot = -1;
    private final int[] slotMillis = new int[SLOTS];
    private final int[] slotAboveMillis = new int[SLOTS];
    private final int[] slotHrMillis = new int[SLOTS];
    /**
     * The sums of the three rings, kept as the slots change rather than summed on every sample.
     * Each slot change subtracts the slot's old value and adds its new one, so they equal the sums
     * exactly, and the rule sees the same numbers. Not stored: restoring sums the rings.
     */
    private long windowMillis;

    private long windowAboveMillis;
    private long windowHrMillis;

    public LiveEffortMonitor(long runStartMillis) {
        this.runStartMillis = runStartMillis;
    }

    /**
     * Everything a monitor holds, as plain values to store it by and restore it from. The three
     * slot arrays are rings of {@link #SLOTS} indexed by slot number modulo {@link #SLOTS}; slot
     * {@code newestSlot} is the newest and -1 means none yet. A fired monitor needs no window.
     */
    @SuppressWarnings("ArrayRecordComponent") // codec hand-over, never compared; sharing spares a copy per sample
    public record Snapshot(
            long runStartMillis,
            boolean plannedEasy,
            boolean fired,
            boolean hasLast,
            long lastMillis,
            int lastBpm,
            long warmUpMillis,
            long warmUpAboveMillis,
            long newestSlot,
            int[] slotMillis,
            int[] slotAboveMillis,
            int[] slotHrMillis) {}

    /** The monitor's state; the slot arrays are its own, to be read before its next sample. */
    public Snapshot snapshot() {
        return new Snapshot(
                runStartMillis,
                plannedEasy,
                fired,
                hasLast,
                lastMillis,
                lastBpm,
                warmUpMillis,
                warmUpAboveMillis,
                newestSlot,
                slotMillis,
                slotAboveMillis,
                slotHrMillis);
    }

    public static LiveEffortMonitor restore(Snapshot snapshot) {
        LiveEffortMonitor monitor = new LiveEffortMonitor(snapshot.runStartMillis());
        monitor.plannedEasy = snapshot.plannedEasy();
        monitor.fired = snapshot.fired();
        monitor.hasLast = snapshot.hasLast();
        monitor.lastMillis = snapshot.lastMillis();
        monitor.lastBpm = snapshot.lastBpm();
        monitor.warmUpMillis = snapshot.warmUpMillis();
        monitor.warmUpAboveMillis = snapshot.warmUpAboveMillis();
        monitor.newestSlot = snapshot.newestSlot();
        System.arraycopy(snapshot.slotMillis(), 0, monitor.slotMillis, 0, SLOTS);
        System.arraycopy(snapshot.slotAboveMillis(), 0, monitor.slotAboveMillis, 0, SLOTS);
        System.arraycopy(snapshot.slotHrMillis(), 0, monitor.slotHrMillis, 0, SLOTS);
        for (int i = 0; i < SLOTS; i++) {
            monitor.windowMillis += monitor.slotMillis[i];
            monitor.windowAboveMillis += monitor.slotAboveMillis[i];
            monitor.windowHrMillis += monitor.slotHrMillis[i];
        }
        return monitor;
    }

    public long runStartMillis() {
        return runStartMillis;
    }

    public boolean hasFired() {
        return fired;
    }

    public boolean isPlannedEasy() {
        return plannedEasy;
    }

    /**
     * The run is a planned workout or race: hard efforts are the plan, so the rule must stay silent.
     * Recorded as "fired" because that state already means "never alert again for this run" and is
     * persisted compactly.
     */
    public void markPlannedHard() {
        fired = true;
    }

    /** The run is known to be planned easy, so the rule applies whatever its warm-up looked like. */
    public void markPlannedEasy() {
        plannedEasy = true;
    }

    public Optional<LiveEffortViolation> onSample(
            long eventTimeMillis, int bpm, HeartRateZones zones, LiveEffortRule rule) {
        if (bpm < RunHeartRateAccumulator.MIN_BPM
                || bpm > RunHeartRateAccumulator.MAX_BPM
                || eventTimeMillis < runStartMillis
                || (hasLast && eventTimeMillis <= lastMillis)) {
            return Optional.empty();
        }
        if (hasLast) {
            credit(
                    lastMillis,
                    lastBpm,
                    Math.min(eventTimeMillis - lastMillis, RunHeartRateAccumulator.MAX_CREDIT_MILLIS),
                    zones,
                    rule);
        }
        hasLast = true;
        lastMillis = eventTimeMillis;
        lastBpm = bpm;
        if (fired
                || eventTimeMillis - runStartMillis < rule.warmUpMillis()
                || !(plannedEasy || rule.warmUpWasEasy(warmUpMillis, warmUpAboveMillis))) {
            return Optional.empty();
        }
        advanceTo(slotOf(eventTimeMillis));
        long total = windowMillis;
        long above = windowAboveMillis;
        long hrMillis = windowHrMillis;
        if (!rule.violates(total, above)) {
            return Optional.empty();
        }
        fired = true;
        return Optional.of(new LiveEffortViolation(
                eventTimeMillis,
                (double) above / total,
                zones.easyCeilingBpm(),
                (double) hrMillis / total,
                runStartMillis));
    }

    private void credit(long startMillis, int bpm, long millis, HeartRateZones zones, LiveEffortRule rule) {
        boolean aboveCeiling = !zones.isEasy(bpm);
        if (startMillis - runStartMillis < rule.warmUpMillis()) {
            warmUpMillis += millis;
            if (aboveCeiling) {
                warmUpAboveMillis += millis;
            }
        }
        long slot = slotOf(startMillis);
        advanceTo(slot);
        if (slot <= newestSlot - SLOTS) {
            return;
        }
        int ring = (int) (slot % SLOTS);
        windowMillis -= slotMillis[ring];
        slotMillis[ring] += (int) millis;
        windowMillis += slotMillis[ring];
        windowHrMillis -= slotHrMillis[ring];
        slotHrMillis[ring] += (int) (bpm * millis);
        windowHrMillis += slotHrMillis[ring];
        if (aboveCeiling) {
            windowAboveMillis -= slotAboveMillis[ring];
            slotAboveMillis[ring] += (int) millis;
            windowAboveMillis += slotAboveMillis[ring];
        }
    }

    private long slotOf(long eventTimeMillis) {
        return (eventTimeMillis - runStartMillis) / SLOT_MILLIS;
    }

    private void advanceTo(long slot) {
        if (slot <= newestSlot) {
            return;
        }
        for (long s = Math.max(newestSlot + 1, slot - SLOTS + 1); s <= slot; s++) {
            int ring = (int) (s % SLOTS);
            windowMillis -= slotMillis[ring];
            windowAboveMillis -= slotAboveMillis[ring];
            windowHrMillis -= slotHrMillis[ring];
            slotMillis[ring] = 0;
            slotAboveMillis[ring] = 0;
            slotHrMillis[ring] = 0;
        }
        newestSlot = slot;
    }

    long windowMillis() {
        return windowMillis;
    }

    long windowAboveMillis() {
        return windowAboveMillis;
    }

    long windowHrMillis() {
        return windowHrMillis;
    }

    /** Field-by-field equality for round-trip tests. */
    boolean sameStateAs(LiveEffortMonitor other) {
        return runStartMillis == other.runStartMillis
                && plannedEasy == other.plannedEasy
                && fired == other.fired
                && (fired
                        || (hasLast == other.hasLast
                                && lastMillis == other.lastMillis
                                && lastBpm == other.lastBpm
                                && warmUpMillis == other.warmUpMillis
                                && warmUpAboveMillis == other.warmUpAboveMillis
                                && newestSlot == other.newestSlot
                                && java.util.Arrays.equals(slotMillis, other.slotMillis)
                                && java.util.Arrays.equals(slotAboveMillis, other.slotAboveMillis)
                                && java.util.Arrays.equals(slotHrMillis, other.slotHrMillis)));
    }
}
