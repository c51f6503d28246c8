package io.runload.serde;

import java.util.regex.Pattern;

/**
 * Registry URLs as they may be printed: a URL's user-info ({@code user:password@}) authenticates
 * requests but must never reach a log line, an exception message or a dead-letter header.
 */
public final class RegistryUrl {

    /** {@code scheme://user-info@}: everything between "://" and an '@' before the host ends. */
    private static final Pattern USER_INFO = Pattern.compile("(?<=://)[^/?#@\\s,]*@");

    private RegistryUrl() {}

    /**
     * {@code text} with the user-info of every URL in it replaced by {@code ***@}; works on one URL,
     * a comma-separated list, or a message that quotes them.
     */
    public static String redact(String text) {
        if (text == null || text.indexOf('@') < 0) {
            return text;
        }
        return USER_INFO.matcher(text).replaceAll("***@");
    }
}
