package io.runload.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runload.avro.PlannedType;
import io.runload.avro.RunEvent;
import io.runload.avro.Sex;
import io.runload.avro.ZoneModel;
import io.runload.domain.ResolvedProfile;
import io.runload.domain.RunEffort;
import io.runload.domain.RunHeartRateAccumulator;
import io.runload.domain.RunHeartRateRecord;
import io.runload.domain.SteadyRun;
import io.runload.testing.TestRecords;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Round trips and the size of the per-run record kept for re-scoring. */
class RunHeartRateRecordCodecTest {
    private static final Instant START = Instant.parse("2026-11-02T06:30:00Z");
    private static final ResolvedProfile PROFILE =
            new ResolvedProfile(190, 60, 170, false, Sex.MALE, ZoneModel.KARVONEN, ZoneOffset.UTC, DayOfWeek.MONDAY);

    @Test
    void aCoveredRunRoundTripsWithEveryOptionalField() {
        RunEvent event = TestRecords.run("athlete-0042", "0f8fad5b-d9cb-469f-a165-70867728950e", START, 2700, 8100)
                .setTimezone("Europe/Berlin")
                .setElevationGainMeters(42.5)
                .setPlannedType(PlannedType.LONG)
                .setUpdatedAt(START.plusSeconds(4000))
                .build();
        RunHeartRateRecord record = recordOf(event, typicalRun(2700), LocalDate.of(2026, 11, 2));
        RunHeartRateRecord decoded = RunHeartRateRecordCodec.fromBytes(RunHeartRateRecordCodec.toBytes(record));
        assertThat(decoded).isEqualTo(record);
        assertThat(decoded.effortUnder(PROFILE)).isEqualTo(record.effortUnder(PROFILE));
    }

    @Test
    void aPartlyCoveredRunKeepsItsMinutesExactly() {
        RunEvent event = TestRecords.run("ann", "r2", START, 2700, 8100)
                .setMovingTimeSec(null)
                .setPlannedType(null)
                .build();
        RunHeartRateRecord record = recordOf(event, typicalRun(1500), LocalDate.of(2026, 11, 1));
        assertThat(record.minutes()).hasSize(25);
        RunHeartRateRecord decoded = RunHeartRateRecordCodec.fromBytes(RunHeartRateRecordCodec.toBytes(record));
        assertThat(decoded).isEqualTo(record);
        assertThat(decoded.minutes()).isEqualTo(record.minutes());
    }

    @Test
    void aRunWithoutHeartRateRoundTrips() {
        RunEvent event = TestRecords.run("ann", "r3", START, 1800, 5000).build();
        RunHeartRateRecord record = RunHeartRateRecord.withoutHeartRate(event, LocalDate.of(2026, 11, 2));
        assertThat(RunHeartRateRecordCodec.fromBytes(RunHeartRateRecordCodec.toBytes(record)))
                .isEqualTo(record);
    }

    /**
     * A 45-minute 1 Hz run whose heart rate covers it, with a UUID run id: the record for re-scoring
     * stays within 300 bytes, so an athlete at 6 runs a week over the 8-week window keeps under
     * 48 x 300 = 14 400 bytes. The figures printed are quoted in docs/domain.md.
     */
    @Test
    void aTypicalRunCostsAFewHundredBytes() {
        RunEvent event = TestRecords.run("athlete-0042", "0f8fad5b-d9cb-469f-a165-70867728950e", START, 2700, 8100)
                .setExternalId("garmin-12345678901")
                .build();
        byte[] bytes = RunHeartRateRecordCodec.toBytes(recordOf(event, typicalRun(2700), LocalDate.of(2026, 11, 2)));
        byte[] partial = RunHeartRateRecordCodec.toBytes(recordOf(event, typicalRun(1500), LocalDate.of(2026, 11, 2)));
        System.out.printf(
                "run-heart-rate-record: %d bytes a covered run, %d a partly covered one, %d an athlete (48 covered runs)%n",
                bytes.length, partial.length, 48 * bytes.length);
        assertThat(bytes.length).isLessThan(300);
    }

    @Test
    void corruptBytesAreRefusedWithAnIllegalArgumentException() {
        RunEvent event = TestRecords.run("ann", "r1", START, 2700, 8100).build();
        byte[] bytes = RunHeartRateRecordCodec.toBytes(recordOf(event, typicalRun(2700), LocalDate.of(2026, 11, 2)));
        assertThatThrownBy(() -> RunHeartRateRecordCodec.fromBytes(Arrays.copyOf(bytes, bytes.length - 1)))
                .isInstanceOf(IllegalArgumentException.class);
        byte[] trailing = Arrays.copyOf(bytes, bytes.length + 1);
        assertThatThrownBy(() -> RunHeartRateRecordCodec.fromBytes(trailing))
                .isInstanceOf(IllegalArgumentException.class);
        byte[] unknownVersion = bytes.clone();
        unknownVersion[0] = 9;
        assertThatThrownBy(() -> RunHeartRateRecordCodec.fromBytes(unknownVersion))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** An easy run's wandering heart rate (about 40 distinct bpm) and speed, one sample a second. */
    private static RunHeartRateAccumulator typicalRun(int seconds) {
        RunHeartRateAccumulator run = new RunHeartRateAccumulator();
        for (int s = 0; s <= seconds; s++) {
            int bpm = 128 + (int) Math.round(12 * Math.sin(s / 97.0) + 8 * Math.sin(s / 13.0) + s / 300.0);
            run.add(START.toEpochMilli() + s * 1000L, bpm, 2.9 + 0.1 * Math.sin(s / 31.0), 168);
        }
        return run;
    }

    private static RunHeartRateRecord recordOf(RunEvent event, RunHeartRateAccumulator run, LocalDate date) {
        long start = event.getStartTime().toEpochMilli();
        RunEffort effort = SteadyRun.gate(
                run.summarize(PROFILE, start, event.getDurationSec()),
                run.minuteBuckets(),
                start,
                event.getDurationSec(),
                event.getPlannedType(),
                event.getSport());
        return RunHeartRateRecord.of(event, date, run, effort);
    }
}
