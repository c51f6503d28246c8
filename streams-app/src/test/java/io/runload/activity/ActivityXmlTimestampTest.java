package io.runload.activity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The digit-by-digit reading of TCX and GPX timestamps against the JDK's ISO-8601 parsers. */
class ActivityXmlTimestampTest {

    @Test
    void plainUtcTimestampsByHand() {
        // 2024-03-01: 54 years after 1970 with 13 leap days (1972..2020) = 19,723 days, plus 31 (January)
        // + 29 (February 2024) = 19,783 days = 1,709,251,200 s; + 7 h 0 min 5 s = 1,709,276,405 s.
        assertThat(ActivityXml.timeMillis("2024-03-01T07:00:05Z")).isEqualTo(1_709_276_405_000L);
        assertThat(ActivityXml.timeMillis("2024-03-01T07:00:05.250Z")).isEqualTo(1_709_276_405_250L);
        // Below a millisecond is cut, as Instant.toEpochMilli cuts it: 0.250999999 s is 250 ms.
        assertThat(ActivityXml.timeMillis("2024-03-01T07:00:05.250999999Z")).isEqualTo(1_709_276_405_250L);
        // No zone means UTC; surrounding whitespace (pretty-printed XML) is ignored.
        assertThat(ActivityXml.timeMillis("\n  2024-03-01T07:00:05.5 ")).isEqualTo(1_709_276_405_500L);
        // 1969-12-31T23:59:59.5Z is half a second before the epoch.
        assertThat(ActivityXml.timeMillis("1969-12-31T23:59:59.500Z")).isEqualTo(-500L);
    }

    @Test
    void whatThePlainFormDoesNotCoverIsLeftToTheGeneralParsers() {
        // +02:00: 09:00:05 local is 07:00:05 UTC, the instant above.
        assertThat(ActivityXml.utcMillis("2024-03-01T09:00:05+02:00")).isEqualTo(Long.MIN_VALUE);
        assertThat(ActivityXml.timeMillis("2024-03-01T09:00:05+02:00")).isEqualTo(1_709_276_405_000L);
        // Minutes without seconds are valid ISO-8601: 07:00 is 5 s before the instant above.
        assertThat(ActivityXml.timeMillis("2024-03-01T07:00Z")).isEqualTo(1_709_276_400_000L);
        // Not dates at all: February 30th, hour 24, a letter for a digit.
        assertThat(ActivityXml.timeMillis("2023-02-29T07:00:05Z")).isNull();
        assertThat(ActivityXml.timeMillis("2024-03-01T24:00:05Z")).isNull();
        assertThat(ActivityXml.timeMillis("2024-03-0xT07:00:05Z")).isNull();
        assertThat(ActivityXml.timeMillis("")).isNull();
    }

    /**
     * Seeded random timestamps, most of them in the plain form, many bent out of it (a field out of
     * range, a changed character, an offset, too many fraction digits, lower case); for each, the
     * answer must be the JDK's.
     */
    @Test
    void agreesWithTheJdkParsersOnRandomTimestamps() {
        for (long seed = 1; seed <= 10; seed++) {
            Random random = new Random(seed);
            for (int i = 0; i < 2_000; i++) {
                String text = candidate(random);
                assertThat(ActivityXml.timeMillis(text))
                        .as("seed %d: '%s'", seed, text)
                        .isEqualTo(jdkMillis(text));
            }
        }
    }

    private static String candidate(Random random) {
        StringBuilder t = new StringBuilder(String.format(
                java.util.Locale.ROOT,
                "%04d-%02d-%02dT%02d:%02d:%02d",
                1900 + random.nextInt(250),
                random.nextInt(14),
                random.nextInt(33),
                random.nextInt(26),
                random.nextInt(62),
                random.nextInt(62)));
        if (random.nextBoolean()) {
            t.append('.');
            int digits = random.nextInt(11);
            for (int d = 0; d < digits; d++) {
                t.append((char) ('0' + random.nextInt(10)));
            }
        }
        switch (random.nextInt(6)) {
            case 0 -> {}
            case 1 ->
                t.append(String.format(
                        java.util.Locale.ROOT, "%s%02d:%02d", random.nextBoolean() ? "+" : "-", random.nextInt(19), 0));
            case 2 -> t.append('z');
            default -> t.append('Z');
        }
        if (random.nextInt(8) == 0) {
            int at = random.nextInt(t.length());
            t.setCharAt(at, "0123456789-:TtZ .+x".charAt(random.nextInt(19)));
        }
        return t.toString();
    }

    /** What the import read before the plain form had a reader of its own. */
    private static Long jdkMillis(String text) {
        String t = text.trim();
        try {
            return OffsetDateTime.parse(t).toInstant().toEpochMilli();
        } catch (DateTimeParseException withoutOffset) {
            try {
                return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC).toEpochMilli();
            } catch (DateTimeParseException e) {
                return null;
            }
        }
    }
}
