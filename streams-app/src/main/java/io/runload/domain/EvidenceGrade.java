package io.runload.domain;

/**
 * How strong the evidence behind an alert rule is (docs/alerts.md), so that a reader can weigh an
 * alert by its source rather than by its wording.
 */
public enum EvidenceGrade {
    /** A large prospective cohort (thousands of runners) links the condition to injury, with an effect size. */
    A,
    /** A smaller cohort or trial, or a consensus statement. */
    B,
    /** Expert opinion, a training-model convention, or a descriptive figure with no shown link to injury. */
    C
}
