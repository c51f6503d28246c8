package io.runload.activity;

import io.runload.avro.HeartRateSample;
import io.runload.avro.RunEvent;
import io.runload.avro.RunOp;
import io.runload.domain.InputPlausibility;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Back-fills an athlete's history from activity files.
 *
 * <p>Runs are sent in start-time order across all files, because the pipeline judges lateness
 * against the athlete's newest data: a chronological import is accepted, a shuffled one would be
 * dead-lettered as late. Every file is therefore read before the first run is sent. Parsing is most
 * of an import's work, so files are read on a few threads at once, and the parsed files are held
 * until their runs are sent, up to {@link #DEFAULT_HELD_SAMPLES} samples in all; a file beyond that
 * keeps only its runs' starts and is read a second time when its turn comes, so memory does not grow
 * with years of history.
 *
 * <p>Records are checked with the pipeline's own {@link InputPlausibility} rules first, so what it
 * would reject is reported here, per file, instead of appearing later in the dead-letter topic.
 */
public final class HistoryImport {

    /** Options of one import: whose runs, from which source, in which time zone (null: the profile's). */
    public record Options(String athleteId, String source, String timezone, String deviceId) {}

    /**
     * Samples of parsed files held between reading and sending: at about 120 bytes of heap per sample
     * (the sample and its boxed fields), some 60 MB, or 200 hours of 1 Hz recordings.
     */
    static final int DEFAULT_HELD_SAMPLES = 500_000;

    /** Threads that parse files; more would add heap (files in flight) for little on a laptop. */
    static final int MAX_READERS = 4;

    /**
     * File bytes read ahead, the file taken next included: files near the size limit are parsed
     * two at a time at most, however many readers there are, and any file is read when its turn comes.
     */
    static final long MAX_BYTES_AHEAD = 2 * ActivityFileReader.MAX_FILE_BYTES;

    private record PlannedRun(Path path, String contentHash, int sessionIndex, Instant start, HeldFile held) {}

    /** A parsed file kept for the sending pass until its last run has been sent (null: read it again). */
    private static final class HeldFile {
        ActivityFile file;
        int runsLeft;

        HeldFile(ActivityFile file, int runsLeft) {
            this.file = file;
            this.runsLeft = runsLeft;
        }

        ActivityFile take() {
            ActivityFile taken = file;
            if (--runsLeft == 0) {
                file = null;
            }
            return taken;
        }
    }

    /** One file's reading: its contents, or why it cannot be read. */
    private record Read(ActivityFile file, String failure) {}

    /** A file being read ahead, with the bytes it counts against {@link #MAX_BYTES_AHEAD}. */
    private record Ahead(Future<Read> reading, long bytes) {}

    private final Options options;
    private final ImportSink sink;
    private final ImportProgress progress;
    private final Clock clock;
    private final int heldSamples;
    private final int readers;
    private final ActivityFileReader reader = new ActivityFileReader();

    public HistoryImport(Options options, ImportSink sink, ImportProgress progress, Clock clock) {
        this(
                options,
                sink,
                progress,
                clock,
                DEFAULT_HELD_SAMPLES,
                Math.min(MAX_READERS, Runtime.getRuntime().availableProcessors()));
    }

    HistoryImport(
            Options options, ImportSink sink, ImportProgress progress, Clock clock, int heldSamples, int readers) {
        if (heldSamples < 0 || readers < 1) {
            throw new IllegalArgumentException("heldSamples must be >= 0 and readers >= 1");
        }
        this.options = options;
        this.sink = sink;
        this.progress = progress;
        this.clock = clock;
        this.heldSamples = heldSamples;
        this.readers = readers;
    }

    public ImportReport importPaths(List<Path> roots) {
        long started = System.nanoTime();
        ActivityPaths.Found found = ActivityPaths.find(roots);
        List<ImportFailure> failures = new ArrayList<>(found.failures());
        List<PlannedRun> planned = new ArrayList<>();
        int read = 0;
        int withoutRuns = 0;
        long held = 0;
        progress.start(found.files().size());
        ExecutorService pool = Executors.newFixedThreadPool(readers, HistoryImport::readerThread);
        try {
            Deque<Ahead> ahead = new ArrayDeque<>();
            long bytesAhead = 0;
            int next = 0;
            List<Path> files = found.files();
            for (Path path : files) {
                // Files are taken in the order found, whichever thread finishes first, so the
                // report does not depend on timing; the window bounds what is parsed but not taken.
                while (ahead.size() < 2 * readers && next < files.size()) {
                    Path file = files.get(next);
                    long bytes = sizeOrZero(file);
                    if (!ahead.isEmpty() && bytesAhead + bytes > MAX_BYTES_AHEAD) {
                        break;
                    }
                    ahead.add(new Ahead(pool.submit(() -> read(file)), bytes));
                    bytesAhead += bytes;
                    next++;
                }
                Ahead taken = ahead.remove();
                bytesAhead -= taken.bytes();
                Read result = await(taken.reading());
                progress.fileRead();
                if (result.failure() != null) {
                    failures.add(new ImportFailure(path, result.failure()));
                    continue;
                }
                ActivityFile file = result.file();
                read++;
                List<ActivityRecording> runs = file.contents().runs();
                if (runs.isEmpty()) {
                    withoutRuns++;
                    continue;
                }
                long samples = 0;
                for (ActivityRecording run : runs) {
                    samples += run.samples().size();
                }
                HeldFile keep = null;
                if (held + samples <= heldSamples) {
                    held += samples;
                    keep = new HeldFile(file, runs.size());
                }
                for (ActivityRecording run : runs) {
                    planned.add(new PlannedRun(path, file.contentHash(), run.sessionIndex(), run.start(), keep));
                }
            }
        } finally {
            pool.shutdownNow();
        }
        planned.sort(Comparator.comparing(PlannedRun::start)
                .thenComparing(PlannedRun::path)
                .thenComparingInt(PlannedRun::sessionIndex));

        Map<String, Long> skipped = new TreeMap<>();
        int runsSent = 0;
        long samplesSent = 0;
        progress.sending(planned.size());
        ActivityFile current = null;
        for (PlannedRun plan : planned) {
            if (plan.held() != null) {
                current = plan.held().take();
            } else {
                try {
                    if (current == null || !current.path().equals(plan.path())) {
                        current = reader.read(plan.path());
                    }
                } catch (UnreadableActivityException e) {
                    failures.add(new ImportFailure(plan.path(), "changed while importing: " + e.getMessage()));
                    current = null;
                    continue;
                }
            }
            if (!current.contentHash().equals(plan.contentHash())) {
                failures.add(new ImportFailure(plan.path(), "changed while importing"));
                continue;
            }
            ActivityRecording recording = current.contents().runs().get(plan.sessionIndex());
            String externalId = ImportIdentity.externalId(current.contentHash(), plan.sessionIndex());
            RunEvent run = runEvent(recording, externalId);
            Optional<String> rejected = InputPlausibility.run(
                    run.getRunId(),
                    externalId,
                    run.getStartTime().toEpochMilli(),
                    run.getDurationSec(),
                    run.getMovingTimeSec(),
                    run.getDistanceMeters(),
                    run.getTimezone(),
                    false,
                    clock.millis());
            if (rejected.isPresent()) {
                failures.add(new ImportFailure(
                        plan.path(),
                        "run " + (plan.sessionIndex() + 1) + " at " + recording.start() + " rejected: "
                                + rejected.get()));
                continue;
            }
            List<HeartRateSample> samples = samples(recording, run.getRunId(), skipped);
            try {
                sink.send(run, samples);
            } catch (RuntimeException e) {
                // The cluster refused or lost a record: later runs cannot be sent in order any more.
                failures.add(new ImportFailure(plan.path(), "not delivered, import stopped: " + e.getMessage()));
                break;
            }
            runsSent++;
            samplesSent += samples.size();
            progress.runSent(samples.size());
        }
        try {
            sink.flush();
        } catch (RuntimeException e) {
            failures.add(new ImportFailure(Path.of("(cluster)"), "delivery failed: " + e.getMessage()));
        }
        progress.finish();
        return new ImportReport(
                found.files().size(),
                read,
                withoutRuns,
                runsSent,
                samplesSent,
                skipped,
                failures,
                Duration.ofNanos(System.nanoTime() - started));
    }

    private Read read(Path path) {
        try {
            return new Read(reader.read(path), null);
        } catch (UnreadableActivityException e) {
            return new Read(null, e.getMessage());
        }
    }

    /** The reader decides what an unreadable or special file is; here it only must not count. */
    private static long sizeOrZero(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private static Read await(Future<Read> reading) {
        try {
            return reading.get();
        } catch (ExecutionException e) {
            // The reader turns every parser failure into a reason; what escapes it (an Error) is fatal.
            throw new IllegalStateException("reading an activity file failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("import interrupted while reading files", e);
        }
    }

    private static Thread readerThread(Runnable task) {
        Thread thread = new Thread(task, "runload-import-reader");
        thread.setDaemon(true);
        return thread;
    }

    private RunEvent runEvent(ActivityRecording r, String externalId) {
        return RunEvent.newBuilder()
                .setRunId(ImportIdentity.runId(options.athleteId(), options.source(), externalId))
                .setAthleteId(options.athleteId())
                .setSource(options.source())
                .setExternalId(externalId)
                .setOp(RunOp.UPSERT)
                .setSport(r.sport())
                .setStartTime(r.start())
                .setTimezone(options.timezone())
                .setDurationSec(r.durationSec())
                .setMovingTimeSec(r.movingTimeSec())
                .setDistanceMeters(r.distanceMeters())
                .setElevationGainMeters(r.elevationGainMeters())
                .build();
    }

    /**
     * The run's heart-rate samples as the pipeline expects them. An implausible speed or cadence (a GPS
     * jump) is dropped from the sample rather than costing its heart rate; a sample the pipeline would
     * reject is skipped and counted by reason.
     */
    private List<HeartRateSample> samples(ActivityRecording r, String runId, Map<String, Long> skipped) {
        List<HeartRateSample> samples = new ArrayList<>(r.samples().size());
        long now = clock.millis();
        long previous = Long.MIN_VALUE;
        for (ActivitySample s : r.samples()) {
            if (s.bpm() == null) {
                skipped.merge("no_hr", 1L, Long::sum);
                continue;
            }
            if (s.timeMillis() == previous) {
                skipped.merge("duplicate_timestamp", 1L, Long::sum);
                continue;
            }
            Double speed =
                    s.speedMps() != null && s.speedMps() <= InputPlausibility.MAX_SPEED_MPS ? s.speedMps() : null;
            Integer cadence = s.cadenceSpm() != null && s.cadenceSpm() <= InputPlausibility.MAX_CADENCE_SPM
                    ? s.cadenceSpm()
                    : null;
            Optional<String> invalid = InputPlausibility.sample(s.bpm(), speed, cadence, s.timeMillis(), now);
            if (invalid.isPresent()) {
                skipped.merge(invalid.get(), 1L, Long::sum);
                continue;
            }
            previous = s.timeMillis();
            samples.add(HeartRateSample.newBuilder()
                    .setAthleteId(options.athleteId())
                    .setRunId(runId)
                    .setDeviceId(
                            options.deviceId() != null
                                    ? options.deviceId()
                                    : options.source() + "-" + r.format().name().toLowerCase(java.util.Locale.ROOT))
                    .setSource(options.source())
                    .setEventTime(Instant.ofEpochMilli(s.timeMillis()))
                    .setBpm(s.bpm())
                    .setSpeedMps(speed)
                    .setCadenceSpm(cadence)
                    .build());
        }
        return samples;
    }
}
