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
public final class RunHeartRateAccumulator implements BpmHistogram {

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

    /** One histogram bin per bpm from {@link #MIN_BPM} to {@link #MAX_BPM}. */
    public static final int BINS = MAX_BPM - MIN_BPM + 1;

    private static final long MINUTE = 60_000L;
    private static final int UNKNOWN = -1;
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

    /**
     * Everything an accumulator holds, as plain values to store it by and restore it from. A last
     * speed or cadence of -1 is unknown, a {@code cadenceStreakStart} of {@link Long#MIN_VALUE}
     * means no open streak; {@code recent} holds {@code recentCount} timestamps newest first; the
     * bins are indexed by bpm - {@link #MIN_BPM}; the minute arrays hold {@code minuteCount}
     * buckets (they may be longer). A snapshot shares the accumulator's arrays, so it is read
     * before the next sample; {@link #restore} copies them.
     */
    // A hand-over to the codec, never compared or hashed; sharing the arrays spares a copy per sample.
    @SuppressWarnings("ArrayRecordComponent")
    public record Snapshot(
            int sampleCount,
            long firstMillis,
            long lastMillis,
            int lastBpm,
            int lastSpeedMmps,
            int lastCadence,
            int maxBpm,
            int hrJumps,
            int outOfOrderSamples,
            int duplicateSamples,
            long cadenceStreakStart,
            long cadenceLockedMillis,
            boolean minutesTruncated,
            long[] recent,
            int recentCount,
            long[] binMillis,
            int[] binSamples,
            int minuteCount,
            int[] minuteMillis,
            long[] minuteHrMillis,
            long[] minuteSpeedMillis,
            int[] minuteSpeedKnownMillis) {}

    public Snapshot snapshot() {
        return new Snapshot(
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
                minuteCount,
                minuteMillis,
                minuteHrMillis,
                minuteSpeedMillis,
                minuteSpeedKnownMillis);
    }

    public static RunHeartRateAccumulator restore(Snapshot snapshot) {
        RunHeartRateAccumulator run = new RunHeartRateAccumulator();
        if (snapshot.recentCount() > RECENT_TIMESTAMPS
                || snapshot.binMillis().length != BINS
                || snapshot.binSamples().length != BINS
                || snapshot.minuteCount() > MAX_MINUTES) {
            throw new IllegalArgumentException("snapshot outside the accumulator's bounds");
        }
        run.sampleCount = snapshot.sampleCount();
        run.firstMillis = snapshot.firstMillis();
        run.lastMillis = snapshot.lastMillis();
        run.lastBpm = snapshot.lastBpm();
        run.lastSpeedMmps = snapshot.lastSpeedMmps();
        run.lastCadence = snapshot.lastCadence();
        run.maxBpm = snapshot.maxBpm();
        run.hrJumps = snapshot.hrJumps();
        run.outOfOrderSamples = snapshot.outOfOrderSamples();
        run.duplicateSamples = snapshot.duplicateSamples();
        run.cadenceStreakStart = snapshot.cadenceStreakStart();
        run.cadenceLockedMillis = snapshot.cadenceLockedMillis();
        run.minutesTruncated = snapshot.minutesTruncated();
        run.recentCount = snapshot.recentCount();
        System.arraycopy(snapshot.recent(), 0, run.recent, 0, run.recentCount);
        System.arraycopy(snapshot.binMillis(), 0, run.binMillis, 0, BINS);
        System.arraycopy(snapshot.binSamples(), 0, run.binSamples, 0, BINS);
        for (int i = 0; i < BINS; i++) {
            if (run.binSamples[i] != 0 || run.binMillis[i] != 0) {
                run.lowestBin = Math.min(run.lowestBin, i);
                run.highestBin = Math.max(run.highestBin, i);
            }
        }
        int minutes = snapshot.minuteCount();
        if (minutes > 0) {
            run.growMinutes(minutes);
            System.arraycopy(snapshot.minuteMillis(), 0, run.minuteMillis, 0, minutes);
            System.arraycopy(snapshot.minuteHrMillis(), 0, run.minuteHrMillis, 0, minutes);
            System.arraycopy(snapshot.minuteSpeedMillis(), 0, run.minuteSpeedMillis, 0, minutes);
            System.arraycopy(snapshot.minuteSpeedKnownMillis(), 0, run.minuteSpeedKnownMillis, 0, minutes);
        }
        return run;
    }

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

    /** Every bin from {@link #MIN_BPM} to {@link #MAX_BPM}, empty ones included. */
    @Override
    public int binCount() {
        return BINS;
    }

    @Override
    public int binBpm(int bin) {
        return MIN_BPM + bin;
    }

    @Override
    public int binSamples(int bin) {
        return binSamples[bin];
    }

    @Override
    public long binCreditedMillis(int bin) {
        return binMillis[bin];
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
        long warmUpEnd = runStartMillis + WARM_UP_MILLIS;
        long runEnd = runStartMillis + runDurationSec * 1000L;
        return HistogramEffort.score(
                profile,
                this,
                runDurationSec,
                sampleCount > 0 ? maxBpm : null,
                hrJumps > 0,
                cadenceLockSeconds() > 0,
                outOfOrderSamples > 0,
                runDurationSec >= DECOUPLING_MIN_DURATION_SEC ? decouplingPct(warmUpEnd, runEnd) : null,
                efficiencyFactor(warmUpEnd, runEnd));
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
