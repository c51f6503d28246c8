package io.runload.domain;

import io.runload.avro.IntensityClass;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Heart-rate effort of one run under one resolved profile. {@code hrCoverage} is credited HR seconds
 * over the run's duration, capped at 1; {@code easySeconds} and {@code hrSeconds} feed the weekly
 * easy-time share.
 */
// The zone array is cloned in and out, and equals, hashCode and toString below use its contents.
@SuppressWarnings("ArrayRecordComponent")
public record RunEffort(
        double trimp,
        int[] timeInZoneSec,
        Double avgHr,
        Integer maxHr,
        IntensityClass intensity,
        Double decouplingPct,
        Double efficiencyFactor,
        double hrCoverage,
        int samplesAboveProfileMax,
        List<String> qualityFlags,
        long easySeconds,
        long hrSeconds) {

    public RunEffort {
        if (timeInZoneSec.length != HeartRateZones.ZONE_COUNT) {
            throw new IllegalArgumentException("timeInZoneSec needs " + HeartRateZones.ZONE_COUNT + " entries");
        }
        timeInZoneSec = timeInZoneSec.clone();
        qualityFlags = List.copyOf(qualityFlags);
    }

    @Override
    public int[] timeInZoneSec() {
        return timeInZoneSec.clone();
    }

    public boolean hasHeartRate() {
        return hrSeconds > 0;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RunEffort that
                && Double.compare(trimp, that.trimp) == 0
                && Arrays.equals(timeInZoneSec, that.timeInZoneSec)
                && Objects.equals(avgHr, that.avgHr)
                && Objects.equals(maxHr, that.maxHr)
                && intensity == that.intensity
                && Objects.equals(decouplingPct, that.decouplingPct)
                && Objects.equals(efficiencyFactor, that.efficiencyFactor)
                && Double.compare(hrCoverage, that.hrCoverage) == 0
                && samplesAboveProfileMax == that.samplesAboveProfileMax
                && qualityFlags.equals(that.qualityFlags)
                && easySeconds == that.easySeconds
                && hrSeconds == that.hrSeconds;
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                trimp,
                Arrays.hashCode(timeInZoneSec),
                avgHr,
                maxHr,
                intensity,
                decouplingPct,
                efficiencyFactor,
                hrCoverage,
                samplesAboveProfileMax,
                qualityFlags,
                easySeconds,
                hrSeconds);
    }

    @Override
    public String toString() {
        return "RunEffort[trimp=" + trimp + ", timeInZoneSec=" + Arrays.toString(timeInZoneSec)
                + ", avgHr=" + avgHr + ", maxHr=" + maxHr + ", intensity=" + intensity
                + ", decouplingPct=" + decouplingPct + ", efficiencyFactor=" + efficiencyFactor
                + ", hrCoverage=" + hrCoverage + ", samplesAboveProfileMax=" + samplesAboveProfileMax
                + ", qualityFlags=" + qualityFlags + ", easySeconds=" + easySeconds + ", hrSeconds=" + hrSeconds + "]";
    }
}
