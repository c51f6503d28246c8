package io.runload.activity;

/**
 * How much one activity file may make the parsers do. A real activity is far below both limits
 * (a day at 1 Hz is 86,400 samples; a triathlon has a handful of sessions); a crafted file that
 * goes past one is refused with one line instead of costing gigabytes of heap. Samples count
 * every record or track point read, and again every time a session or track takes one in, so
 * overlapping sessions cannot multiply the work either.
 *
 * @param maxActivities sessions (FIT), activities (TCX) or tracks (GPX) in one file
 * @param maxSamples records or track points read from one file, and samples handed out across its runs
 */
public record ActivityLimits(int maxActivities, int maxSamples) {

    public static final ActivityLimits DEFAULT = new ActivityLimits(100, 200_000);

    public ActivityLimits {
        if (maxActivities < 1 || maxSamples < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }

    UnreadableActivityException tooManyActivities(String what) {
        return new UnreadableActivityException("file has more than " + maxActivities + " " + what
                + "; RunLoad reads at most " + maxActivities + " per file");
    }

    UnreadableActivityException tooManySamples(String what) {
        return new UnreadableActivityException("file has more than " + maxSamples + " " + what
                + "; RunLoad reads at most " + maxSamples + " per file");
    }
}
