package io.runload.domain;

/**
 * The form of an athlete id that RunLoad accepts: 1 to 128 characters from {@code A-Z a-z 0-9}
 * and {@code . _ : @ + -}.
 *
 * <p>Store keys are {@code athleteId + '\0' + suffix} and an athlete's data is read with a scan of
 * the prefix {@code athleteId + '\0'}. Since no accepted id contains NUL (or any control
 * character), that prefix belongs to exactly one athlete: {@code sim-0001\0evil} is refused rather
 * than read back as one of sim-0001's runs. The character set also keeps ids safe to put in URLs,
 * log lines and HTTP paths without escaping.
 */
public final class AthleteId {
    public static final int MAX_LENGTH = 128;
    /** The allowed form, as error messages state it. */
    public static final String FORM = "1-" + MAX_LENGTH + " characters of A-Z a-z 0-9 . _ : @ + -";

    private AthleteId() {}

    public static boolean isValid(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            if (!allowed(id.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean allowed(char c) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || c == '.'
                || c == '_'
                || c == ':'
                || c == '@'
                || c == '+'
                || c == '-';
    }
}
