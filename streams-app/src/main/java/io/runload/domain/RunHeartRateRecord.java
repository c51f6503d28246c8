package io.runload.domain;

import io.runload.avro.RunEvent;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What a summarised run keeps so that it can be scored again under another profile after its
 * heart-rate accumulation is gone: the run event, the local date it was counted on, and the
 * profile-independent part of its heart rate. That part is the bpm histogram (credited milliseconds
 * and samples per bpm), the quality findings that do not depend on the profile, decoupling and
 * efficiency factor (already gated by {@link SteadyRun}, neither reads the profile), and the minute
 * buckets only when the run's load may be filled from its own pace ({@link PartialHeartRateFill}):
 * a fully covered run never needs them, and they are most of an accumulator's size.
 *
 * <p>{@link #effortUnder} gives the same effort as {@link RunHeartRateAccumulator#summarize} followed
 * by {@link SteadyRun#gate} for any profile, to the last bit, because both score through
 * {@link HistogramEffort}.
 */
public final class RunHeartRateRecord implements BpmHistogram {
    private final RunEvent event;
    private final LocalDate localDate;
    private final int[] bpms;
    private final int[] samples;
    private final long[] creditedMillis;
    private final boolean hrJumps;
    private final boolean cadenceLock;
    private final boolean outOfOrderSamples;
    private final Double decouplingPct;
    private final Double efficiencyFactor;
    private final List<MinuteBucket> minutes;

    /**
     * @param bpms ascending bpm of each histogram bin that holds samples or credit
     * @param minutes the run's minute buckets when a fill may need them, else empty
     */
    public RunHeartRateRecord(
            RunEvent event,
            LocalDate localDate,
            int[] bpms,
            int[] samples,
            long[] creditedMillis,
            boolean hrJumps,
            boolean cadenceLock,
            boolean outOfOrderSamples,
            Double decouplingPct,
            Double efficiencyFactor,
            List<MinuteBucket> minutes) {
        if (bpms.length != samples.length || bpms.length != creditedMillis.length) {
            throw new IllegalArgumentException("histogram arrays differ in length");
        }
        for (int i = 0; i < bpms.length; i++) {
            if (bpms[i] < RunHeartRateAccumulator.MIN_BPM
                    || bpms[i] > RunHeartRateAccumulator.MAX_BPM
                    || (i > 0 && bpms[i] <= bpms[i - 1])) {
                throw new IllegalArgumentException("histogram bpm out of order or range: " + bpms[i]);
            }
        }
        this.event = Objects.requireNonNull(event);
        this.localDate = Objects.requireNonNull(localDate);
        this.bpms = bpms.clone();
        this.samples = samples.clone();
        this.creditedMillis = creditedMillis.clone();
        this.hrJumps = hrJumps;
        this.cadenceLock = cadenceLock;
        this.outOfOrderSamples = outOfOrderSamples;
        this.decouplingPct = decouplingPct;
        this.efficiencyFactor = efficiencyFactor;
        this.minutes = List.copyOf(minutes);
    }

    /**
     * The record of a run just summarised.
     *
     * @param accumulator the run's heart rate, null when none was recorded
     * @param effort the effort published for the run (after {@link SteadyRun#gate}), null without heart rate
     */
    public static RunHeartRateRecord of(
            RunEvent event, LocalDate localDate, RunHeartRateAccumulator accumulator, RunEffort effort) {
        if (accumulator == null || effort == null) {
            return withoutHeartRate(event, localDate);
        }
        int used = 0;
        for (int bpm = RunHeartRateAccumulator.MIN_BPM; bpm <= RunHeartRateAccumulator.MAX_BPM; bpm++) {
            if (accumulator.samplesAt(bpm) != 0 || accumulator.creditedMillisAt(bpm) != 0) {
                used++;
            }
        }
        int[] bpms = new int[used];
        int[] samples = new int[used];
        long[] millis = new long[used];
        int i = 0;
        for (int bpm = RunHeartRateAccumulator.MIN_BPM; bpm <= RunHeartRateAccumulator.MAX_BPM; bpm++) {
            if (accumulator.samplesAt(bpm) != 0 || accumulator.creditedMillisAt(bpm) != 0) {
                bpms[i] = bpm;
                samples[i] = accumulator.samplesAt(bpm);
                millis[i] = accumulator.creditedMillisAt(bpm);
                i++;
            }
        }
        return new RunHeartRateRecord(
                event,
                localDate,
                bpms,
                samples,
                millis,
                accumulator.hrJumps() > 0,
                accumulator.cadenceLockSeconds() > 0,
                accumulator.outOfOrderSamples() > 0,
                effort.decouplingPct(),
                effort.efficiencyFactor(),
                mayBeFilled(event, effort) ? accumulator.minuteBuckets() : List.of());
    }

    public static RunHeartRateRecord withoutHeartRate(RunEvent event, LocalDate localDate) {
        return new RunHeartRateRecord(
                event, localDate, new int[0], new int[0], new long[0], false, false, false, null, null, List.of());
    }

    /** A newer version of the run event, counted on {@code localDate}, with the heart rate kept. */
    public RunHeartRateRecord withEvent(RunEvent newer, LocalDate newerDate) {
        return new RunHeartRateRecord(
                newer,
                newerDate,
                bpms,
                samples,
                creditedMillis,
                hrJumps,
                cadenceLock,
                outOfOrderSamples,
                decouplingPct,
                efficiencyFactor,
                minutes);
    }

    /** The same test as {@link PartialHeartRateFill#resolve}: neither coverage nor heart-rate time read the profile. */
    private static boolean mayBeFilled(RunEvent event, RunEffort effort) {
        int active = event.getMovingTimeSec() == null || event.getMovingTimeSec() == 0
                ? event.getDurationSec()
                : event.getMovingTimeSec();
        return effort.hrCoverage() < 1.0 && active - effort.hrSeconds() >= PartialHeartRateFill.MIN_FILL_SEC;
    }

    /**
     * The run's effort under {@code profile}; null when the record holds no heart rate (as the
     * summary step treats a run without any).
     */
    public RunEffort effortUnder(ResolvedProfile profile) {
        RunEffort effort = HistogramEffort.score(
                profile,
                this,
                event.getDurationSec(),
                maxHr(),
                hrJumps,
                cadenceLock,
                outOfOrderSamples,
                decouplingPct,
                efficiencyFactor);
        return effort.hasHeartRate() ? effort : null;
    }

    /** The highest bpm counted, null without samples: what the accumulator keeps as its maximum. */
    private Integer maxHr() {
        int sampleCount = 0;
        int maxBpm = 0;
        for (int i = 0; i < bpms.length; i++) {
            sampleCount += samples[i];
            if (samples[i] > 0) {
                maxBpm = bpms[i];
            }
        }
        return sampleCount > 0 ? maxBpm : null;
    }

    public RunEvent event() {
        return event;
    }

    public LocalDate localDate() {
        return localDate;
    }

    @Override
    public int binCount() {
        return bpms.length;
    }

    @Override
    public int binBpm(int bin) {
        return bpms[bin];
    }

    @Override
    public int binSamples(int bin) {
        return samples[bin];
    }

    @Override
    public long binCreditedMillis(int bin) {
        return creditedMillis[bin];
    }

    public boolean hrJumps() {
        return hrJumps;
    }

    public boolean cadenceLock() {
        return cadenceLock;
    }

    public boolean outOfOrderSamples() {
        return outOfOrderSamples;
    }

    public Double decouplingPct() {
        return decouplingPct;
    }

    public Double efficiencyFactor() {
        return efficiencyFactor;
    }

    /** The minute buckets a fill may need; empty for a run its heart rate covers. */
    public List<MinuteBucket> minutes() {
        return minutes;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RunHeartRateRecord that
                && event.equals(that.event)
                && localDate.equals(that.localDate)
                && Arrays.equals(bpms, that.bpms)
                && Arrays.equals(samples, that.samples)
                && Arrays.equals(creditedMillis, that.creditedMillis)
                && hrJumps == that.hrJumps
                && cadenceLock == that.cadenceLock
                && outOfOrderSamples == that.outOfOrderSamples
                && Objects.equals(decouplingPct, that.decouplingPct)
                && Objects.equals(efficiencyFactor, that.efficiencyFactor)
                && minutes.equals(that.minutes);
    }

    @Override
    public String toString() {
        return "RunHeartRateRecord[event=" + event + ", localDate=" + localDate + ", bpms=" + Arrays.toString(bpms)
                + ", samples=" + Arrays.toString(samples) + ", creditedMillis=" + Arrays.toString(creditedMillis)
                + ", hrJumps=" + hrJumps + ", cadenceLock=" + cadenceLock + ", outOfOrderSamples=" + outOfOrderSamples
                + ", decouplingPct=" + decouplingPct + ", efficiencyFactor=" + efficiencyFactor + ", minutes=" + minutes
                + "]";
    }

    @Override
    public int hashCode() {
        return Objects.hash(event, localDate, Arrays.hashCode(bpms), Arrays.hashCode(creditedMillis));
    }
}
