package io.runload.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HeartRateCompletenessTest {
    private static final long END = 3_600_000;

    @Test
    void completeWhenTheRunsSamplesReachItsEnd() {
        assertThat(HeartRateCompleteness.complete(END, Long.MIN_VALUE, END)).isTrue();
        assertThat(HeartRateCompleteness.complete(END - 1_000, Long.MIN_VALUE, END))
                .isTrue();
        assertThat(HeartRateCompleteness.complete(END - 1_001, END - 1_001, END))
                .isFalse();
    }

    @Test
    void completeWhenTheAthletesSamplesHaveMovedPastTheRun() {
        assertThat(HeartRateCompleteness.complete(Long.MIN_VALUE, END, END)).isTrue();
        assertThat(HeartRateCompleteness.complete(END - 600_000, END + 5_000, END))
                .isTrue();
    }

    @Test
    void incompleteWithoutAnySample() {
        assertThat(HeartRateCompleteness.complete(Long.MIN_VALUE, Long.MIN_VALUE, END))
                .isFalse();
    }
}
