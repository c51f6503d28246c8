package io.runload.activity;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A one-line progress bar on a terminal: files read, then runs sent with the sample count and rate.
 * Redrawn at most every {@link #REDRAW_NANOS}, because a terminal write per sample would dominate
 * the import. Disabled, it prints nothing (output piped to a file or a CI log).
 */
public final class ImportProgress {
    static final long REDRAW_NANOS = 100_000_000L;
    static final int BAR_WIDTH = 24;

    private final PrintStream out;
    private final boolean enabled;
    private final LongSupplier nanoTime;
    private int files;
    private int filesRead;
    private int runs;
    private int runsSent;
    private long samples;
    private long sendStartNanos;
    private long lastDrawNanos = Long.MIN_VALUE;

    public ImportProgress(PrintStream out, boolean enabled, LongSupplier nanoTime) {
        this.out = out;
        this.enabled = enabled;
        this.nanoTime = nanoTime;
    }

    public static ImportProgress disabled() {
        return new ImportProgress(System.err, false, System::nanoTime);
    }

    void start(int fileCount) {
        files = fileCount;
        draw(false);
    }

    void fileRead() {
        filesRead++;
        draw(false);
    }

    void sending(int runCount) {
        runs = runCount;
        sendStartNanos = nanoTime.getAsLong();
        draw(true);
    }

    void runSent(int sampleCount) {
        runsSent++;
        samples += sampleCount;
        draw(false);
    }

    void finish() {
        draw(true);
        if (enabled) {
            out.println();
            out.flush();
        }
    }

    /** The current line, without the carriage return; exposed for tests. */
    String line() {
        boolean sendingPhase = runs > 0 || runsSent > 0;
        int done = sendingPhase ? runsSent : filesRead;
        int total = sendingPhase ? runs : files;
        int filled = total == 0 ? BAR_WIDTH : (int) ((long) BAR_WIDTH * done / total);
        String bar = "#".repeat(filled) + ".".repeat(BAR_WIDTH - filled);
        if (!sendingPhase) {
            return String.format(Locale.ROOT, "reading [%s] %d/%d files", bar, filesRead, files);
        }
        double seconds = Math.max(1e-9, (nanoTime.getAsLong() - sendStartNanos) / 1e9);
        return String.format(
                Locale.ROOT,
                "sending [%s] %d/%d runs from %d files, %d samples, %.0f samples/s",
                bar,
                runsSent,
                runs,
                filesRead,
                samples,
                samples / seconds);
    }

    private void draw(boolean force) {
        if (!enabled) {
            return;
        }
        long now = nanoTime.getAsLong();
        if (!force && lastDrawNanos != Long.MIN_VALUE && now - lastDrawNanos < REDRAW_NANOS) {
            return;
        }
        lastDrawNanos = now;
        out.print("\r" + line() + "\u001b[K");
        out.flush();
    }
}
