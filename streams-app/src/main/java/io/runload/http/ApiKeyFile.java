package io.runload.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bearer API keys, stored as SHA-256 hashes: one {@code name:hex} a line, {@code #} comments and
 * blank lines ignored. The keys are long random strings, so a fast hash is enough; a leaked file
 * does not reveal them. The file is looked at again at most every {@link #RECHECK}, and re-read
 * when its modification time or size changed, so keys rotate without a restart (a Kubernetes
 * Secret volume swaps its files in place). A file that cannot be read or parsed keeps the last
 * good keys and is logged; at start-up it fails.
 */
public final class ApiKeyFile {
    static final Duration RECHECK = Duration.ofSeconds(2);
    private static final Logger LOG = LoggerFactory.getLogger(ApiKeyFile.class);
    private static final HexFormat HEX = HexFormat.of();

    private record Key(String name, byte[] hash) {}

    private record Snapshot(List<Key> keys, FileTime modified, long size, Instant checked) {}

    private final Path file;
    private final Clock clock;
    private volatile Snapshot snapshot;

    public ApiKeyFile(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
        try {
            this.snapshot = read();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read API keys file " + file + ": " + e.getMessage(), e);
        }
        if (snapshot.keys.isEmpty()) {
            LOG.warn("API keys file {} holds no keys: every API request will be refused", file);
        }
    }

    /** The name of the key {@code presented} is, or empty; every stored hash is compared in constant time. */
    public Optional<String> nameOf(String presented) {
        Snapshot current = current();
        byte[] hash = sha256(presented);
        String match = null;
        for (Key key : current.keys) {
            // No early exit: the time taken does not depend on which key (if any) matched.
            if (MessageDigest.isEqual(key.hash, hash) && match == null) {
                match = key.name;
            }
        }
        return Optional.ofNullable(match);
    }

    public int size() {
        return current().keys.size();
    }

    /** The line to add to a keys file for {@code key}. */
    public static String line(String name, String key) {
        return name + ":" + HEX.formatHex(sha256(key));
    }

    private Snapshot current() {
        Snapshot s = snapshot;
        Instant now = clock.instant();
        if (Duration.between(s.checked, now).compareTo(RECHECK) < 0) {
            return s;
        }
        synchronized (this) {
            s = snapshot;
            if (Duration.between(s.checked, now).compareTo(RECHECK) < 0) {
                return s;
            }
            try {
                FileTime modified = Files.getLastModifiedTime(file);
                long size = Files.size(file);
                if (modified.equals(s.modified) && size == s.size) {
                    snapshot = new Snapshot(s.keys, s.modified, s.size, now);
                } else {
                    snapshot = read();
                    LOG.info("API keys file {} re-read: {} keys", file, snapshot.keys.size());
                }
            } catch (IOException | IllegalArgumentException e) {
                LOG.warn(
                        "API keys file {} could not be re-read, keeping the {} keys loaded before: {}",
                        file,
                        s.keys.size(),
                        e.getMessage());
                snapshot = new Snapshot(s.keys, s.modified, s.size, now);
            }
            return snapshot;
        }
    }

    private Snapshot read() throws IOException {
        FileTime modified = Files.getLastModifiedTime(file);
        long size = Files.size(file);
        List<Key> keys = new ArrayList<>();
        int lineNo = 0;
        for (String raw : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            lineNo++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.lastIndexOf(':');
            String hex = line.substring(colon + 1).strip().toLowerCase(java.util.Locale.ROOT);
            if (colon <= 0 || !hex.matches("[0-9a-f]{64}")) {
                // The line is not echoed: it might be a key pasted in clear.
                throw new IllegalArgumentException(
                        "line " + lineNo + " of " + file + " is not name:<64 hex digits of SHA-256>");
            }
            keys.add(new Key(line.substring(0, colon).strip(), HEX.parseHex(hex)));
        }
        return new Snapshot(List.copyOf(keys), modified, size, clock.instant());
    }

    static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
