package io.runload.domain;

/** An EASY_RUN_TOO_HARD finding: {@code shareAbove} of the last 5 minutes' HR time was above the easy ceiling. */
public record LiveEffortViolation(
        long eventTimeMillis, double shareAbove, double easyCeilingBpm, double meanHrLast5Min, long runStartMillis) {}
