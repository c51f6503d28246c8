package io.runload.activity;

import io.runload.domain.ResolvedProfile;
import io.runload.domain.RunEffort;
import java.util.List;

/**
 * The offline summary of one recorded run: the effort the pipeline would compute (TRIMP, zones,
 * decoupling, flags) plus what the file said about the samples that were skipped.
 *
 * @param sentinelSamples samples whose heart rate was FIT's 255 "invalid" value
 * @param outOfRangeSamples samples with a heart rate outside 30..230 bpm (other than 255)
 * @param samplesWithoutHr points that carried no heart rate at all (GPS-only points)
 * @param estimatedLoad the duration-based load the pipeline falls back to when HR does not cover the run
 * @param qualityFlags the effort's flags, then {@link #INVALID_HR_SENTINEL} and {@link #HR_OUT_OF_RANGE}
 */
public record RunAnalysis(
        ActivityRecording recording,
        ResolvedProfile profile,
        RunEffort effort,
        int validHrSamples,
        int sentinelSamples,
        int outOfRangeSamples,
        int samplesWithoutHr,
        double estimatedLoad,
        List<String> qualityFlags) {

    /** At least one FIT 255 heart rate was skipped. */
    public static final String INVALID_HR_SENTINEL = "INVALID_HR_SENTINEL";
    /** At least one heart rate outside 30..230 bpm was skipped. */
    public static final String HR_OUT_OF_RANGE = "HR_OUT_OF_RANGE";

    public RunAnalysis {
        qualityFlags = List.copyOf(qualityFlags);
    }

    public int durationSec() {
        return recording.durationSec();
    }

    public double distanceMeters() {
        return recording.distanceMeters();
    }

    public int skippedSamples() {
        return sentinelSamples + outOfRangeSamples;
    }
}
