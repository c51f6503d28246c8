package io.runload.domain;

import io.runload.avro.LoadSource;
import java.util.Objects;

/**
 * The load a run counts with, how it was obtained and how far to trust it.
 *
 * @param confidence 0..1, see {@link PartialHeartRateFill}
 * @param estimated true when most of the value is not measured heart rate (less than half the run
 *     covered, or the duration estimate): such a load does not feed later estimates
 */
public record RunLoad(double value, LoadSource source, double confidence, boolean estimated) {
    public RunLoad {
        Objects.requireNonNull(source, "source");
        if (!(value >= 0) || !(confidence >= 0 && confidence <= 1)) {
            throw new IllegalArgumentException("load " + value + " or confidence " + confidence + " out of range");
        }
    }
}
