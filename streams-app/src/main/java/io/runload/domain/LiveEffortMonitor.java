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

    static final int SLOTS = 30;
    static final long SLOT_MILLIS = 10_000;

    /** Version 2 writes each slot behind a flag byte (see {@link #writeTo}); version 1 is still read. */
    private static final byte FORMAT_VERSION = 2;

    private static final byte FORMAT_VERSION_PLAIN_SLOTS = 1;
    private static final int HAS_LAST = 1;
    private static final int PLANNED_EASY = 1 << 1;
    private static final int FIRED = 1 << 2;

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

    public LiveEffortMonitor(long runStartMillis) {
        this.runStartMillis = runStartMillis;
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
        long total = 0;
        long above = 0;
        long hrMillis = 0;
        for (int i = 0; i < SLOTS; i++) {
            total += slotMillis[i];
            above += slotAboveMillis[i];
            hrMillis += slotHrMillis[i];
        }
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
        slotMillis[ring] += (int) millis;
        slotHrMillis[ring] += (int) (bpm * millis);
        if (aboveCeiling) {
            slotAboveMillis[ring] += (int) millis;
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
            slotMillis[ring] = 0;
            slotAboveMillis[ring] = 0;
            slotHrMillis[ring] = 0;
        }
        newestSlot = slot;
    }

    // ---- codec: a fired monitor keeps no window, it only has to remember that it fired ------
    // The monitor is rewritten with every sample, so a slot is written behind one flag byte: a full
    // 10 s slot, no or all time above the ceiling, and whole-second heart-rate sums (1 Hz data)
    // leave only the heart-rate sum in seconds, 2 bytes instead of about 6.

    private static final int SLOT_FULL = 1;
    private static final int SLOT_NONE_ABOVE = 1 << 1;
    private static final int SLOT_ALL_ABOVE = 1 << 2;
    private static final int SLOT_HR_WHOLE_SECONDS = 1 << 3;

    public byte[] toBytes() {
        CompactBytesOut out = new CompactBytesOut(64);
        writeTo(out);
        return out.toByteArray();
    }

    public static LiveEffortMonitor fromBytes(byte[] bytes) {
        CompactBytesIn in = new CompactBytesIn(bytes);
        LiveEffortMonitor monitor = readFrom(in);
        if (!in.atEnd()) {
            throw CompactBytesIn.corrupt("trailing bytes after LiveEffortMonitor");
        }
        return monitor;
    }

    void writeTo(CompactBytesOut out) {
        out.writeByte(FORMAT_VERSION);
        out.writeByte((hasLast ? HAS_LAST : 0) | (plannedEasy ? PLANNED_EASY : 0) | (fired ? FIRED : 0));
        out.writeSigned(runStartMillis);
        if (fired) {
            return;
        }
        if (hasLast) {
            out.writeUnsigned(lastMillis - runStartMillis);
            out.writeByte(lastBpm - RunHeartRateAccumulator.MIN_BPM);
        }
        out.writeUnsigned(warmUpMillis);
        out.writeUnsigned(warmUpAboveMillis);
        out.writeSigned(newestSlot);
        for (long s = Math.max(0, newestSlot - SLOTS + 1); s <= newestSlot; s++) {
            int ring = (int) (s % SLOTS);
            int millis = slotMillis[ring];
            int above = slotAboveMillis[ring];
            int hr = slotHrMillis[ring];
            int flags = (millis == SLOT_MILLIS ? SLOT_FULL : 0)
                    | (above == 0 ? SLOT_NONE_ABOVE : above == millis ? SLOT_ALL_ABOVE : 0)
                    | (hr % 1000 == 0 ? SLOT_HR_WHOLE_SECONDS : 0);
            out.writeByte(flags);
            if ((flags & SLOT_FULL) == 0) {
                out.writeUnsigned(millis);
            }
            if ((flags & (SLOT_NONE_ABOVE | SLOT_ALL_ABOVE)) == 0) {
                out.writeUnsigned(above);
            }
            out.writeUnsigned((flags & SLOT_HR_WHOLE_SECONDS) != 0 ? hr / 1000 : hr);
        }
    }

    static LiveEffortMonitor readFrom(CompactBytesIn in) {
        int format = in.readByte();
        if (format != FORMAT_VERSION && format != FORMAT_VERSION_PLAIN_SLOTS) {
            throw CompactBytesIn.corrupt("unknown LiveEffortMonitor format " + format);
        }
        int flags = in.readByte();
        LiveEffortMonitor monitor = new LiveEffortMonitor(in.readSigned());
        monitor.plannedEasy = (flags & PLANNED_EASY) != 0;
        monitor.fired = (flags & FIRED) != 0;
        if (monitor.fired) {
            return monitor;
        }
        monitor.hasLast = (flags & HAS_LAST) != 0;
        if (monitor.hasLast) {
            monitor.lastMillis = monitor.runStartMillis + in.readUnsigned();
            monitor.lastBpm = in.readByte() + RunHeartRateAccumulator.MIN_BPM;
        }
        monitor.warmUpMillis = in.readUnsigned();
        monitor.warmUpAboveMillis = in.readUnsigned();
        monitor.newestSlot = in.readSigned();
        if (monitor.newestSlot < -1) {
            throw CompactBytesIn.corrupt("slot " + monitor.newestSlot);
        }
        for (long s = Math.max(0, monitor.newestSlot - SLOTS + 1); s <= monitor.newestSlot; s++) {
            int ring = (int) (s % SLOTS);
            if (format == FORMAT_VERSION_PLAIN_SLOTS) {
                monitor.slotMillis[ring] = in.readUnsignedInt();
                monitor.slotAboveMillis[ring] = in.readUnsignedInt();
                monitor.slotHrMillis[ring] = in.readUnsignedInt();
                continue;
            }
            int slotFlags = in.readByte();
            int millis = (slotFlags & SLOT_FULL) != 0 ? (int) SLOT_MILLIS : in.readUnsignedInt();
            monitor.slotMillis[ring] = millis;
            monitor.slotAboveMillis[ring] = (slotFlags & SLOT_NONE_ABOVE) != 0
                    ? 0
                    : (slotFlags & SLOT_ALL_ABOVE) != 0 ? millis : in.readUnsignedInt();
            int hr = in.readUnsignedInt();
            if ((slotFlags & SLOT_HR_WHOLE_SECONDS) != 0) {
                if (hr > Integer.MAX_VALUE / 1000) {
                    throw CompactBytesIn.corrupt("slot heart-rate sum " + hr + " s");
                }
                hr *= 1000;
            }
            monitor.slotHrMillis[ring] = hr;
        }
        return monitor;
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
