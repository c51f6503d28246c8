package io.runload.activity;

import static io.runload.activity.SyntheticActivities.START;
import static io.runload.activity.SyntheticActivities.constant;
import static io.runload.activity.SyntheticActivities.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.runload.activity.SyntheticActivities.Point;
import io.runload.avro.HeartRateSample;
import io.runload.avro.RunEvent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The import without Kafka: order, ids, skipped samples, failures and the progress line. */
class HistoryImportTest {

    @TempDir
    Path dir;

    private final List<RunEvent> runs = new ArrayList<>();
    private final List<List<HeartRateSample>> samples = new ArrayList<>();

    private final ImportSink memory = new ImportSink() {
        @Override
        public void send(RunEvent run, List<HeartRateSample> runSamples) {
            runs.add(run);
            samples.add(runSamples);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    private ImportReport importAll(Path... paths) {
        return new HistoryImport(
                        new HistoryImport.Options("a-1", "garmin", "Europe/Berlin", null),
                        memory,
                        ImportProgress.disabled(),
                        Clock.systemUTC())
                .importPaths(List.of(paths));
    }

    @Test
    void runsGoOutInStartOrderAcrossFilesWithStableIds() throws Exception {
        // File names sort opposite to the runs' start times.
        SyntheticActivities.writeGpx(
                dir.resolve("a-late.gpx"), run(START.plusSeconds(86_400), constant(60, 150, 3.0, 80)));
        SyntheticActivities.writeFit(dir.resolve("b-early.fit"), run(START, constant(60, 140, 3.0, 80)));
        ImportReport report = importAll(dir);
        assertThat(report.succeeded()).isTrue();
        assertThat(runs).extracting(RunEvent::getStartTime).containsExactly(START, START.plusSeconds(86_400));
        assertThat(runs).allSatisfy(r -> {
            assertThat(r.getAthleteId()).isEqualTo("a-1");
            assertThat(r.getSource()).isEqualTo("garmin");
            assertThat(r.getTimezone()).isEqualTo("Europe/Berlin");
            assertThat(r.getRunId()).isEqualTo(ImportIdentity.runId("a-1", "garmin", r.getExternalId()));
        });
        String hash = ActivityFileReader.sha256(Files.readAllBytes(dir.resolve("b-early.fit")));
        assertThat(runs.get(0).getExternalId()).isEqualTo(hash.substring(0, 32) + "-0");
        assertThat(samples.get(0))
                .hasSize(61)
                .allSatisfy(s -> assertThat(s.getRunId()).isEqualTo(runs.get(0).getRunId()));
        assertThat(samples.get(0).get(0).getCadenceSpm()).isEqualTo(160);

        // The same bytes under another name are the same upload.
        Files.copy(dir.resolve("b-early.fit"), dir.resolve("renamed.fit"));
        List<RunEvent> first = List.copyOf(runs);
        runs.clear();
        importAll(dir.resolve("renamed.fit"));
        assertThat(runs.get(0).getRunId()).isEqualTo(first.get(0).getRunId());
    }

    @Test
    void skippedSamplesAreCountedAndBadFilesReportedWhileTheRestGoesOn() throws Exception {
        List<Point> points = new ArrayList<>();
        for (int s = 0; s <= 100; s++) {
            points.add(new Point(s, s < 5 ? 255 : s == 50 ? 250 : 150, s == 60 ? 40.0 : 3.0, 80));
        }
        Path good = SyntheticActivities.writeFit(dir.resolve("good.fit"), run(START, points));
        SyntheticActivities.truncate(good, dir.resolve("cut.fit"), 0.5);
        Files.writeString(dir.resolve("empty.gpx"), "");
        ImportReport report = importAll(dir, dir.resolve("missing.tcx"));
        assertThat(report.filesFound()).isEqualTo(3);
        assertThat(report.runsSent()).isEqualTo(1);
        assertThat(report.samplesSkipped())
                .containsEntry("hr_invalid_sentinel", 5L)
                .containsEntry("bpm_out_of_range", 1L);
        assertThat(report.samplesSent()).isEqualTo(101 - 6);
        // The GPS jump at t=60 loses its speed, not its heart rate.
        assertThat(samples.get(0).stream()
                        .filter(s -> s.getEventTime().equals(START.plusSeconds(60)))
                        .findFirst()
                        .orElseThrow()
                        .getSpeedMps())
                .isNull();
        assertThat(report.failures())
                .extracting(ImportFailure::toString)
                .containsExactlyInAnyOrder(
                        dir.resolve("missing.tcx") + ": no such file or directory",
                        dir.resolve("cut.fit") + ": truncated FIT file: header announces " + Files.size(good)
                                + " bytes, found " + Files.size(dir.resolve("cut.fit")),
                        dir.resolve("empty.gpx") + ": empty file");
    }

    @Test
    void runsThePipelineWouldRejectAreReportedNotSent() throws Exception {
        SyntheticActivities.writeFit(
                dir.resolve("1999.fit"),
                run(java.time.Instant.parse("1999-06-01T07:00:00Z"), constant(60, 150, 3.0, 80)));
        ImportReport report = importAll(dir);
        assertThat(runs).isEmpty();
        assertThat(report.failures()).singleElement().asString().endsWith("rejected: timestamp_too_old");
    }

    @Test
    void progressLineShowsFilesSamplesAndRate() {
        AtomicLong nanos = new AtomicLong();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImportProgress progress =
                new ImportProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8), true, nanos::get);
        progress.start(4);
        progress.fileRead();
        assertThat(progress.line()).isEqualTo("reading [######..................] 1/4 files");
        progress.sending(2);
        nanos.addAndGet(2_000_000_000L);
        progress.runSent(3000);
        assertThat(progress.line())
                .isEqualTo("sending [############............] 1/2 runs from 1 files, 3000 samples, 1500 samples/s");
        progress.finish();
        assertThat(bytes.toString(StandardCharsets.UTF_8)).startsWith("\r").endsWith(System.lineSeparator());
        ByteArrayOutputStream silent = new ByteArrayOutputStream();
        ImportProgress off = new ImportProgress(new PrintStream(silent), false, nanos::get);
        off.start(1);
        off.finish();
        assertThat(silent.size()).isZero();
    }
}
