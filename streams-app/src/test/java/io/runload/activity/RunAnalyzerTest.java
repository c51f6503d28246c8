package io.runload.activity;

import static io.runload.activity.SyntheticActivities.START;
import static io.runload.activity.SyntheticActivities.constant;
import static io.runload.activity.SyntheticActivities.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.runload.activity.SyntheticActivities.Point;
import io.runload.avro.Sex;
import io.runload.avro.ZoneModel;
import io.runload.domain.ProfileHistory;
import io.runload.domain.ResolvedProfile;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Offline analysis of synthetic files with hand-computed answers, and of real files with pinned ones. */
class RunAnalyzerTest {

    /** docs/domain.md's worked example: resting 60, max 190, male. */
    static final ResolvedProfile PROFILE =
            new ResolvedProfile(190, 60, 170.5, false, Sex.MALE, ZoneModel.KARVONEN, ZoneOffset.UTC, DayOfWeek.MONDAY);

    @TempDir
    Path dir;

    private final ActivityFileReader reader = new ActivityFileReader();
    private final RunAnalyzer analyzer = new RunAnalyzer();

    private RunAnalysis analyzeOnly(Path file, ResolvedProfile profile) throws Exception {
        ActivityFile read = reader.read(file);
        assertThat(read.contents().runs()).hasSize(1);
        return analyzer.analyze(read.contents().runs().get(0), profile);
    }

    @Test
    void constantHeartRateGivesDomainWorkedTrimpInEveryFormat() throws Exception {
        // 45 min at 150 bpm, 1 Hz, 3 m/s, cadence 80 rpm (160 spm, so no cadence lock).
        var session = run(START, constant(2700, 150, 3.0, 80));
        List<Path> files = List.of(
                SyntheticActivities.writeFit(dir.resolve("constant.fit"), session),
                SyntheticActivities.writeTcx(dir.resolve("constant.tcx"), session),
                SyntheticActivities.writeGpx(dir.resolve("constant.gpx"), session));
        for (Path file : files) {
            RunAnalysis a = analyzeOnly(file, PROFILE);
            // x = (150-60)/(190-60) = 0.692308; e^(1.92 x) = 3.778136; 45 min * x * 0.64 * 3.778136 = 45 * 1.674005 =
            // 75.330,
            // docs/domain.md's worked check
            // (2701 samples: 2700 credited 1 s each, the last credited 0).
            assertThat(a.effort().trimp()).as(file.toString()).isCloseTo(75.330, within(0.001));
            assertThat(a.effort().trimp())
                    .isCloseTo(45 * (90 / 130.0) * 0.64 * Math.exp(1.92 * 90 / 130.0), within(1e-9));
            // HRR 0.692 is Z2 (0.60-0.70).
            assertThat(a.effort().timeInZoneSec()).containsExactly(0, 2700, 0, 0, 0);
            assertThat(a.durationSec()).isEqualTo(2700);
            assertThat(a.distanceMeters()).isCloseTo(8100, within(0.5));
            assertThat(a.effort().avgHr()).isEqualTo(150.0);
            assertThat(a.effort().maxHr()).isEqualTo(150);
            assertThat(a.effort().hrCoverage()).isEqualTo(1.0);
            assertThat(a.qualityFlags()).isEmpty();
            assertThat(a.effort().intensity()).isEqualTo(io.runload.avro.IntensityClass.EASY);
        }
        // Decoupling needs 40+ minutes with speed: constant speed over constant HR drifts by exactly nothing.
        assertThat(analyzeOnly(files.get(0), PROFILE).effort().decouplingPct()).isCloseTo(0.0, within(1e-9));
    }

    @Test
    void dropoutsSentinelsAndOutOfRangeAreSkippedAndCounted() throws Exception {
        // 10 min at 140 bpm, 1 Hz: 255 at t=100..109, 25 bpm at t=200, nothing recorded at t=301..359.
        List<Point> points = new ArrayList<>();
        for (int s = 0; s <= 600; s++) {
            if (s > 300 && s < 360) {
                continue;
            }
            int bpm = s >= 100 && s <= 109 ? 255 : s == 200 ? 25 : 140;
            points.add(new Point(s, bpm, 3.0, 80));
        }
        Path fit = SyntheticActivities.writeFit(dir.resolve("dropouts.fit"), run(START, points));
        RunAnalysis a = analyzeOnly(fit, PROFILE);
        // Credit per valid sample = gap to the next valid one, capped at 10 s:
        // t=0..98: 99 x 1 s; t=99 -> 110: 10 s (11 capped); t=110..198: 89 x 1; t=199 -> 201: 2 s;
        // t=201..299: 99 x 1; t=300 -> 360: 10 s (60 capped); t=360..599: 240 x 1; t=600: 0. Sum = 549 s.
        assertThat(a.effort().hrSeconds()).isEqualTo(549);
        assertThat(a.effort().timeInZoneSec()).containsExactly(0, 549, 0, 0, 0);
        // x = 80/130 = 0.615385; 549/60 min * x * 0.64 * e^(1.92 x) = 9.15 * 1.283696 = 11.746
        assertThat(a.effort().trimp()).isCloseTo(11.746, within(0.001));
        assertThat(a.effort().trimp())
                .isCloseTo(549 / 60.0 * (80 / 130.0) * 0.64 * Math.exp(1.92 * 80 / 130.0), within(1e-9));
        assertThat(a.sentinelSamples()).isEqualTo(10);
        assertThat(a.outOfRangeSamples()).isEqualTo(1);
        assertThat(a.validHrSamples()).isEqualTo(542 - 11);
        assertThat(a.durationSec()).isEqualTo(600);
        assertThat(a.effort().hrCoverage()).isCloseTo(549 / 600.0, within(1e-12));
        assertThat(a.qualityFlags()).containsExactly(RunAnalysis.INVALID_HR_SENTINEL, RunAnalysis.HR_OUT_OF_RANGE);
    }

    @Test
    void heartRateEqualToCadenceForOverThirtySecondsIsCadenceLock() throws Exception {
        // 5 min: 150 bpm at 80 rpm (160 spm), but t=120..179 reads 170 bpm at 85 rpm = 170 spm: a 59 s lock.
        List<Point> points = new ArrayList<>();
        for (int s = 0; s <= 300; s++) {
            boolean locked = s >= 120 && s <= 179;
            points.add(new Point(s, locked ? 170 : 150, 3.0, locked ? 85 : 80));
        }
        for (Path file : List.of(
                SyntheticActivities.writeFit(dir.resolve("lock.fit"), run(START, points)),
                SyntheticActivities.writeTcx(dir.resolve("lock.tcx"), run(START, points)),
                SyntheticActivities.writeGpx(dir.resolve("lock.gpx"), run(START, points)))) {
            RunAnalysis a = analyzeOnly(file, PROFILE);
            assertThat(a.qualityFlags()).as(file.toString()).containsExactly("CADENCE_LOCK");
            // 240 s at 150 (Z2), 60 s at 170 (HRR 0.846, Z4): the lock still counts as recorded.
            assertThat(a.effort().timeInZoneSec()).containsExactly(0, 240, 0, 60, 0);
        }
    }

    @Test
    void multisportFileYieldsOneRunPerRunningSession() throws Exception {
        Path fit = SyntheticActivities.writeFit(
                dir.resolve("multisport.fit"),
                run(START, constant(600, 140, 3.0, 80)),
                new SyntheticActivities.Session(
                        com.garmin.fit.Sport.CYCLING, START.plusSeconds(700), constant(1200, 130, 8.0, 90)),
                run(START.plusSeconds(2000), constant(600, 160, 3.2, 85)));
        ActivityContents contents = reader.read(fit).contents();
        assertThat(contents.otherSports()).containsExactly("CYCLING");
        assertThat(contents.runs()).extracting(ActivityRecording::sessionIndex).containsExactly(0, 1);
        assertThat(contents.runs())
                .extracting(ActivityRecording::start)
                .containsExactly(START, START.plusSeconds(2000));
        assertThat(contents.runs()).extracting(r -> r.samples().size()).containsExactly(601, 601);
        assertThat(analyzer.analyze(contents.runs().get(1), PROFILE).effort().avgHr())
                .isEqualTo(160.0);
    }

    @Test
    void truncatedAndCorruptFilesFailWithOneLineReasons() throws Exception {
        var session = run(START, constant(600, 150, 3.0, 80));
        Path fit = SyntheticActivities.writeFit(dir.resolve("whole.fit"), session);
        Path tcx = SyntheticActivities.writeTcx(dir.resolve("whole.tcx"), session);
        assertThatThrownBy(() -> reader.read(SyntheticActivities.truncate(fit, dir.resolve("cut.fit"), 0.6)))
                .isInstanceOf(UnreadableActivityException.class)
                .hasMessageStartingWith("truncated FIT file");
        assertThatThrownBy(() -> reader.read(SyntheticActivities.corruptHeader(fit, dir.resolve("header.fit"))))
                .isInstanceOf(UnreadableActivityException.class)
                .hasMessageStartingWith("corrupt FIT header");
        assertThatThrownBy(() -> reader.read(SyntheticActivities.truncate(tcx, dir.resolve("cut.tcx"), 0.6)))
                .isInstanceOf(UnreadableActivityException.class)
                .hasMessageStartingWith("malformed XML at line");
        byte[] flipped = java.nio.file.Files.readAllBytes(fit);
        flipped[flipped.length / 2] ^= 0x5A;
        Path crc = java.nio.file.Files.write(dir.resolve("crc.fit"), flipped);
        assertThatThrownBy(() -> reader.read(crc))
                .isInstanceOf(UnreadableActivityException.class)
                .hasMessageContaining("CRC");
        Path text = java.nio.file.Files.writeString(dir.resolve("notes.txt"), "hello");
        assertThatThrownBy(() -> reader.read(text)).hasMessageStartingWith("unsupported format");
        assertThat(reader.read(fit).contents().runs()).hasSize(1);
    }

    // ---- real files (see src/test/resources/activities/NOTICE.md); default profile: Tanaka at 30 = 187, resting 60

    private static Path real(String name) {
        return Path.of("src/test/resources/activities/real", name);
    }

    @Test
    void realFenix2RunWithOneSentinel() throws Exception {
        RunAnalysis a = analyzeOnly(real("fitparse-activity-small-fenix2-run.fit"), ProfileHistory.populationDefault());
        assertThat(a.recording().start()).isEqualTo(java.time.Instant.parse("2015-08-15T14:45:08Z"));
        assertThat(a.durationSec()).isEqualTo(2832);
        assertThat(a.distanceMeters()).isCloseTo(9008.22, within(0.01));
        assertThat(a.sentinelSamples()).isEqualTo(1);
        assertThat(a.validHrSamples()).isEqualTo(2808);
        assertThat(a.effort().trimp()).isCloseTo(100.7983, within(1e-4));
        assertThat(a.effort().timeInZoneSec()).containsExactly(530, 425, 557, 1084, 237);
        assertThat(a.effort().maxHr()).isEqualTo(178);
        assertThat(a.effort().avgHr()).isCloseTo(153.911, within(1e-3));
        assertThat(a.effort().decouplingPct()).isCloseTo(23.562, within(1e-3));
        assertThat(a.qualityFlags()).containsExactly(RunAnalysis.INVALID_HR_SENTINEL);
    }

    @Test
    void realFenix5ShortRun() throws Exception {
        RunAnalysis a = analyzeOnly(real("fitparse-garmin-fenix-5-run.fit"), ProfileHistory.populationDefault());
        // 21 records, as in python-fitparse's own CSV of this file.
        assertThat(a.recording().samples()).hasSize(21);
        assertThat(a.durationSec()).isEqualTo(57);
        assertThat(a.effort().timeInZoneSec()).containsExactly(57, 0, 0, 0, 0);
        assertThat(a.effort().maxHr()).isEqualTo(112);
        assertThat(a.effort().trimp()).isCloseTo(0.27118, within(1e-5));
    }

    @Test
    void realTcxRun() throws Exception {
        RunAnalysis a = analyzeOnly(real("tcxparser-test.tcx"), ProfileHistory.populationDefault());
        assertThat(a.recording().start()).isEqualTo(java.time.Instant.parse("2012-12-26T21:29:53Z"));
        assertThat(a.durationSec()).isEqualTo(1992);
        assertThat(a.distanceMeters()).isCloseTo(4689.24, within(0.01));
        assertThat(a.effort().maxHr()).isEqualTo(189);
        assertThat(a.effort().trimp()).isCloseTo(87.9568, within(1e-4));
        assertThat(a.effort().timeInZoneSec()).containsExactly(223, 4, 361, 819, 584);
        assertThat(a.samplesWithoutHr()).isEqualTo(1);
    }

    @Test
    void realGpxRunWithTrackPointExtension() throws Exception {
        RunAnalysis a = analyzeOnly(real("togeojson-run_gpxtpx.gpx"), ProfileHistory.populationDefault());
        assertThat(a.recording().samples()).hasSize(1118);
        assertThat(a.durationSec()).isEqualTo(1256);
        assertThat(a.distanceMeters()).isCloseTo(3568.32, within(0.01));
        assertThat(a.effort().maxHr()).isEqualTo(187);
        assertThat(a.effort().trimp()).isCloseTo(55.4489, within(1e-4));
        assertThat(a.effort().timeInZoneSec()).containsExactly(34, 49, 217, 394, 432);
        assertThat(a.qualityFlags()).containsExactly("HR_JUMPS");
    }

    @Test
    void profileFlagsChangeTheAnswer() throws Exception {
        ProfileHistory female = new ProfileHistory();
        female.upsert(new io.runload.domain.ProfileVersion(
                190, 60, null, null, Sex.FEMALE, null, null, null, LocalDate.of(1900, 1, 1)));
        var session = run(START, constant(2700, 150, 3.0, 80));
        Path fit = SyntheticActivities.writeFit(dir.resolve("female.fit"), session);
        // k = 1.67: 45 * x * 0.64 * e^(1.67 x) with x = 0.692308 = 45 * 1.414 = 63.63
        assertThat(analyzeOnly(fit, female.resolve(LocalDate.of(2025, 3, 3)))
                        .effort()
                        .trimp())
                .isCloseTo(45 * (90 / 130.0) * 0.64 * Math.exp(1.67 * 90 / 130.0), within(1e-9));
    }
}
