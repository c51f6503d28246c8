package io.runload.topology;

import java.util.List;

/** RunLoad's topic names, all under one configurable prefix. */
public record TopicNames(String prefix) {
    public String hrSamples() {
        return prefix + "hr-samples.v1";
    }

    public String runs() {
        return prefix + "runs.v1";
    }

    public String athleteProfiles() {
        return prefix + "athlete-profiles.v1";
    }

    public String runSummaries() {
        return prefix + "run-summaries.v1";
    }

    public String weeklyVolume() {
        return prefix + "weekly-volume.v1";
    }

    public String alerts() {
        return prefix + "alerts.v1";
    }

    public String deadLetters() {
        return prefix + "dlq.v1";
    }

    /** Erasure requests (GDPR art. 17), keyed by athleteId and co-partitioned with the other inputs. */
    public String erasures() {
        return prefix + "erasures.v1";
    }

    /** One receipt per completed erasure, keyed by athleteId. */
    public String erasureReceipts() {
        return prefix + "erasure-receipts.v1";
    }

    public List<String> inputs() {
        return List.of(hrSamples(), runs(), athleteProfiles(), erasures());
    }

    public List<String> outputs() {
        return List.of(runSummaries(), weeklyVolume(), alerts(), deadLetters(), erasureReceipts());
    }
}
