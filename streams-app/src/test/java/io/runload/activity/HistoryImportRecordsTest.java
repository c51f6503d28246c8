package io.runload.activity;

import static io.runload.activity.SyntheticActivities.START;
import static io.runload.activity.SyntheticActivities.constant;
import static io.runload.activity.SyntheticActivities.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.runload.avro.HeartRateSample;
import io.runload.avro.RunEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the import sends for real files, and that it sends the same whether parsed files are held
 * until their turn or read a second time, and however many threads read them.
 */
class HistoryImportRecordsTest {

    private static final Path REAL = Path.of("src/test/resources/activities/real");

    @TempDir
    Path dir;

    /** Runs and their samples as a sink received them. */
    private record Sent(List<RunEvent> runs, List<List<HeartRateSample>> samples, ImportReport report) {}

    private Sent importAll(int heldSamples, int readers, Consumer<RunEvent> onSend, Path... paths) {
        List<RunEvent> runs = new ArrayList<>();
        List<List<HeartRateSample>> samples = new ArrayList<>();
        ImportSink memory = new ImportSink() {
            @Override
            public void send(RunEvent run, List<HeartRateSample> runSamples) {
                runs.add(run);
                samples.add(List.copyOf(runSamples));
                onSend.accept(run);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        ImportReport report = new HistoryImport(
                        new HistoryImport.Options("a-1", "garmin", null, null),
                        memory,
                        ImportProgress.disabled(),
                        Clock.systemUTC(),
                        heldSamples,
                        readers)
                .importPaths(List.of(paths));
        return new Sent(runs, samples, report);
    }

    private Path copyReal(String name) throws IOException {
        return Files.copy(REAL.resolve(name), dir.resolve(name));
    }

    /**
     * The expected values were read from the files with Python's own XML parser (xml.etree), applying
     * the import's rules: points without heart rate skipped, one sample per timestamp, 30-230 bpm.
     */
    @Test
    void realTcxAndGpxFilesGiveTheSamplesTheyHold() throws Exception {
        copyReal("tcxparser-test.tcx");
        copyReal("togeojson-run_gpxtpx.gpx");
        Sent sent = importAll(HistoryImport.DEFAULT_HELD_SAMPLES, 2, run -> {}, dir);

        assertThat(sent.report().succeeded()).isTrue();
        // The TCX run (2012) goes before the GPX run (2015), although "togeojson" sorts after "tcxparser".
        assertThat(sent.runs())
                .extracting(RunEvent::getStartTime)
                .containsExactly(Instant.parse("2012-12-26T21:29:53Z"), Instant.parse("2015-01-19T21:24:20Z"));
        // The first 32 hex digits of each file's SHA-256 (sha256sum), then the activity's index.
        assertThat(sent.runs())
                .extracting(RunEvent::getExternalId)
                .containsExactly("75ef1eb3aad7a906471f17a1f5cf9c34-0", "eca8163d69ad52aa2446d4426cf59125-0");

        // TCX: 384 track points, one without heart rate (skipped as no_hr), 383 sent, 59,998 beats in all.
        List<HeartRateSample> tcx = sent.samples().get(0);
        assertThat(tcx).hasSize(383);
        assertThat(tcx.stream().mapToInt(HeartRateSample::getBpm).sum()).isEqualTo(59_998);
        assertThat(tcx.get(0).getEventTime()).isEqualTo(Instant.parse("2012-12-26T21:29:53Z"));
        assertThat(tcx.get(0).getBpm()).isEqualTo(62);
        assertThat(tcx.get(382).getEventTime()).isEqualTo(Instant.parse("2012-12-26T22:03:04Z"));
        assertThat(tcx.get(382).getBpm()).isEqualTo(180);
        assertThat(tcx).allSatisfy(s -> {
            assertThat(s.getDeviceId()).isEqualTo("garmin-tcx");
            assertThat(s.getSpeedMps()).isNull();
            assertThat(s.getCadenceSpm()).isNull();
        });

        // GPX: 1,118 track points, all with heart rate, 188,543 beats in all.
        List<HeartRateSample> gpx = sent.samples().get(1);
        assertThat(gpx).hasSize(1118);
        assertThat(gpx.stream().mapToInt(HeartRateSample::getBpm).sum()).isEqualTo(188_543);
        assertThat(gpx.get(0).getEventTime()).isEqualTo(Instant.parse("2015-01-19T21:24:20Z"));
        assertThat(gpx.get(0).getBpm()).isEqualTo(111);
        assertThat(gpx.get(1117).getEventTime()).isEqualTo(Instant.parse("2015-01-19T21:45:16Z"));
        assertThat(gpx.get(1117).getBpm()).isEqualTo(174);

        assertThat(sent.report().samplesSkipped()).containsExactly(java.util.Map.entry("no_hr", 1L));
        assertThat(sent.report().samplesSent()).isEqualTo(383 + 1118);
        for (List<HeartRateSample> run : sent.samples()) {
            for (int i = 1; i < run.size(); i++) {
                assertThat(run.get(i).getEventTime()).isAfter(run.get(i - 1).getEventTime());
            }
        }
    }

    @Test
    void heldOrReadAgainAndAnyNumberOfReadersSendTheSameRecords() throws Exception {
        for (String name : List.of(
                "tcxparser-test.tcx",
                "togeojson-run_gpxtpx.gpx",
                "fitparse-garmin-fenix-5-run.fit",
                "fitparse-activity-small-fenix2-run.fit")) {
            copyReal(name);
        }
        SyntheticActivities.writeFit(
                dir.resolve("two-runs.fit"),
                run(START, constant(600, 140, 3.0, 80)),
                run(START.plusSeconds(3600), constant(300, 150, 3.2, 82)));
        Files.writeString(dir.resolve("broken.gpx"), "<gpx><trk>");

        // Every file read twice, on one thread: the import as it was before files were held.
        Sent reference = importAll(0, 1, run -> {}, dir);
        assertThat(reference.runs()).hasSize(6);
        assertThat(reference.report().failures()).singleElement().asString().contains("broken.gpx");
        // Room for about half of the samples holds some files and reads the others again.
        int half = (int) (reference.report().samplesSent() / 2);
        for (int heldSamples : new int[] {half, HistoryImport.DEFAULT_HELD_SAMPLES}) {
            for (int readers = 1; readers <= 4; readers++) {
                Sent again = importAll(heldSamples, readers, run -> {}, dir);
                assertThat(again.runs())
                        .as("held %d, readers %d", heldSamples, readers)
                        .isEqualTo(reference.runs());
                assertThat(again.samples()).isEqualTo(reference.samples());
                assertThat(again.report().failures())
                        .isEqualTo(reference.report().failures());
                assertThat(again.report().samplesSkipped())
                        .isEqualTo(reference.report().samplesSkipped());
                assertThat(again.report().filesRead())
                        .isEqualTo(reference.report().filesRead());
            }
        }
    }

    @Test
    void aFileChangedAfterReadingIsReportedWhenItIsReadAgainAndSentAsReadWhenHeld() throws Exception {
        Path early = SyntheticActivities.writeFit(dir.resolve("early.fit"), run(START, constant(60, 140, 3.0, 80)));
        Path late = SyntheticActivities.writeFit(
                dir.resolve("late.fit"), run(START.plusSeconds(86_400), constant(60, 150, 3.0, 80)));
        byte[] lateBytes = Files.readAllBytes(late);
        // While the early run is being sent, the later file is replaced by another activity.
        Consumer<RunEvent> replaceLate = run -> {
            if (run.getStartTime().equals(START)) {
                SyntheticActivities.writeFit(late, run(START.plusSeconds(2 * 86_400), constant(60, 150, 3.0, 80)));
            }
        };

        Sent readAgain = importAll(0, 2, replaceLate, early, late);
        assertThat(readAgain.runs()).hasSize(1);
        assertThat(readAgain.report().failures())
                .extracting(ImportFailure::toString)
                .containsExactly(late + ": changed while importing");

        write(late, lateBytes);
        Sent held = importAll(HistoryImport.DEFAULT_HELD_SAMPLES, 2, replaceLate, early, late);
        assertThat(held.report().succeeded()).isTrue();
        // The held file is sent as it was read: 61 samples, one a second from 0 to 60, a day after START.
        assertThat(held.runs()).extracting(RunEvent::getStartTime).containsExactly(START, START.plusSeconds(86_400));
        assertThat(held.samples().get(1)).hasSize(61);
    }

    private static void write(Path file, byte[] bytes) {
        try {
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
