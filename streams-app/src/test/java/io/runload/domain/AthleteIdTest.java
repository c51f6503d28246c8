package io.runload.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AthleteIdTest {

    @Test
    void acceptsTheDocumentedForm() {
        for (String id : new String[] {"a", "sim-0001", "user@example.com", "org:team+1", "A_b.c-9", "x".repeat(128)}) {
            assertThat(AthleteId.isValid(id)).as(id).isTrue();
        }
    }

    @Test
    void refusesEverythingElse() {
        for (String id : new String[] {
            null,
            "",
            "x".repeat(129),
            "sim-0001\u0000evil",
            "a\tb",
            "a\u007f",
            "a\u0085b",
            "a b",
            "a/b",
            "a%00",
            "caf\u00e9",
            "a\uFFFD",
            "\u2028"
        }) {
            assertThat(AthleteId.isValid(id)).as(String.valueOf(id)).isFalse();
        }
    }
}
