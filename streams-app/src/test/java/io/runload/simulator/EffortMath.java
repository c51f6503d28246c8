package io.runload.simulator;

import io.runload.avro.AthleteProfile;
import io.runload.avro.HeartRateSample;
import java.util.List;

/** Independent re-statements of docs/domain.md formulas, to check that the data triggers what it should. */
final class EffortMath {

    private EffortMath() {}

    static double hrr(HeartRateSample sample, AthleteProfile profile) {
        return (sample.getBpm() - profile.getRestingHr()) / (double) (profile.getMaxHr() - profile.getRestingHr());
    }

    static boolean valid(HeartRateSample sample) {
        return sample.getBpm() >= 30 && sample.getBpm() <= 230;
    }

    /** Banister TRIMP, summed per sample with dt capped at 10 s (docs/domain.md), k = 1.92. */
    static double trimp(List<HeartRateSample> samples, AthleteProfile profile) {
        List<HeartRateSample> valid = samples.stream().filter(EffortMath::valid).toList();
        double total = 0;
        for (int i = 0; i + 1 < valid.size(); i++) {
            double dtMin = Math.min(
                            10,
                            (valid.get(i + 1).getEventTime().toEpochMilli()
                                            - valid.get(i).getEventTime().toEpochMilli())
                                    / 1000.0)
                    / 60;
            double x = Math.max(0, Math.min(1, hrr(valid.get(i), profile)));
            total += dtMin * x * 0.64 * Math.exp(1.92 * x);
        }
        return total;
    }

    /** Share of samples above the easy ceiling (70% HRR) whose time is in [fromMs, toMs). */
    static double shareAboveEasy(List<HeartRateSample> samples, AthleteProfile profile, long fromMs, long toMs) {
        List<HeartRateSample> window = samples.stream()
                .filter(EffortMath::valid)
                .filter(s -> s.getEventTime().toEpochMilli() >= fromMs
                        && s.getEventTime().toEpochMilli() < toMs)
                .toList();
        return window.stream().filter(s -> hrr(s, profile) > 0.70).count() / (double) Math.max(1, window.size());
    }
}
