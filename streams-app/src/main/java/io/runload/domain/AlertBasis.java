package io.runload.domain;

import java.util.Objects;

/**
 * What an alert rests on: which rule, in which version, compared which measured value with which
 * threshold, and the evidence behind that rule. Kept apart from the alert's message and evidence map
 * so that it does not enter the alert's fingerprint: citing a source better, or bumping a rule's
 * version, must not re-send alerts whose figures and severity are unchanged (docs/alerts.md).
 *
 * @param threshold the lower edge (upper, for a rule that fires below it) of the band the measured
 *     value falls in, in {@code unit}
 * @param doi the main source's DOI, null where it has none or it has not been checked
 */
public record AlertBasis(
        String ruleId,
        int ruleVersion,
        double threshold,
        double measuredValue,
        String unit,
        String source,
        String doi,
        EvidenceGrade grade) {

    public AlertBasis {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(grade, "grade");
    }
}
