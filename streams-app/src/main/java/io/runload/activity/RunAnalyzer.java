package io.runload.activity;

import io.runload.domain.InputPlausibility;
import io.runload.domain.ResolvedProfile;
import io.runload.domain.RunEffort;
import io.runload.domain.RunHeartRateAccumulator;
import io.runload.domain.TrainingLedger;
import java.util.ArrayList;
import java.util.List;

/**
 * Computes a recorded run's effort offline with exactly the domain code the pipeline runs: every
 * sample goes through {@link RunHeartRateAccumulator#add} (interval = gap to the next valid sample,
 * capped at 10 s; the last sample counts 0), then {@link RunHeartRateAccumulator#summarize}.
 */
public final class RunAnalyzer {

    public RunAnalysis analyze(ActivityRecording run, ResolvedProfile profile) {
        RunHeartRateAccumulator accumulator = new RunHeartRateAccumulator();
        int valid = 0;
        int sentinel = 0;
        int outOfRange = 0;
        int withoutHr = 0;
        for (ActivitySample s : run.samples()) {
            if (s.bpm() == null) {
                withoutHr++;
                continue;
            }
            int bpm = s.bpm();
            if (bpm == InputPlausibility.FIT_INVALID_HR) {
                sentinel++;
                continue;
            }
            if (bpm < InputPlausibility.MIN_BPM || bpm > InputPlausibility.MAX_BPM) {
                outOfRange++;
                continue;
            }
            valid++;
            accumulator.add(
                    s.timeMillis(),
                    bpm,
                    s.speedMps() == null ? Double.NaN : s.speedMps(),
                    s.cadenceSpm() == null ? -1 : s.cadenceSpm());
        }
        RunEffort effort = accumulator.summarize(profile, run.start().toEpochMilli(), run.durationSec());
        List<String> flags = new ArrayList<>(effort.qualityFlags());
        if (sentinel > 0) {
            flags.add(RunAnalysis.INVALID_HR_SENTINEL);
        }
        if (outOfRange > 0) {
            flags.add(RunAnalysis.HR_OUT_OF_RANGE);
        }
        int moving = run.movingTimeSec() == null || run.movingTimeSec() == 0 ? run.durationSec() : run.movingTimeSec();
        // A ledger without history gives the pipeline's default easy load per minute.
        double estimated = new TrainingLedger().estimatedLoad(moving / 60.0);
        return new RunAnalysis(run, profile, effort, valid, sentinel, outOfRange, withoutHr, estimated, flags);
    }
}
