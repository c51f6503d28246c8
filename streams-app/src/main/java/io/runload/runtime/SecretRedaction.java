package io.runload.runtime;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Which configuration keys hold secrets, and how to print configuration and messages without them.
 * Every place that prints a client property map or a client's failure goes through here.
 */
public final class SecretRedaction {
    /** What a secret value is printed as. */
    public static final String HIDDEN = "[hidden]";

    private SecretRedaction() {}

    /**
     * Whether a property (with or without a {@code kafka.}/{@code streams.} prefix) holds a secret:
     * JAAS configurations (they embed passwords and client secrets), passwords, private keys,
     * secrets, tokens and registry user-info.
     */
    public static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.endsWith("jaas.config")
                || k.endsWith("password")
                || k.endsWith(".key")
                || k.contains("secret")
                || k.endsWith("token")
                || k.endsWith("user.info")
                || k.endsWith("credentials");
    }

    /** A copy of the map, in the same order, with every secret value replaced by {@value #HIDDEN}. */
    public static Map<String, String> redact(Map<String, ?> properties) {
        Map<String, String> out = new LinkedHashMap<>();
        properties.forEach((k, v) -> out.put(k, isSecret(k) ? HIDDEN : String.valueOf(v)));
        return out;
    }

    /** The text with every occurrence of any of the secret values replaced by {@value #HIDDEN}. */
    public static String scrub(String text, Collection<String> secrets) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String secret : secrets) {
            // Very short values (an empty or one-letter password) would blank out ordinary words.
            if (secret != null && secret.length() >= 3) {
                out = out.replace(secret, HIDDEN);
            }
        }
        return out;
    }
}
