package io.runload.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WatchedSecretFileTest {
    private static final Duration RECHECK = Duration.ofSeconds(2);
    private static final String FIRST = "first-secret-7f3a9c";
    private static final String SECOND = "second-secret-longer-d81e";

    @TempDir
    Path dir;

    /** A clock the test moves by hand, so the re-check interval passes without sleeping. */
    static final class MovableClock extends Clock {
        volatile Instant now = Instant.parse("2026-12-01T10:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }
    }

    /** A secret must be at least 8 characters; the message never repeats the text. */
    private static String secret(String text) {
        String s = text.strip();
        if (s.length() < 8) {
            throw new IllegalArgumentException("holds " + s.length() + " characters, fewer than 8");
        }
        return s;
    }

    private Path write(String name, String text, int secondsFromNow) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        // Distinct modification times, whatever the file system's timestamp resolution.
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(secondsFromNow)));
        return file;
    }

    @Test
    void aChangedFileGivesTheNewSecretAtTheNextCheck() throws Exception {
        MovableClock clock = new MovableClock();
        Path file = write("secret", FIRST + "\n", 0);
        WatchedSecretFile<String> watched =
                new WatchedSecretFile<>("test secret file", file, RECHECK, clock, WatchedSecretFileTest::secret);
        assertThat(watched.value()).isEqualTo(FIRST);

        write("secret", SECOND + "\n", 5);
        assertThat(watched.value()).as("not looked at before the interval").isEqualTo(FIRST);
        clock.advance(RECHECK);
        assertThat(watched.value()).isEqualTo(SECOND);
    }

    @Test
    void theSameInstanceIsHandedOutUntilTheFileChanges() throws Exception {
        MovableClock clock = new MovableClock();
        Path file = write("secret", FIRST, 0);
        WatchedSecretFile<String> watched =
                new WatchedSecretFile<>("test secret file", file, RECHECK, clock, WatchedSecretFileTest::secret);
        String first = watched.value();
        clock.advance(RECHECK.multipliedBy(3));
        assertThat(watched.value()).as("unchanged file, not parsed again").isSameAs(first);

        // Same length and text, newer time: read again, so a new instance.
        write("secret", FIRST, 5);
        clock.advance(RECHECK);
        assertThat(watched.value()).isEqualTo(FIRST).isNotSameAs(first);
    }

    @Test
    void aZeroIntervalLooksAtTheFileOnEveryRead() throws Exception {
        Path file = write("secret", FIRST, 0);
        WatchedSecretFile<String> watched = new WatchedSecretFile<>(
                "test secret file", file, Duration.ZERO, new MovableClock(), WatchedSecretFileTest::secret);
        write("secret", SECOND, 5);
        assertThat(watched.value()).isEqualTo(SECOND);
    }

    @Test
    void aMissingFileAtStartIsAClearErrorNamingTheFile() {
        Path missing = dir.resolve("no-such-secret");
        Throwable e = catchThrowable(() -> new WatchedSecretFile<>(
                "test secret file", missing, RECHECK, Clock.systemUTC(), WatchedSecretFileTest::secret));
        assertThat(e)
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageStartingWith("cannot read test secret file " + missing)
                .hasMessageContaining("NoSuchFileException");
    }

    @Test
    void anInvalidSecretAtStartIsAnErrorWithoutTheFilesText() throws Exception {
        Path file = write("secret", "x9q2\n", 0);
        Throwable e = catchThrowable(() -> new WatchedSecretFile<>(
                "test secret file", file, RECHECK, Clock.systemUTC(), WatchedSecretFileTest::secret));
        // "x9q2" stripped is 4 characters.
        assertThat(e)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("test secret file " + file + ": holds 4 characters, fewer than 8");
        assertThat(e.getMessage()).doesNotContain("x9q2");
    }

    @Test
    void anUnreadableOrInvalidFileLaterKeepsTheLastGoodSecret() throws Exception {
        MovableClock clock = new MovableClock();
        Path file = write("secret", FIRST, 0);
        WatchedSecretFile<String> watched =
                new WatchedSecretFile<>("test secret file", file, RECHECK, clock, WatchedSecretFileTest::secret);

        // A rotation that truncates before it writes.
        write("secret", "", 5);
        clock.advance(RECHECK);
        assertThat(watched.value()).isEqualTo(FIRST);

        Files.delete(file);
        clock.advance(RECHECK);
        assertThat(watched.value()).isEqualTo(FIRST);

        write("secret", SECOND, 10);
        clock.advance(RECHECK);
        assertThat(watched.value()).as("recovers once the new secret lands").isEqualTo(SECOND);
    }
}
