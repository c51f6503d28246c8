package io.runload.runtime;

/** Maps a topic name to a fixed, low-cardinality label for metrics. */
public final class InputNames {
    private InputNames() {}

    public static String logical(String topic) {
        if (topic == null) {
            return "none";
        }
        if (topic.endsWith("hr-samples.v1")) {
            return "hr-samples";
        }
        if (topic.endsWith("runs.v1")) {
            return "runs";
        }
        if (topic.endsWith("athlete-profiles.v1")) {
            return "athlete-profiles";
        }
        if (topic.endsWith("erasures.v1")) {
            return "erasures";
        }
        return "other";
    }
}
