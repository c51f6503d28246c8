package io.runload.state;

import io.runload.domain.LiveEffortMonitor;
import io.runload.domain.RunHeartRateAccumulator;

/** The live monitor of a run in progress, as part of the heart-rate store value. */
public final class LiveEffortMonitorCodec {

    /** Version 2 writes each slot behind a flag byte (see {@link #write}); version 1 is still read. */
    private static final byte FORMAT_VERSION = 2;

    private static final byte FORMAT_VERSION_PLAIN_SLOTS = 1;
    private static final int HAS_LAST = 1;
    private static final int PLANNED_EASY = 1 << 1;
    private static final int FIRED = 1 << 2;
    private static final int SLOTS = LiveEffortMonitor.SLOTS;
    private static final long SLOT_MILLIS = LiveEffortMonitor.SLOT_MILLIS;

    private LiveEffortMonitorCodec() {}

    // A fired monitor keeps no window, it only has to remember that it fired.
    // The monitor is rewritten with every sample, so a slot is written behind one flag byte: a full
    // 10 s slot, no or all time above the ceiling, and whole-second heart-rate sums (1 Hz data)
    // leave only the heart-rate sum in seconds, 2 bytes instead of about 6.

    private static final int SLOT_FULL = 1;
    private static final int SLOT_NONE_ABOVE = 1 << 1;
    private static final int SLOT_ALL_ABOVE = 1 << 2;
    private static final int SLOT_HR_WHOLE_SECONDS = 1 << 3;

    public static byte[] encode(LiveEffortMonitor monitor) {
        CompactBytesOut out = new CompactBytesOut(64);
        write(out, monitor);
        return out.toByteArray();
    }

    public static LiveEffortMonitor decode(byte[] bytes) {
        CompactBytesIn in = new CompactBytesIn(bytes);
        LiveEffortMonitor monitor = read(in);
        if (!in.atEnd()) {
            throw CompactBytesIn.corrupt("trailing bytes after LiveEffortMonitor");
        }
        return monitor;
    }

    static void write(CompactBytesOut out, LiveEffortMonitor monitor) {
        LiveEffortMonitor.Snapshot m = monitor.snapshot();
        boolean hasLast = m.hasLast();
        boolean fired = m.fired();
        long runStartMillis = m.runStartMillis();
        long newestSlot = m.newestSlot();
        out.writeByte(FORMAT_VERSION);
        out.writeByte((hasLast ? HAS_LAST : 0) | (m.plannedEasy() ? PLANNED_EASY : 0) | (fired ? FIRED : 0));
        out.writeSigned(runStartMillis);
        if (fired) {
            return;
        }
        if (hasLast) {
            out.writeUnsigned(m.lastMillis() - runStartMillis);
            out.writeByte(m.lastBpm() - RunHeartRateAccumulator.MIN_BPM);
        }
        out.writeUnsigned(m.warmUpMillis());
        out.writeUnsigned(m.warmUpAboveMillis());
        out.writeSigned(newestSlot);
        for (long s = Math.max(0, newestSlot - SLOTS + 1); s <= newestSlot; s++) {
            int ring = (int) (s % SLOTS);
            int millis = m.slotMillis()[ring];
            int above = m.slotAboveMillis()[ring];
            int hr = m.slotHrMillis()[ring];
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

    static LiveEffortMonitor read(CompactBytesIn in) {
        int format = in.readByte();
        if (format != FORMAT_VERSION && format != FORMAT_VERSION_PLAIN_SLOTS) {
            throw CompactBytesIn.corrupt("unknown LiveEffortMonitor format " + format);
        }
        int flags = in.readByte();
        long runStartMillis = in.readSigned();
        boolean plannedEasy = (flags & PLANNED_EASY) != 0;
        int[] slotMillis = new int[SLOTS];
        int[] slotAboveMillis = new int[SLOTS];
        int[] slotHrMillis = new int[SLOTS];
        if ((flags & FIRED) != 0) {
            return LiveEffortMonitor.restore(new LiveEffortMonitor.Snapshot(
                    runStartMillis,
                    plannedEasy,
                    true,
                    false,
                    0,
                    0,
                    0,
                    0,
                    -1,
                    slotMillis,
                    slotAboveMillis,
                    slotHrMillis));
        }
        boolean hasLast = (flags & HAS_LAST) != 0;
        long lastMillis = 0;
        int lastBpm = 0;
        if (hasLast) {
            lastMillis = runStartMillis + in.readUnsigned();
            lastBpm = in.readByte() + RunHeartRateAccumulator.MIN_BPM;
        }
        long warmUpMillis = in.readUnsigned();
        long warmUpAboveMillis = in.readUnsigned();
        long newestSlot = in.readSigned();
        if (newestSlot < -1) {
            throw CompactBytesIn.corrupt("slot " + newestSlot);
        }
        for (long s = Math.max(0, newestSlot - SLOTS + 1); s <= newestSlot; s++) {
            int ring = (int) (s % SLOTS);
            if (format == FORMAT_VERSION_PLAIN_SLOTS) {
                slotMillis[ring] = in.readUnsignedInt();
                slotAboveMillis[ring] = in.readUnsignedInt();
                slotHrMillis[ring] = in.readUnsignedInt();
                continue;
            }
            int slotFlags = in.readByte();
            int millis = (slotFlags & SLOT_FULL) != 0 ? (int) SLOT_MILLIS : in.readUnsignedInt();
            slotMillis[ring] = millis;
            slotAboveMillis[ring] = (slotFlags & SLOT_NONE_ABOVE) != 0
                    ? 0
                    : (slotFlags & SLOT_ALL_ABOVE) != 0 ? millis : in.readUnsignedInt();
            int hr = in.readUnsignedInt();
            if ((slotFlags & SLOT_HR_WHOLE_SECONDS) != 0) {
                if (hr > Integer.MAX_VALUE / 1000) {
                    throw CompactBytesIn.corrupt("slot heart-rate sum " + hr + " s");
                }
                hr *= 1000;
            }
            slotHrMillis[ring] = hr;
        }
        return LiveEffortMonitor.restore(new LiveEffortMonitor.Snapshot(
                runStartMillis,
                plannedEasy,
                false,
                hasLast,
                lastMillis,
                lastBpm,
                warmUpMillis,
                warmUpAboveMillis,
                newestSlot,
                slotMillis,
                slotAboveMillis,
                slotHrMillis));
    }
}
