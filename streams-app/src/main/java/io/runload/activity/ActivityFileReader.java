package io.runload.activity;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Reads one activity file of any supported format; every failure becomes a one-line reason. */
public final class ActivityFileReader {

    /** Hours of 1 Hz FIT data take a few MB; anything far larger is not a single activity. */
    public static final long MAX_FILE_BYTES = 64L * 1024 * 1024;

    private final FitActivityParser fit = new FitActivityParser();
    private final TcxActivityParser tcx = new TcxActivityParser();
    private final GpxActivityParser gpx = new GpxActivityParser();

    public ActivityFile read(Path path) throws UnreadableActivityException {
        // Devices and FIFOs report no useful size and never end (or block): refuse them before opening.
        if (!Files.isRegularFile(path)) {
            throw new UnreadableActivityException(
                    Files.exists(path) ? "not a regular file (a device, FIFO or directory)" : "no such file");
        }
        byte[] content;
        try (InputStream in = Files.newInputStream(path)) {
            long size = Files.size(path);
            if (size > MAX_FILE_BYTES) {
                throw tooLarge(size);
            }
            // The size said at most MAX_FILE_BYTES, but the file may grow while it is read: read one byte more.
            content = in.readNBytes((int) MAX_FILE_BYTES + 1);
            if (content.length > MAX_FILE_BYTES) {
                throw tooLarge(content.length);
            }
        } catch (IOException e) {
            throw new UnreadableActivityException("cannot read file: " + e, e);
        }
        return new ActivityFile(
                path, sha256(content), parse(content, path.getFileName().toString()));
    }

    private static UnreadableActivityException tooLarge(long size) {
        return new UnreadableActivityException(
                "file too large for an activity (" + size + " bytes; at most " + MAX_FILE_BYTES + ")");
    }

    public ActivityContents parse(byte[] content, String fileName) throws UnreadableActivityException {
        if (content.length == 0) {
            throw new UnreadableActivityException("empty file");
        }
        ActivityFormat format = ActivityFormat.detect(content)
                .or(() -> ActivityFormat.byExtension(fileName))
                .orElseThrow(() -> new UnreadableActivityException("unsupported format (expected FIT, TCX or GPX)"));
        try {
            return switch (format) {
                case FIT -> fit.parse(content);
                case TCX -> tcx.parse(content);
                case GPX -> gpx.parse(content);
            };
        } catch (RuntimeException | StackOverflowError e) {
            // A parser bug or an SDK exception we did not anticipate must still cost only this file.
            throw new UnreadableActivityException(format + " file could not be parsed: " + e, e);
        }
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
