package io.runload.simulator;

/**
 * How a device samples heart rate.
 *
 * @param gapChancePerSecond chance, at each recorded second, that "smart recording" skips ahead
 * @param minGapSec          shortest smart-recording gap, in seconds
 * @param maxGapSec          longest smart-recording gap, in seconds
 * @param dropoutChancePerRun chance that a run has one longer signal loss (20-90 s)
 * @param invalidChancePerRun chance that a run carries one FIT "invalid" reading (255 bpm)
 */
public record RecordingStyle(
        double gapChancePerSecond,
        int minGapSec,
        int maxGapSec,
        double dropoutChancePerRun,
        double invalidChancePerRun) {

    /** Wearables record about 1 Hz or with 1-9 s smart gaps (docs/domain.md, "Data the pipeline must survive"). */
    public static final RecordingStyle MOSTLY_ONE_HZ = new RecordingStyle(0.004, 2, 9, 0.2, 0.15);

    public static final RecordingStyle SMART = new RecordingStyle(0.45, 2, 9, 0.2, 0.15);
    /** Every second, nothing lost: for tests that count samples. */
    public static final RecordingStyle STRICT_ONE_HZ = new RecordingStyle(0, 1, 1, 0, 0);

    public RecordingStyle {
        if (minGapSec < 1 || maxGapSec < minGapSec) {
            throw new IllegalArgumentException("gap range must be 1 <= min <= max");
        }
    }

    RecordingStyle withInvalidChance(double chance) {
        return new RecordingStyle(gapChancePerSecond, minGapSec, maxGapSec, dropoutChancePerRun, chance);
    }
}
