package io.runload.http;

import io.runload.secrets.WatchedSecretFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bearer API keys, stored as SHA-256 hashes: one {@code name:hex} a line, {@code #} comments and
 * blank lines ignored. The keys are long random strings, so a fast hash is enough; a leaked file
 * does not reveal them. The file is looked at again at most every {@link #RECHECK}, and re-read
 * when it changed, so keys rotate without a restart ({@link WatchedSecretFile}). A file that
 * cannot be read or parsed keeps the last good keys and is logged; at start-up it fails.
 */
public final class ApiKeyFile {
    static final Duration RECHECK = Duration.ofSeconds(2);
    private static final Logger LOG = LoggerFactory.getLogger(ApiKeyFile.class);
    private static final HexFormat HEX = HexFormat.of();

    // The hash is compared by MessageDigest.isEqual, never by the record's equals.
    @SuppressWarnings("ArrayRecordComponent")
    private record Key(String name, byte[] hash) {}

    private final WatchedSecretFile<List<Key>> keys;

    public ApiKeyFile(Path file, Clock clock) {
        this.keys = new WatchedSecretFile<>("API keys file", file, RECHECK, clock, ApiKeyFile::parse);
        if (keys.value().isEmpty()) {
            LOG.warn("API keys file {} holds no keys: every API request will be refused", file);
        }
    }

    /** The name of the key {@code presented} is, or empty; every stored hash is compared in constant time. */
    public Optional<String> nameOf(String presented) {
        List<Key> current = keys.value();
        byte[] hash = sha256(presented);
        String match = null;
        for (Key key : current) {
            // No early exit: the time taken does not depend on which key (if any) matched.
            if (MessageDigest.isEqual(key.hash, hash) && match == null) {
                match = key.name;
            }
        }
        return Optional.ofNullable(match);
    }

    public int size() {
        return keys.value().size();
    }

    /** The line to add to a keys file for {@code key}. */
    public static String line(String name, String key) {
        return name + ":" + HEX.formatHex(sha256(key));
    }

    private static List<Key> parse(String text) {
        List<Key> keys = new ArrayList<>();
        int lineNo = 0;
        for (String raw : text.lines().toList()) {
            lineNo++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.lastIndexOf(':');
            String hex = line.substring(colon + 1).strip().toLowerCase(Locale.ROOT);
            if (colon <= 0 || !hex.matches("[0-9a-f]{64}")) {
                // The line is not echoed: it might be a key pasted in clear.
                throw new IllegalArgumentException("line " + lineNo + " is not name:<64 hex digits of SHA-256>");
            }
            keys.add(new Key(line.substring(0, colon).strip(), HEX.parseHex(hex)));
        }
        return List.copyOf(keys);
    }

    static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
