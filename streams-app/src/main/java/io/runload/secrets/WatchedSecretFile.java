package io.runload.secrets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A secret kept in a file that is replaced in place when it rotates (a Kubernetes Secret volume
 * swaps its files), so a new secret takes effect without a restart. The file is looked at again
 * at most every {@code recheck} and parsed again when its modification time or size changed;
 * {@link #value()} hands out the same instance until then. A file that cannot be read or parsed
 * fails the constructor; later it keeps the last good value and logs why. Neither the exceptions
 * nor the log lines quote the file's contents.
 */
public final class WatchedSecretFile<T> {
    private static final Logger LOG = LoggerFactory.getLogger(WatchedSecretFile.class);

    /** Turns the file's text into the secret. */
    @FunctionalInterface
    public interface Parser<T> {
        /**
         * The secret in {@code text}.
         *
         * @throws IllegalArgumentException when the text is no valid secret; the message says what
         *     is wrong without quoting the text, which may be a secret pasted in the wrong form
         */
        T parse(String text);
    }

    private record Snapshot<T>(T value, FileTime modified, long size, Instant checked) {}

    private final String description;
    private final Path file;
    private final Duration recheck;
    private final Clock clock;
    private final Parser<T> parser;
    private volatile Snapshot<T> snapshot;

    /**
     * Reads the file now.
     *
     * @param description what the file is, for messages ("API keys file")
     * @throws UncheckedIOException when the file cannot be read
     * @throws IllegalArgumentException when its contents are no valid secret
     */
    public WatchedSecretFile(String description, Path file, Duration recheck, Clock clock, Parser<T> parser) {
        this.description = description;
        this.file = file;
        this.recheck = recheck;
        this.clock = clock;
        this.parser = parser;
        try {
            this.snapshot = read(clock.instant());
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot read " + description + " " + file + ": "
                            + e.getClass().getSimpleName() + " " + e.getMessage(),
                    e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(description + " " + file + ": " + e.getMessage(), e);
        }
    }

    /** The secret as last read successfully, re-read first when the file changed. */
    public T value() {
        Snapshot<T> s = snapshot;
        Instant now = clock.instant();
        if (due(s, now)) {
            s = recheck(now);
        }
        return s.value;
    }

    public Path path() {
        return file;
    }

    private boolean due(Snapshot<T> s, Instant now) {
        return Duration.between(s.checked, now).compareTo(recheck) >= 0;
    }

    private synchronized Snapshot<T> recheck(Instant now) {
        Snapshot<T> s = snapshot;
        if (!due(s, now)) {
            return s;
        }
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            long size = Files.size(file);
            if (modified.equals(s.modified) && size == s.size) {
                snapshot = new Snapshot<>(s.value, s.modified, s.size, now);
            } else {
                snapshot = read(now);
                LOG.info("{} {} re-read", description, file);
            }
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn(
                    "{} {} could not be re-read, keeping the secret read before: {} {}",
                    description,
                    file,
                    e.getClass().getSimpleName(),
                    e.getMessage());
            snapshot = new Snapshot<>(s.value, s.modified, s.size, now);
        }
        return snapshot;
    }

    private Snapshot<T> read(Instant now) throws IOException {
        // Time and size first: a write that lands after them is seen as a change at the next check.
        FileTime modified = Files.getLastModifiedTime(file);
        long size = Files.size(file);
        T value = parser.parse(Files.readString(file, StandardCharsets.UTF_8));
        return new Snapshot<>(value, modified, size, now);
    }
}
