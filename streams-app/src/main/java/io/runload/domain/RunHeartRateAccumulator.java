package io.runload.domain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Heart-rate record of one run, kept so that TRIMP, time in zones and decoupling can be computed
 * exactly later, for whichever profile applies when the run is summarized (the profile may change,
 * and the run event may arrive after its samples).
 *
 * <p>Each sample is credited the gap to the NEXT in-order sample, capped at {@link #MAX_CREDIT_MILLIS}
 * so that pauses and dropouts add no effort (docs/domain.md); the newest sample therefore holds no credit
 * until its successor arrives. Credit is kept as a histogram of milliseconds per bpm (30..230), which
 * is all TRIMP and zones need, plus per-minute-of-run buckets (origin: the first sample) of HR and
 * speed for decoupling and efficiency factor. Raw samples are not kept.
 */
public final class RunHeartRateAccumulator {

    public static final int MIN_BPM = 30;
    public static final int MAX_BPM = 230;
    public static final long MAX_CREDIT_MILLIS = 10_000;
    /** docs/domain.md: a jump is more than 30 bpm within 2 s. */
    public static final int JUMP_BPM = 30;

    public static final long JUMP_WINDOW_MILLIS = 2_000;
    /** docs/domain.md: HR equal to cadence for more than 30 s is cadence lock. */
    public static final long CADENCE_LOCK_MILLIS = 30_000;
    /** Minute buckets stop after 8 hours so that a runaway session cannot grow the state without bound. */
    public static final int MAX_MINUTES = 480;
    /** Above this (well over sprint world-record pace) a speed reading is a GPS glitch and is ignored. */
    public static final double MAX_PLAUSIBLE_SPEED_MPS = 15.0;
    /**
     * How many recent timestamps are remembered to recognise re-sent samples. An older re-send cannot
     * be told from an out-of-order sample without keeping every timestamp, so it is counted as
     * out of order: flagged, but credited nothing, so load and zones stay exact.
     */
    public static final int RECENT_TIMESTAMPS = 8;

    /** Decoupling/EF: skip the warm-up (docs/domain.md, "Aerobic decoupling"). */
    public static final long WARM_UP_MILLIS = 10 * 60_000L;

    public static final int DECOUPLING_MIN_DURATION_SEC = 40 * 60;
    /** Each half needs 5 minutes of speed, and speed for half of its HR time, or decoupling is noise. */
    public static final long DECOUPLING_MIN_HALF_SPEED_MILLIS = 5 * 60_000L;

    public static final long EF_MIN_SPEED_MILLIS = 60_000L;
    public static final double MIN_SPEED_COVERAGE = 0.5;
    public static final double LOW_COVERAGE = 0.5;
    public static final int ABOVE_MAX_MARGIN_BPM = 5;

    private static final int BINS = MAX_BPM - MIN_BPM + 1;
    private static final long MINUTE = 60_000L;
    private static final int UNKNOWN = -1;
    /** Version 2 may store a minute's sums in whole seconds (flag in its kind byte); version 1 is still read. */
    private static final byte FORMAT_VERSION = 2;

    private static final byte FORMAT_VERSION_MILLIS_SUMS = 1;

    private int sampleCount;
    private long firstMillis;
    private long lastMillis;
    private int lastBpm;
    private int lastSpeedMmps = UNKNOWN;
    private int lastCadence = UNKNOWN;
    private int maxBpm;
    private int hrJumps;
    private int outOfOrderSamples;
    private int duplicateSamples;
    private long cadenceStreakStart = Long.MIN_VALUE;
    private long cadenceLockedMillis;
    private boolean minutesTruncated;

    private final long[] recent = new long[RECENT_TIMESTAMPS];
    private int recentCount;

    private final long[] binMillis = new long[BINS];
    private final int[] binSamples = new int[BINS];
    /** Range of bins holding samples (credit only goes to counted bpm), so encoding skips the ~180 empty ones. */
    private int lowestBin = BINS;

    private int highestBin = -1;

    private int minuteCount;
    private int[] minuteMillis = new int[0];
    private long[] minuteHrMillis = new long[0];
    private long[] minuteSpeedMillis = new long[0];
    private int[] minuteSpeedKnownMillis = new int[0];

    public AddOutcome add(long eventTimeMillis, int bpm, double speedMps, int cadenceSpm) {
        if (bpm < MIN_BPM || bpm > MAX_BPM) {
            return AddOutcome.INVALID;
        }
        int speedMmps = speedMmps(speedMps);
        int cadence = cadenceSpm > 0 ? cadenceSpm : UNKNOWN;
        if (sampleCount == 0) {
            firstMillis = eventTimeMillis;
            becomeNewest(eventTimeMillis, bpm, speedMmps, cadence);
            if (cadence == bpm) {
                cadenceStreakStart = eventTimeMillis;
            }
            return AddOutcome.ACCEPTED;
        }
        if (isRecent(eventTimeMillis)) {
            duplicateSamples++;
            return AddOutcome.DUPLICATE;
        }
        if (eventTimeMillis < lastMillis) {
            outOfOrderSamples++;
            countSample(bpm);
            return AddOutcome.OUT_OF_ORDER;
        }
        long gap = eventTimeMillis - lastMillis;
        credit(lastBpm, lastMillis, Math.min(gap, MAX_CREDIT_MILLIS), lastSpeedMmps);
        if (gap <= JUMP_WINDOW_MILLIS && Math.abs(bpm - lastBpm) > JUMP_BPM) {
            hrJumps++;
        }
        trackCadenceLock(eventTimeMillis, gap, bpm == cadence);
        becomeNewest(eventTimeMillis, bpm, speedMmps, cadence);
        return AddOutcome.ACCEPTED;
    }

    private void becomeNewest(long eventTimeMillis, int bpm, int speedMmps, int cadence) {
        lastMillis = eventTimeMillis;
        lastBpm = bpm;
        lastSpeedMmps = speedMmps;
        lastCadence = cadence;
        System.arraycopy(recent, 0, recent, 1, RECENT_TIMESTAMPS - 1);
        recent[0] = eventTimeMillis;
        recentCount = Math.min(recentCount + 1, RECENT_TIMESTAMPS);
        countSample(bpm);
    }

    private void countSample(int bpm) {
        sampleCount++;
        int bin = bpm - MIN_BPM;
        binSamples[bin]++;
        lowestBin = Math.min(lowestBin, bin);
        highestBin = Math.max(highestBin, bin);
        maxBpm = Math.max(maxBpm, bpm);
    }

    /** A re-send of one of the most recent samples, which {@link #add} would count as a duplicate. */
    boolean isResend(long eventTimeMillis) {
        return sampleCount > 0 && isRecent(eventTimeMillis);
    }

    private boolean isRecent(long eventTimeMillis) {
        for (int i = 0; i < recentCount; i++) {
            if (recent[i] == eventTimeMillis) {
                return true;
            }
        }
        return false;
    }

    /** A lock streak runs from its first to its last matching sample; a gap beyond the credit cap breaks it. */
    private void trackCadenceLock(long eventTimeMillis, long gap, boolean locked) {
        boolean streakOpen = cadenceStreakStart != Long.MIN_VALUE;
        if (streakOpen && (!locked || gap > MAX_CREDIT_MILLIS)) {
            closeCadenceStreak();
            streakOpen = false;
        }
        if (locked && !streakOpen) {
            cadenceStreakStart = eventTimeMillis;
        }
    }

    private void closeCadenceStreak() {
        long span = lastMillis - cadenceStreakStart;
        if (span > CADENCE_LOCK_MILLIS) {
            cadenceLockedMillis += span;
        }
        cadenceStreakStart = Long.MIN_VALUE;
    }

    private void credit(int bpm, long startMillis, long millis, int speedMmps) {
        binMillis[bpm - MIN_BPM] += millis;
        long minute = (startMillis - firstMillis) / MINUTE;
        if (minute >= MAX_MINUTES) {
            minutesTruncated = true;
            return;
        }
        int index = (int) minute;
        if (index >= minuteCount) {
            growMinutes(index + 1);
        }
        minuteMillis[index] += (int) millis;
        minuteHrMillis[index] += bpm * millis;
        if (speedMmps != UNKNOWN) {
            minuteSpeedMillis[index] += speedMmps * millis;
            minuteSpeedKnownMillis[index] += (int) millis;
        }
    }

    private void growMinutes(int count) {
        if (count > minuteMillis.length) {
            int capacity = Math.min(MAX_MINUTES, Math.max(count, Math.max(16, minuteMillis.length * 2)));
            minuteMillis = Arrays.copyOf(minuteMillis, capacity);
            minuteHrMillis = Arrays.copyOf(minuteHrMillis, capacity);
            minuteSpeedMillis = Arrays.copyOf(minuteSpeedMillis, capacity);
            minuteSpeedKnownMillis = Arrays.copyOf(minuteSpeedKnownMillis, capacity);
        }
        minuteCount = count;
    }

    private static int speedMmps(double speedMps) {
        if (!(speedMps >= 0 && speedMps <= MAX_PLAUSIBLE_SPEED_MPS)) {
            return UNKNOWN;
        }
        return (int) Math.round(speedMps * 1000);
    }

    // ---- facts ------------------------------------------------------------------------------

    public boolean isEmpty() {
        return sampleCount == 0;
    }

    /** Valid samples counted, including out-of-order ones and excluding duplicates. */
    public int sampleCount() {
        return sampleCount;
    }

    public long firstMillis() {
        return firstMillis;
    }

    /** Newest in-order sample time. */
    public long lastMillis() {
        return lastMillis;
    }

    public int hrJumps() {
        return hrJumps;
    }

    public int outOfOrderSamples() {
        return outOfOrderSamples;
    }

    public int duplicateSamples() {
        return duplicateSamples;
    }

    /** Seconds spent in cadence-lock streaks longer than 30 s, including a streak still open. */
    public long cadenceLockSeconds() {
        long millis = cadenceLockedMillis;
        if (cadenceStreakStart != Long.MIN_VALUE && lastMillis - cadenceStreakStart > CADENCE_LOCK_MILLIS) {
            millis += lastMillis - cadenceStreakStart;
        }
        return millis / 1000;
    }

    /** Milliseconds credited so far to samples of exactly {@code bpm}. */
    public long creditedMillisAt(int bpm) {
        return bpm < MIN_BPM || bpm > MAX_BPM ? 0 : binMillis[bpm - MIN_BPM];
    }

    /** Valid samples counted at exactly {@code bpm}, credited or not. */
    public int samplesAt(int bpm) {
        return bpm < MIN_BPM || bpm > MAX_BPM ? 0 : binSamples[bpm - MIN_BPM];
    }

    public long creditedMillis() {
        long total = 0;
        for (long millis : binMillis) {
            total += millis;
        }
        return total;
    }

    /**
     * The per-minute buckets (origin: the first sample), in order; a minute without credited heart
     * rate is included with zero millis. Empty after truncation at {@link #MAX_MINUTES}, because the
     * minutes past it are unknown.
     */
    public List<MinuteBucket> minuteBuckets() {
        if (minutesTruncated) {
            return List.of();
        }
        List<MinuteBucket> buckets = new ArrayList<>(minuteCount);
        for (int m = 0; m < minuteCount; m++) {
            buckets.add(new MinuteBucket(
                    firstMillis + m * MINUTE,
                    minuteMillis[m],
                    minuteHrMillis[m],
                    minuteSpeedKnownMillis[m],
                    minuteSpeedMillis[m] / 1_000_000.0));
        }
        return List.copyOf(buckets);
    }

    // ---- summary ----------------------------------------------------------------------------

    /**
     * Effort of the run under {@code profile}. Decoupling and EF work at minute-bucket resolution:
     * a bucket counts as after the warm-up when it starts at least 10 minutes after
     * {@code runStartMillis}, and as inside the run when it starts before the run's end. The buckets
     * after the warm-up are split into two halves by count; with an odd count the middle minute is
     * shared equally.
     */
    public RunEffort summarize(ResolvedProfile profile, long runStartMillis, int runDurationSec) {
        HeartRateZones zones = profile.zones();
        double k = profile.trimpK();
        long[] zoneMillis = new long[HeartRateZones.ZONE_COUNT];
        double trimp = 0;
        long hrMillis = 0;
        long easyMillis = 0;
        double sumHrMillis = 0;
        int aboveMax = 0;
        for (int i = 0; i < BINS; i++) {
            int bpm = MIN_BPM + i;
            if (bpm > profile.maxHr() + ABOVE_MAX_MARGIN_BPM) {
                aboveMax += binSamples[i];
            }
            long millis = binMillis[i];
            if (millis == 0) {
                continue;
            }
            trimp += millis / (double) MINUTE * BanisterTrimp.perMinute(zones.hrrFraction(bpm), k);
            zoneMillis[zones.zoneIndex(bpm)] += millis;
            hrMillis += millis;
            sumHrMillis += (double) bpm * millis;
            if (zones.isEasy(bpm)) {
                easyMillis += millis;
            }
        }
        int[] timeInZoneSec = new int[HeartRateZones.ZONE_COUNT];
        for (int z = 0; z < timeInZoneSec.length; z++) {
            timeInZoneSec[z] = (int) Math.round(zoneMillis[z] / 1000.0);
        }
        double coverage =
                runDurationSec > 0 ? Math.min(1.0, hrMillis / 1000.0 / runDurationSec) : (hrMillis > 0 ? 1.0 : 0.0);

        List<String> flags = new ArrayList<>();
        if (hrMillis == 0) {
            flags.add(HrQualityFlag.NO_HR.name());
        } else if (coverage < LOW_COVERAGE) {
            flags.add(HrQualityFlag.LOW_HR_COVERAGE.name());
        }
        if (hrJumps > 0) {
            flags.add(HrQualityFlag.HR_JUMPS.name());
        }
        if (cadenceLockSeconds() > 0) {
            flags.add(HrQualityFlag.CADENCE_LOCK.name());
        }
        if (outOfOrderSamples > 0) {
            flags.add(HrQualityFlag.OUT_OF_ORDER_SAMPLES.name());
        }
        if (aboveMax > 0) {
            flags.add(HrQualityFlag.HR_ABOVE_PROFILE_MAX.name());
        }

        long warmUpEnd = runStartMillis + WARM_UP_MILLIS;
        long runEnd = runStartMillis + runDurationSec * 1000L;
        return new RunEffort(
                trimp,
                timeInZoneSec,
                hrMillis > 0 ? sumHrMillis / hrMillis : null,
                sampleCount > 0 ? maxBpm : null,
                IntensityRule.classify(zoneMillis),
                runDurationSec >= DECOUPLING_MIN_DURATION_SEC ? decouplingPct(warmUpEnd, runEnd) : null,
                efficiencyFactor(warmUpEnd, runEnd),
                coverage,
                aboveMax,
                flags,
                Math.round(easyMillis / 1000.0),
                Math.round(hrMillis / 1000.0));
    }

    private int firstBucketFrom(long warmUpEnd) {
        long offset = warmUpEnd - firstMillis;
        if (offset <= 0) {
            return 0;
        }
        return (int) Math.min(Integer.MAX_VALUE, (offset + MINUTE - 1) / MINUTE);
    }

    private int bucketEndBefore(long runEnd) {
        long offset = runEnd - firstMillis;
        if (offset <= 0) {
            return 0;
        }
        return (int) Math.min(minuteCount, (offset + MINUTE - 1) / MINUTE);
    }

    private Double decouplingPct(long warmUpEnd, long runEnd) {
        if (minutesTruncated) {
            return null;
        }
        int from = firstBucketFrom(warmUpEnd);
        int to = bucketEndBefore(runEnd);
        int count = to - from;
        if (count < 2) {
            return null;
        }
        EfficiencySums first = new EfficiencySums();
        EfficiencySums second = new EfficiencySums();
        for (int j = 0; j < count; j++) {
            int bucket = from + j;
            if (j < count / 2) {
                first.add(this, bucket, 1.0);
            } else if (count % 2 == 1 && j == count / 2) {
                first.add(this, bucket, 0.5);
                second.add(this, bucket, 0.5);
            } else {
                second.add(this, bucket, 1.0);
            }
        }
        if (!first.hasSpeed(DECOUPLING_MIN_HALF_SPEED_MILLIS) || !second.hasSpeed(DECOUPLING_MIN_HALF_SPEED_MILLIS)) {
            return null;
        }
        double ef1 = first.efficiencyFactor();
        double ef2 = second.efficiencyFactor();
        return ef1 > 0 ? (ef1 - ef2) / ef1 * 100 : null;
    }

    private Double efficiencyFactor(long warmUpEnd, long runEnd) {
        EfficiencySums sums = new EfficiencySums();
        int to = bucketEndBefore(runEnd);
        for (int bucket = firstBucketFrom(warmUpEnd); bucket < to; bucket++) {
            sums.add(this, bucket, 1.0);
        }
        return sums.hasSpeed(EF_MIN_SPEED_MILLIS) ? sums.efficiencyFactor() : null;
    }

    /** Weighted sums over minute buckets; speed is held in mm/s, EF reported in (m/min) per bpm. */
    private static final class EfficiencySums {
        double hrMillis;
        double sumHrMillis;
        double speedKnownMillis;
        double sumSpeedMillis;

        void add(RunHeartRateAccumulator run, int bucket, double weight) {
            hrMillis += weight * run.minuteMillis[bucket];
            sumHrMillis += weight * run.minuteHrMillis[bucket];
            speedKnownMillis += weight * run.minuteSpeedKnownMillis[bucket];
            sumSpeedMillis += weight * run.minuteSpeedMillis[bucket];
        }

        boolean hasSpeed(long minimumMillis) {
            return speedKnownMillis >= minimumMillis && speedKnownMillis >= MIN_SPEED_COVERAGE * hrMillis;
        }

        double efficiencyFactor() {
            double metresPerMinute = sumSpeedMillis / speedKnownMillis * 60.0 / 1000.0;
            double meanHr = sumHrMillis / hrMillis;
            return metresPerMinute / meanHr;
        }
    }

    // ---- codec ------------------------------------------------------------------------------
    // Sized for 1 Hz data: a histogram bin stores its credited ms as the difference from
    // samples * 1000 ms, and a minute bucket its ms as the difference from 60 000, both zigzag,
    // so regular recordings cost one byte for each.

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

    public byte[] toBytes() {
        CompactBytesOut out = new CompactBytesOut(256 + minuteCount * 12);
        writeTo(out);
        return out.toByteArray();
    }

    public static RunHeartRateAccumulator fromBytes(byte[] bytes) {
        CompactBytesIn in = new CompactBytesIn(bytes);
        RunHeartRateAccumulator run = readFrom(in);
        if (!in.atEnd()) {
            throw CompactBytesIn.corrupt("trailing bytes after RunHeartRateAccumulator");
        }
        return run;
    }

    void writeTo(CompactBytesOut out) {
        out.writeByte(FORMAT_VERSION);
        boolean streakOpen = cadenceStreakStart != Long.MIN_VALUE;
        int flags = (sampleCount > 0 ? HAS_SAMPLES : 0)
                | (minutesTruncated ? TRUNCATED : 0)
                | (streakOpen ? STREAK_OPEN : 0)
                | (lastSpeedMmps != UNKNOWN ? LAST_SPEED_KNOWN : 0)
                | (lastCadence != UNKNOWN ? LAST_CADENCE_KNOWN : 0);
        out.writeByte(flags);
        if (sampleCount == 0) {
            return;
        }
        out.writeSigned(firstMillis);
        out.writeUnsigned(lastMillis - firstMillis);
        out.writeByte(lastBpm - MIN_BPM);
        if (lastSpeedMmps != UNKNOWN) {
            out.writeUnsigned(lastSpeedMmps);
        }
        if (lastCadence != UNKNOWN) {
            out.writeUnsigned(lastCadence);
        }
        out.writeUnsigned(sampleCount);
        out.writeByte(maxBpm - MIN_BPM);
        out.writeUnsigned(hrJumps);
        out.writeUnsigned(outOfOrderSamples);
        out.writeUnsigned(duplicateSamples);
        if (streakOpen) {
            out.writeUnsigned(lastMillis - cadenceStreakStart);
        }
        out.writeUnsigned(cadenceLockedMillis);
        out.writeByte(recentCount);
        for (int i = 1; i < recentCount; i++) {
            out.writeUnsigned(lastMillis - recent[i]);
        }

        int usedBins = 0;
        for (int i = lowestBin; i <= highestBin; i++) {
            if (binSamples[i] != 0 || binMillis[i] != 0) {
                usedBins++;
            }
        }
        out.writeUnsigned(usedBins);
        int previous = 0;
        for (int i = lowestBin; i <= highestBin; i++) {
            if (binSamples[i] != 0 || binMillis[i] != 0) {
                out.writeUnsigned(i - previous);
                out.writeUnsigned(binSamples[i]);
                out.writeSigned(binMillis[i] - binSamples[i] * 1000L);
                previous = i;
            }
        }

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

    static RunHeartRateAccumulator readFrom(CompactBytesIn in) {
        int format = in.readByte();
        if (format != FORMAT_VERSION && format != FORMAT_VERSION_MILLIS_SUMS) {
            throw CompactBytesIn.corrupt("unknown RunHeartRateAccumulator format " + format);
        }
        int flags = in.readByte();
        RunHeartRateAccumulator run = new RunHeartRateAccumulator();
        if ((flags & HAS_SAMPLES) == 0) {
            return run;
        }
        run.minutesTruncated = (flags & TRUNCATED) != 0;
        run.firstMillis = in.readSigned();
        run.lastMillis = run.firstMillis + in.readUnsigned();
        run.lastBpm = bpmFrom(in.readByte());
        run.lastSpeedMmps = (flags & LAST_SPEED_KNOWN) != 0 ? in.readUnsignedInt() : UNKNOWN;
        run.lastCadence = (flags & LAST_CADENCE_KNOWN) != 0 ? in.readUnsignedInt() : UNKNOWN;
        run.sampleCount = in.readUnsignedInt();
        run.maxBpm = bpmFrom(in.readByte());
        run.hrJumps = in.readUnsignedInt();
        run.outOfOrderSamples = in.readUnsignedInt();
        run.duplicateSamples = in.readUnsignedInt();
        if ((flags & STREAK_OPEN) != 0) {
            run.cadenceStreakStart = run.lastMillis - in.readUnsigned();
        }
        run.cadenceLockedMillis = in.readUnsigned();
        run.recentCount = in.readByte();
        if (run.recentCount < 1 || run.recentCount > RECENT_TIMESTAMPS) {
            throw CompactBytesIn.corrupt("recent timestamp count " + run.recentCount);
        }
        run.recent[0] = run.lastMillis;
        for (int i = 1; i < run.recentCount; i++) {
            run.recent[i] = run.lastMillis - in.readUnsigned();
        }

        int usedBins = in.readUnsignedInt();
        int index = 0;
        for (int b = 0; b < usedBins; b++) {
            index += in.readUnsignedInt();
            if (index >= BINS) {
                throw CompactBytesIn.corrupt("bpm bin " + index);
            }
            run.binSamples[index] = in.readUnsignedInt();
            run.binMillis[index] = in.readSigned() + run.binSamples[index] * 1000L;
            run.lowestBin = Math.min(run.lowestBin, index);
            run.highestBin = Math.max(run.highestBin, index);
        }

        int minutes = in.readUnsignedInt();
        if (minutes > MAX_MINUTES) {
            throw CompactBytesIn.corrupt("minute bucket count " + minutes);
        }
        if (minutes > 0) {
            run.growMinutes(minutes);
        }
        for (int m = 0; m < minutes; m++) {
            int kindByte = in.readByte();
            int kind = kindByte & MINUTE_KIND_MASK;
            long multiplier = format != FORMAT_VERSION_MILLIS_SUMS && (kindByte & MINUTE_WHOLE_SECONDS) != 0 ? 1000 : 1;
            run.minuteMillis[m] = (int) (in.readSigned() + MINUTE);
            run.minuteHrMillis[m] = Math.multiplyExact(in.readUnsigned(), multiplier);
            if (kind == MINUTE_PARTIAL_SPEED) {
                run.minuteSpeedKnownMillis[m] = in.readUnsignedInt();
            } else if (kind == MINUTE_FULL_SPEED) {
                run.minuteSpeedKnownMillis[m] = run.minuteMillis[m];
            }
            if (kind != MINUTE_NO_SPEED) {
                run.minuteSpeedMillis[m] = Math.multiplyExact(in.readUnsigned(), multiplier);
            }
        }
        return run;
    }

    private static int bpmFrom(int storedByte) {
        int bpm = storedByte + MIN_BPM;
        if (bpm > MAX_BPM) {
            throw CompactBytesIn.corrupt("bpm " + bpm);
        }
        return bpm;
    }

    /** Field-by-field equality, so round-trip tests can compare a decoded copy with the original. */
    boolean sameStateAs(RunHeartRateAccumulator other) {
        return sampleCount == other.sampleCount
                && firstMillis == other.firstMillis
                && lastMillis == other.lastMillis
                && lastBpm == other.lastBpm
                && lastSpeedMmps == other.lastSpeedMmps
                && lastCadence == other.lastCadence
                && maxBpm == other.maxBpm
                && hrJumps == other.hrJumps
                && outOfOrderSamples == other.outOfOrderSamples
                && duplicateSamples == other.duplicateSamples
                && cadenceStreakStart == other.cadenceStreakStart
                && cadenceLockedMillis == other.cadenceLockedMillis
                && minutesTruncated == other.minutesTruncated
                && recentCount == other.recentCount
                && Arrays.equals(recent, 0, recentCount, other.recent, 0, other.recentCount)
                && Arrays.equals(binMillis, other.binMillis)
                && Arrays.equals(binSamples, other.binSamples)
                && minuteCount == other.minuteCount
                && Arrays.equals(minuteMillis, 0, minuteCount, other.minuteMillis, 0, minuteCount)
                && Arrays.equals(minuteHrMillis, 0, minuteCount, other.minuteHrMillis, 0, minuteCount)
                && Arrays.equals(minuteSpeedMillis, 0, minuteCount, other.minuteSpeedMillis, 0, minuteCount)
                && Arrays.equals(minuteSpeedKnownMillis, 0, minuteCount, other.minuteSpeedKnownMillis, 0, minuteCount);
    }
}
