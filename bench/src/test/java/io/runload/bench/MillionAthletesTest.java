package io.runload.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MillionAthletesTest {
    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void everyOccurrenceOfTheSampleIdIsReplacedAndTheLengthKept() {
        byte[] key = utf8("t-0000001\u0000t-0000001-20261010");

        byte[] copy = MillionAthletes.replaced(key, utf8("t-0000001"), utf8("m-0000042"));

        assertThat(new String(copy, StandardCharsets.UTF_8)).isEqualTo("m-0000042\u0000m-0000042-20261010");
        assertThat(copy).hasSameSizeAs(key);
        assertThat(new String(key, StandardCharsets.UTF_8)).startsWith("t-0000001");
    }

    @Test
    void bytesWithoutTheSampleIdAreCopiedUnchanged() {
        byte[] value = {1, 2, 3, 't', '-', '0'};

        assertThat(MillionAthletes.replaced(value, utf8("t-0000001"), utf8("m-0000042")))
                .containsExactly(1, 2, 3, 't', '-', '0');
    }
}
