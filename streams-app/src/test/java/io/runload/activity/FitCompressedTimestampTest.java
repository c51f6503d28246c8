package io.runload.activity;

import static io.runload.activity.SyntheticActivities.START;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.garmin.fit.Decode;
import com.garmin.fit.FieldDefinition;
import com.garmin.fit.MesgBroadcaster;
import com.garmin.fit.MesgDefinition;
import com.garmin.fit.RecordMesg;
import com.garmin.fit.RecordMesgListener;
import io.runload.activity.SyntheticActivities.Point;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FIT records behind compressed-timestamp headers, which the SDK's encoder never writes, so the file
 * is written byte by byte by {@link FitByteWriter}.
 *
 * <p>The run: 10 min at 1 Hz, 150 bpm, 3 m/s, 80 rpm, starting at {@link SyntheticActivities#START}
 * (FIT time 1109919600, whose low 5 bits are 16). Only t=0 and t=450 carry a full timestamp; every
 * other record carries just the 5-bit offset, which rolls over every 32 s. Nothing is recorded at
 * t=301..304 (offset 28 -> 1: a 5 s gap across a rollover) nor at t=511..529 (offset 14 -> 2: a
 * 20 s gap across a rollover); t=400 reads 255, FIT's "invalid heart rate".
 */
class FitCompressedTimestampTest {

    private static final Set<Integer> FULL_TIMESTAMPS = Set.of(0, 450);

    @TempDir
    Path dir;

    private static List<Point> points() {
        List<Point> points = new ArrayList<>();
        for (int s = 0; s <= 600; s++) {
            if ((s > 300 && s < 305) || (s > 510 && s < 530)) {
                continue;
            }
            points.add(new Point(s, s == 400 ? 255 : 150, 3.0, 80));
        }
        return points;
    }

    private static byte[] file() {
        return FitByteWriter.runWithCompressedTimestamps(START, points(), FULL_TIMESTAMPS);
    }

    private static List<Instant> expectedTimes() {
        return points().stream().map(p -> START.plusSeconds(p.second())).toList();
    }

    @Test
    void crcIsTheProtocolsCrc16() throws Exception {
        // CRC-16/ARC's published check value for "123456789".
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertThat(FitCrc.of(check, 0, check.length)).isEqualTo(0xBB3D);
        // And it agrees with the SDK's encoder on both of a file's CRCs.
        byte[] sdk = Files.readAllBytes(SyntheticActivities.writeFit(
                dir.resolve("sdk.fit"),
                SyntheticActivities.run(START, SyntheticActivities.constant(60, 150, 3.0, 80))));
        assertThat(littleEndian16(sdk, sdk.length - 2)).isEqualTo(FitCrc.of(sdk, 0, sdk.length - 2));
        assertThat(littleEndian16(sdk, 12)).isEqualTo(FitCrc.of(sdk, 0, 12));
        byte[] ours = file();
        assertThat(new Decode().checkFileIntegrity(new ByteArrayInputStream(ours)))
                .isTrue();
    }

    @Test
    void sdkDecoderResolvesCompressedTimestamps() throws Exception {
        Decode decode = new Decode();
        MesgBroadcaster broadcaster = new MesgBroadcaster(decode);
        List<RecordMesg> records = new ArrayList<>();
        List<MesgDefinition> definitions = new ArrayList<>();
        broadcaster.addListener((RecordMesgListener) records::add);
        decode.read(new ByteArrayInputStream(file()), broadcaster, definitions::add);

        // The file really relies on its headers: one record layout has no timestamp field at all.
        assertThat(definitions)
                .filteredOn(d -> d.getNum() == 20)
                .anySatisfy(d -> assertThat(d.getFields())
                        .extracting(FieldDefinition::getNum)
                        .doesNotContain(FitByteWriter.TIMESTAMP_FIELD));
        // So the decoder itself fills in RecordMesg's timestamp from the 5-bit offsets, rollovers included.
        assertThat(records)
                .extracting(r -> r.getTimestamp().getDate().toInstant())
                .containsExactlyElementsOf(expectedTimes());
    }

    @Test
    void parserPlacesEveryCompressedRecordAtItsAbsoluteTime() throws Exception {
        Path fit = Files.write(dir.resolve("compressed.fit"), file());
        ActivityContents contents = new ActivityFileReader().read(fit).contents();
        assertThat(contents.runs()).hasSize(1);
        ActivityRecording run = contents.runs().get(0);
        assertThat(run.start()).isEqualTo(START);
        assertThat(run.durationSec()).isEqualTo(600);
        assertThat(run.distanceMeters()).isCloseTo(1800.0, within(1e-6));
        // 601 seconds minus the 4 + 19 unrecorded ones.
        assertThat(run.samples()).hasSize(578);
        assertThat(run.samples())
                .extracting(s -> Instant.ofEpochMilli(s.timeMillis()))
                .containsExactlyElementsOf(expectedTimes());
        assertThat(run.samples())
                .filteredOn(s -> s.bpm() == 255)
                .extracting(ActivitySample::timeMillis)
                .containsExactly(START.plusSeconds(400).toEpochMilli());
        ActivitySample last = run.samples().get(run.samples().size() - 1);
        assertThat(last.distanceMeters()).isCloseTo(1800.0, within(1e-6));
        assertThat(last.speedMps()).isCloseTo(3.0, within(1e-6));
        assertThat(last.cadenceSpm()).isEqualTo(160);
    }

    @Test
    void analysisOfTheCompressedRunMatchesHandComputedTrimp() throws Exception {
        Path fit = Files.write(dir.resolve("compressed.fit"), file());
        RunAnalysis a = new RunAnalyzer()
                .analyze(new ActivityFileReader().read(fit).contents().runs().get(0), RunAnalyzerTest.PROFILE);
        // Credit per valid sample = gap to the next valid one, capped at 10 s:
        // t=0..299: 300 x 1 s; t=300 -> 305: 5 s; t=305..398: 94 x 1; t=399 -> 401 (255 skipped): 2 s;
        // t=401..509: 109 x 1; t=510 -> 530: 10 s (20 capped); t=530..599: 70 x 1; t=600: 0. Sum = 590 s.
        // A wrong rollover would misplace t=305 or t=530 by 32 s and change this sum.
        assertThat(a.effort().hrSeconds()).isEqualTo(590);
        // x = (150-60)/(190-60) = 0.692308 (Z2); per minute x * 0.64 * e^(1.92 x) = 0.692308 * 0.64 * 3.778136 =
        // 1.674005;
        // 590 s = 9.833333 min, so TRIMP = 9.833333 * 1.674005 = 16.461.
        assertThat(a.effort().trimp()).isCloseTo(16.461, within(0.001));
        assertThat(a.effort().trimp())
                .isCloseTo(590 / 60.0 * (90 / 130.0) * 0.64 * Math.exp(1.92 * 90 / 130.0), within(1e-9));
        assertThat(a.effort().timeInZoneSec()).containsExactly(0, 590, 0, 0, 0);
        assertThat(a.sentinelSamples()).isEqualTo(1);
        assertThat(a.validHrSamples()).isEqualTo(577);
        assertThat(a.effort().avgHr()).isEqualTo(150.0);
        assertThat(a.effort().maxHr()).isEqualTo(150);
        assertThat(a.effort().hrCoverage()).isCloseTo(590 / 600.0, within(1e-12));
        assertThat(a.qualityFlags()).containsExactly(RunAnalysis.INVALID_HR_SENTINEL);
    }

    private static int littleEndian16(byte[] bytes, int at) {
        return (bytes[at] & 0xFF) | (bytes[at + 1] & 0xFF) << 8;
    }
}
