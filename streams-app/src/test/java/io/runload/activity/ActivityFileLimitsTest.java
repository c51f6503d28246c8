package io.runload.activity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.garmin.fit.ActivityMesg;
import com.garmin.fit.DateTime;
import com.garmin.fit.FileEncoder;
import com.garmin.fit.FileIdMesg;
import com.garmin.fit.Fit;
import com.garmin.fit.Manufacturer;
import com.garmin.fit.RecordMesg;
import com.garmin.fit.SessionMesg;
import com.garmin.fit.Sport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files built to cost far more than their size: each is refused with one line, and quickly. */
class ActivityFileLimitsTest {
    private static final Instant START = Instant.parse("2026-03-14T07:00:00Z");

    @TempDir
    Path dir;

    @Test
    void theFitSessionBombIsRefusedWithOneLineUnderASmallHeap() throws Exception {
        Path bomb = fitBomb(dir.resolve("bomb.fit"), 20_000, 20_000);
        assertThat(Files.size(bomb)).isLessThan(1_000_000);
        assertThatThrownBy(() -> new ActivityFileReader().read(bomb))
                .isInstanceOf(UnreadableActivityException.class)
                .hasMessage("file has more than 100 sessions; RunLoad reads at most 100 per file");

        // The same file through the real command, in a JVM with a 64 MB heap: one line, no trace.
        Process analyze = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx64m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        "io.runload.cli.RunLoadCli",
                        "analyze",
                        bomb.toString())
                .redirectOutput(dir.resolve("out.txt").toFile())
                .redirectError(dir.resolve("err.txt").toFile())
                .start();
        if (!analyze.waitFor(120, TimeUnit.SECONDS)) {
            analyze.destroyForcibly();
            throw new AssertionError("analyze did not finish in 120 s");
        }
        List<String> err = Files.readAllLines(dir.resolve("err.txt")).stream()
                .filter(l -> !l.isBlank())
                .toList();
        assertThat(analyze.exitValue()).isEqualTo(1);
        assertThat(err)
                .containsExactly("runload analyze: " + bomb + ": file has more than 100 sessions; RunLoad reads at "
                        + "most 100 per file");
        assertThat(Files.readString(dir.resolve("out.txt"))).doesNotContain("Exception", "OutOfMemory");
    }

    @Test
    void sessionsThatEachTakeInEveryRecordCannotMultiplyTheSamples() throws Exception {
        // Within the session limit, but 100 sessions without times x 20,000 records = 2,000,000 samples.
        Path bomb = fitBomb(dir.resolve("wide.fit"), 20_000, 100);
        assertThatThrownBy(() -> new ActivityFileReader().read(bomb))
                .isInstanceOf(UnreadableActivityException.class)
                .hasMessage(
                        "file has more than 200000 samples across its sessions; RunLoad reads at most 200000 per file");
        // One such session is a normal file, and reads.
        Path single = fitBomb(dir.resolve("single.fit"), 20_000, 1);
        assertThat(new ActivityFileReader()
                        .read(single)
                        .contents()
                        .runs()
                        .get(0)
                        .samples())
                .hasSize(20_000);
    }

    @Test
    void tooManyFitRecordsAreRefusedWhileDecoding() throws Exception {
        Path many = fitBomb(dir.resolve("many.fit"), 1_001, 1);
        assertThatThrownBy(() -> new FitActivityParser(new ActivityLimits(10, 1_000)).parse(Files.readAllBytes(many)))
                .isInstanceOf(UnreadableActivityException.class)
                .hasMessage("file has more than 1000 records; RunLoad reads at most 1000 per file");
    }

    @Test
    void xmlFilesAreBoundedInTracksAndPoints() {
        ActivityLimits small = new ActivityLimits(2, 10);
        assertThatThrownBy(() -> new GpxActivityParser(small).parse(gpx(3, 1)))
                .hasMessage("file has more than 2 tracks; RunLoad reads at most 2 per file");
        assertThatThrownBy(() -> new GpxActivityParser(small).parse(gpx(1, 11)))
                .hasMessage("file has more than 10 track points; RunLoad reads at most 10 per file");
        assertThatThrownBy(() -> new TcxActivityParser(small).parse(tcx(3, 1)))
                .hasMessage("file has more than 2 activities; RunLoad reads at most 2 per file");
        assertThatThrownBy(() -> new TcxActivityParser(small).parse(tcx(1, 11)))
                .hasMessage("file has more than 10 track points; RunLoad reads at most 10 per file");
    }

    @Test
    void deviceFilesAndFifosAreRefusedBeforeTheyAreOpened() throws Exception {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            assertThatThrownBy(() -> new ActivityFileReader().read(Path.of("/dev/zero")))
                    .hasMessage("not a regular file (a device, FIFO or directory)");
            Path fifo = dir.resolve("activity.fit");
            Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
            assertThat(mkfifo.waitFor()).isZero();
            // Opening a FIFO with no writer would block for ever; the refusal must come first.
            assertThatThrownBy(() -> new ActivityFileReader().read(fifo))
                    .hasMessage("not a regular file (a device, FIFO or directory)");
            assertThatThrownBy(() -> new ActivityFileReader().read(dir))
                    .hasMessage("not a regular file (a device, FIFO or directory)");
        });
    }

    @Test
    void aFileOverTheSizeLimitIsRefused() throws Exception {
        Path big = dir.resolve("big.gpx");
        try (RandomAccessFile file = new RandomAccessFile(big.toFile(), "rw")) {
            file.setLength(ActivityFileReader.MAX_FILE_BYTES + 1);
        }
        assertThatThrownBy(() -> new ActivityFileReader().read(big))
                .hasMessageStartingWith(
                        "file too large for an activity (" + (ActivityFileReader.MAX_FILE_BYTES + 1) + " bytes");
    }

    @Test
    void invalidBytesInAnXmlFileGiveOneReasonAndNothingOnStandardError() throws Exception {
        byte[] tcx = ("<?xml version=\"1.0\"?><TrainingCenterDatabase><Activities>\u00ef\u00bb</Activities>"
                        + "</TrainingCenterDatabase>")
                .getBytes(StandardCharsets.ISO_8859_1);
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertThatThrownBy(() -> new TcxActivityParser().parse(tcx))
                    .isInstanceOf(UnreadableActivityException.class)
                    .hasMessageEndingWith(": bytes that are not valid in the file's encoding");
        } finally {
            System.setErr(original);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void xmlInTheEncodingItDeclaresOrMarksStillReads() throws Exception {
        String doc =
                new String(gpx(1, 3), StandardCharsets.UTF_8).replace("<trk>", "<trk><name>Lauf am See \u00e4</name>");
        byte[] latin1 = doc.replace("<?xml version=\"1.0\"?>", "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>")
                .getBytes(StandardCharsets.ISO_8859_1);
        assertThat(new GpxActivityParser().parse(latin1).runs().get(0).samples())
                .hasSize(3);
        ByteArrayOutputStream utf16 = new ByteArrayOutputStream();
        utf16.write(0xFF);
        utf16.write(0xFE);
        utf16.writeBytes(doc.replace("<?xml version=\"1.0\"?>", "<?xml version=\"1.0\" encoding=\"UTF-16\"?>")
                .getBytes(StandardCharsets.UTF_16LE));
        assertThat(new GpxActivityParser()
                        .parse(utf16.toByteArray())
                        .runs()
                        .get(0)
                        .samples())
                .hasSize(3);
        byte[] bom = ("\uFEFF" + doc).getBytes(StandardCharsets.UTF_8);
        assertThat(new GpxActivityParser().parse(bom).runs().get(0).samples()).hasSize(3);
    }

    /**
     * {@code records} one second apart, then {@code sessions} running sessions with neither a start
     * time nor an end time, so each one claims every record.
     */
    private static Path fitBomb(Path file, int records, int sessions) {
        FileEncoder encoder = new FileEncoder(file.toFile(), Fit.ProtocolVersion.V2_0);
        FileIdMesg id = new FileIdMesg();
        id.setType(com.garmin.fit.File.ACTIVITY);
        id.setManufacturer(Manufacturer.DEVELOPMENT);
        id.setProduct(1);
        id.setSerialNumber(12345L);
        id.setTimeCreated(time(0));
        encoder.write(id);
        for (int i = 0; i < records; i++) {
            RecordMesg r = new RecordMesg();
            r.setTimestamp(time(i));
            r.setHeartRate((short) 140);
            encoder.write(r);
        }
        for (int i = 0; i < sessions; i++) {
            SessionMesg s = new SessionMesg();
            s.setSport(Sport.RUNNING);
            encoder.write(s);
        }
        ActivityMesg activity = new ActivityMesg();
        activity.setTimestamp(time(records));
        activity.setNumSessions(sessions);
        encoder.write(activity);
        encoder.close();
        return file;
    }

    private static DateTime time(int second) {
        return new DateTime(START.plusSeconds(second).getEpochSecond() - DateTime.OFFSET / 1000);
    }

    private static byte[] gpx(int tracks, int pointsPerTrack) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\"?><gpx version=\"1.1\" creator=\"test\" "
                + "xmlns=\"http://www.topografix.com/GPX/1/1\">");
        for (int t = 0; t < tracks; t++) {
            xml.append("<trk><trkseg>");
            for (int p = 0; p < pointsPerTrack; p++) {
                xml.append("<trkpt lat=\"47.0\" lon=\"8.")
                        .append(p)
                        .append("\"><time>")
                        .append(START.plusSeconds(p))
                        .append("</time></trkpt>");
            }
            xml.append("</trkseg></trk>");
        }
        return xml.append("</gpx>").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] tcx(int activities, int pointsPerActivity) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\"?><TrainingCenterDatabase><Activities>");
        for (int a = 0; a < activities; a++) {
            xml.append("<Activity Sport=\"Running\"><Id>")
                    .append(START)
                    .append("</Id><Lap StartTime=\"")
                    .append(START)
                    .append("\"><Track>");
            for (int p = 0; p < pointsPerActivity; p++) {
                xml.append("<Trackpoint><Time>").append(START.plusSeconds(p)).append("</Time></Trackpoint>");
            }
            xml.append("</Track></Lap></Activity>");
        }
        return xml.append("</Activities></TrainingCenterDatabase>").toString().getBytes(StandardCharsets.UTF_8);
    }
}
