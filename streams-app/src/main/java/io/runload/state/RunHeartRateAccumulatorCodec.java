package io.runload.state;

import io.runload.domain.RunHeartRateAccumulator;

/**
 * One run's heart-rate accumulator, as part of the heart-rate store value. Sized for 1 Hz data: a
 * histogram bin stores its credited ms as the difference from samples * 1000 ms, and a minute
 * bucket its ms as the difference from 60 000, both zigzag, so regular recordings cost one byte
 * for each.
 */
public final class RunHeartRateAccumulatorCodec {

    /** Version 2 may store a minute's sums in whole seconds (flag in its kind byte); version 1 is still read. */
    private static final byte FORMAT_VERSION = 2;

    private static final byte FORMAT_VERSION_MILLIS_SUMS = 1;

    private static final int MIN_BPM = RunHeartRateAccumulator.MIN_BPM;
    private static final int BINS = RunHeartRateAccumulator.BINS;
    private static final int UNKNOWN = -1;
    private static final long MINUTE = 60_000L;

    private static final int HAS_SAMPLES = 1;
    private static final int TRUNCATED = 1 << 1;
    private static final int STREAK_OPEN = 1 << 2;
    private static final int LAST_SPEED_KNOWN = 1 << 3;
    private static final int LAST_CADENCE_KNOWN = 1 << 4;

    private static final int MINUTE_NO_SPEED = 0;
    private static final int MINUTE_FULL_SPEED = 1;
    private static final int MINUTE_PARTIAL_SPEED = 2;
    private static final int MINUTE_KIND_MASK = 3;
    /** 1 Hz data credits whole seconds, so a minute's HR and speed sums divide by 1000: 2 to 3 bytes fewer. */
    private static final int MINUTE_WHOLE_SECONDS = 4;

    private RunHeartRateAccumulatorCodec() {}

    public static byte[] encode(RunHeartRateAccumulator run) {
        RunHeartRateAccumulator.Snapshot snapshot = run.snapshot();
        CompactBytesOut out = new CompactBytesOut(sizeHint(snapshot));
        write(out, snapshot);
        return out.toByteArray();
    }

    public static RunHeartRateAccumulator decode(byte[] bytes) {
        CompactBytesIn in = new CompactBytesIn(bytes);
        RunHeartRateAccumulator run = read(in);
        if (!in.atEnd()) {
            throw CompactBytesIn.corrupt("trailing bytes after RunHeartRateAccumulator");
        }
        return run;
    }

    private static int sizeHint(RunHeartRateAccumulator.Snapshot snapshot) {
        return 256 + snapshot.minuteCount() * 12;
    }

    private static void write(CompactBytesOut out, RunHeartRateAccumulator.Snapshot r) {
        out.writeByte(FORMAT_VERSION);
        boolean streakOpen = r.cadenceStreakStart() != Long.MIN_VALUE;
        int flags = (r.sampleCount() > 0 ? HAS_SAMPLES : 0)
                | (r.minutesTruncated() ? TRUNCATED : 0)
                | (streakOpen ? STREAK_OPEN : 0)
                | (r.lastSpeedMmps() != UNKNOWN ? LAST_SPEED_KNOWN : 0)
                | (r.lastCadence() != UNKNOWN ? LAST_CADENCE_KNOWN : 0);
        out.writeByte(flags);
        if (r.sampleCount() == 0) {
            return;
        }
        long lastMillis = r.lastMillis();
        out.writeSigned(r.firstMillis());
        out.writeUnsigned(lastMillis - r.firstMillis());
        out.writeByte(r.lastBpm() - MIN_BPM);
        if (r.lastSpeedMmps() != UNKNOWN) {
            out.writeUnsigned(r.lastSpeedMmps());
        }
        if (r.lastCadence() != UNKNOWN) {
            out.writeUnsigned(r.lastCadence());
        }
        out.writeUnsigned(r.sampleCount());
        out.writeByte(r.maxBpm() - MIN_BPM);
        out.writeUnsigned(r.hrJumps());
        out.writeUnsigned(r.outOfOrderSamples());
        out.writeUnsigned(r.duplicateSamples());
        if (streakOpen) {
            out.writeUnsigned(lastMillis - r.cadenceStreakStart());
        }
        out.writeUnsigned(r.cadenceLockedMillis());
        out.writeByte(r.recentCount());
        long[] recent = r.recent();
        for (int i = 1; i < r.recentCount(); i++) {
            out.writeUnsigned(lastMillis - recent[i]);
        }

        long[] binMillis = r.binMillis();
        int[] binSamples = r.binSamples();
        int usedBins = 0;
        for (int i = 0; i < BINS; i++) {
            if (binSamples[i] != 0 || binMillis[i] != 0) {
                usedBins++;
            }
        }
        out.writeUnsigned(usedBins);
        int previous = 0;
        for (int i = 0; i < BINS; i++) {
            if (binSamples[i] != 0 || binMillis[i] != 0) {
                out.writeUnsigned(i - previous);
                out.writeUnsigned(binSamples[i]);
                out.writeSigned(binMillis[i] - binSamples[i] * 1000L);
                previous = i;
            }
        }

        int minuteCount = r.minuteCount();
        int[] minuteMillis = r.minuteMillis();
        long[] minuteHrMillis = r.minuteHrMillis();
        long[] minuteSpeedMillis = r.minuteSpeedMillis();
        int[] minuteSpeedKnownMillis = r.minuteSpeedKnownMillis();
        out.writeUnsigned(minuteCount);
        for (int m = 0; m < minuteCount; m++) {
            int known = minuteSpeedKnownMillis[m];
            int kind =
                    known == 0 ? MINUTE_NO_SPEED : known == minuteMillis[m] ? MINUTE_FULL_SPEED : MINUTE_PARTIAL_SPEED;
            boolean wholeSeconds = minuteHrMillis[m] % 1000 == 0 && minuteSpeedMillis[m] % 1000 == 0;
            int divisor = wholeSeconds ? 1000 : 1;
            out.writeByte(kind | (wholeSeconds ? MINUTE_WHOLE_SECONDS : 0));
            out.writeSigned(minuteMillis[m] - MINUTE);
            out.writeUnsigned(minuteHrMillis[m] / divisor);
            if (kind == MINUTE_PARTIAL_SPEED) {
                out.writeUnsigned(known);
            }
            if (kind != MINUTE_NO_SPEED) {
                out.writeUnsigned(minuteSpeedMillis[m] / divisor);
            }
        }
    }

    static RunHeartRateAccumulator read(CompactBytesIn in) {
        int format = in.readByte();
        if (format != FORMAT_VERSION && format != FORMAT_VERSION_MILLIS_SUMS) {
            throw CompactBytesIn.corrupt("unknown RunHeartRateAccumulator format " + format);
        }
        int flags = in.readByte();
        if ((flags & HAS_SAMPLES) == 0) {
            return new RunHeartRateAccumulator();
        }
        boolean minutesTruncated = (flags & TRUNCATED) != 0;
        long firstMillis = in.readSigned();
        long lastMillis = firstMillis + in.readUnsigned();
        int lastBpm = bpmFrom(in.readByte());
        int lastSpeedMmps = (flags & LAST_SPEED_KNOWN) != 0 ? in.readUnsignedInt() : UNKNOWN;
        int lastCadence = (flags & LAST_CADENCE_KNOWN) != 0 ? in.readUnsignedInt() : UNKNOWN;
        int sampleCount = in.readUnsignedInt();
        int maxBpm = bpmFrom(in.readByte());
        int hrJumps = in.readUnsignedInt();
        int outOfOrderSamples = in.readUnsignedInt();
        int duplicateSamples = in.readUnsignedInt();
        long cadenceStreakStart = Long.MIN_VALUE;
        if ((flags & STREAK_OPEN) != 0) {
            cadenceStreakStart = lastMillis - in.readUnsigned();
        }
        long cadenceLockedMillis = in.readUnsigned();
        int recentCount = in.readByte();
        if (recentCount < 1 || recentCount > RunHeartRateAccumulator.RECENT_TIMESTAMPS) {
            throw CompactBytesIn.corrupt("recent timestamp count " + recentCount);
        }
        long[] recent = new long[RunHeartRateAccumulator.RECENT_TIMESTAMPS];
        recent[0] = lastMillis;
        for (int i = 1; i < recentCount; i++) {
            recent[i] = lastMillis - in.readUnsigned();
        }

        long[] binMillis = new long[BINS];
        int[] binSamples = new int[BINS];
        int usedBins = in.readUnsignedInt();
        int index = 0;
        for (int b = 0; b < usedBins; b++) {
            index += in.readUnsignedInt();
            if (index >= BINS) {
                throw CompactBytesIn.corrupt("bpm bin " + index);
            }
            binSamples[index] = in.readUnsignedInt();
            binMillis[index] = in.readSigned() + binSamples[index] * 1000L;
        }

        int minutes = in.readUnsignedInt();
        if (minutes > RunHeartRateAccumulator.MAX_MINUTES) {
            throw CompactBytesIn.corrupt("minute bucket count " + minutes);
        }
        int[] minuteMillis = new int[minutes];
        long[] minuteHrMillis = new long[minutes];
        long[] minuteSpeedMillis = new long[minutes];
        int[] minuteSpeedKnownMillis = new int[minutes];
        for (int m = 0; m < minutes; m++) {
            int kindByte = in.readByte();
            int kind = kindByte & MINUTE_KIND_MASK;
            long multiplier = format != FORMAT_VERSION_MILLIS_SUMS && (kindByte & MINUTE_WHOLE_SECONDS) != 0 ? 1000 : 1;
            minuteMillis[m] = (int) (in.readSigned() + MINUTE);
            minuteHrMillis[m] = Math.multiplyExact(in.readUnsigned(), multiplier);
            if (kind == MINUTE_PARTIAL_SPEED) {
                minuteSpeedKnownMillis[m] = in.readUnsignedInt();
            } else if (kind == MINUTE_FULL_SPEED) {
                minuteSpeedKnownMillis[m] = minuteMillis[m];
            }
            if (kind != MINUTE_NO_SPEED) {
                minuteSpeedMillis[m] = Math.multiplyExact(in.readUnsigned(), multiplier);
            }
        }
        return RunHeartRateAccumulator.restore(new RunHeartRateAccumulator.Snapshot(
                sampleCount,
                firstMillis,
                lastMillis,
                lastBpm,
                lastSpeedMmps,
                lastCadence,
                maxBpm,
                hrJumps,
                outOfOrderSamples,
                duplicateSamples,
                cadenceStreakStart,
                cadenceLockedMillis,
                minutesTruncated,
                recent,
                recentCount,
                binMillis,
                binSamples,
                minutes,
                minuteMillis,
                minuteHrMillis,
                minuteSpeedMillis,
                minuteSpeedKnownMillis));
    }

    private static int bpmFrom(int storedByte) {
        int bpm = storedByte + MIN_BPM;
        if (bpm > RunHeartRateAccumulator.MAX_BPM) {
            throw CompactBytesIn.corrupt("bpm " + bpm);
        }
        return bpm;
    }
}
