package io.runload.activity;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What an import did. Samples are skipped, never silently: each skipped sample is counted under the
 * validation reason the pipeline would have dead-lettered it with ({@code hr_invalid_sentinel},
 * {@code bpm_out_of_range}, ...), and points without any heart rate under {@code no_hr}.
 *
 * @param filesWithoutRuns files that were read but hold only other sports
 */
public record ImportReport(
        int filesFound,
        int filesRead,
        int filesWithoutRuns,
        int runsSent,
        long samplesSent,
        Map<String, Long> samplesSkipped,
        List<ImportFailure> failures,
        Duration elapsed) {

    public ImportReport {
        samplesSkipped = Map.copyOf(samplesSkipped);
        failures = List.copyOf(failures);
    }

    public boolean succeeded() {
        return failures.isEmpty();
    }
}
