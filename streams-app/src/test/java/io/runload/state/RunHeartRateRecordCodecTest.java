package io.runload.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.runload.avro.PlannedType;
import io.runload.avro.RunEvent;
import io.runload.avro.Sex;
import io.runload.avro.ZoneModel;
import io.runload.domain.MinuteBucket;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.ToIntBiFunction;
import org.junit.jupiter.api.Test;

/** Round trips and the size of the per-run record kept for re-scoring. */
class RunHeartRateRecordCodecTest {
    private static final Instant START = Instant.parse("2026-11-02T06:30:00Z");
    private static final ResolvedProfile PROFILE =
            new ResolvedProfile(190, 60, 170, false, Sex.MALE, ZoneModel.KARVONEN, ZoneOffset.UTC, DayOfWeek.MONDAY);

    private static final List<PlannedType> PLANNED = List.of(PlannedType.EASY, PlannedType.LONG, PlannedType.RACE);

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
     * A 45-minute 1 Hz run whose heart rate covers it, with a UUID run id, stored under its key:
     * the record for re-scoring stays within 150 bytes, so an athlete at 6 runs a week over the
     * 8-week window keeps under 48 x 150 = 7 200 bytes.
     */
    @Test
    void aTypicalRunCostsUnderOneHundredAndFiftyBytes() {
        String runId = "0f8fad5b-d9cb-469f-a165-70867728950e";
        RunEvent event = TestRecords.run("athlete-0042", runId, START, 2700, 8100)
                .setExternalId("garmin-12345678901")
                .build();
        RunHeartRateRecord covered = recordOf(event, typicalRun(2700), LocalDate.of(2026, 11, 2));
        RunHeartRateRecord partlyCovered = recordOf(event, typicalRun(1500), LocalDate.of(2026, 11, 2));
        byte[] bytes = RunHeartRateRecordCodec.toBytes(covered, "athlete-0042", runId);
        byte[] partial = RunHeartRateRecordCodec.toBytes(partlyCovered, "athlete-0042", runId);
        System.out.printf(
                "run-heart-rate-record: %d bytes a covered run, %d a partly covered one%n",
                bytes.length, partial.length);
        assertThat(bytes.length).isLessThanOrEqualTo(150);
        assertThat(RunHeartRateRecordCodec.fromBytes(bytes, "athlete-0042", runId))
                .isEqualTo(covered);
        assertThat(RunHeartRateRecordCodec.fromBytes(partial, "athlete-0042", runId))
                .isEqualTo(partlyCovered);
    }

    /**
     * The benchmark's history runs (30 to 75 minutes, heart rate every 15 s, bpm drifting by up to 6
     * around 125 or 135 easy and 150 to 168 hard), stored under their key. With the 10 s credit cap a
     * 15 s recording covers two thirds of the run, so its load may be filled from pace and the record
     * keeps the minute buckets ({@code RunHeartRateRecord.mayBeFilled}); those dominate. Without
     * them every run stays within 150 bytes.
     */
    @Test
    void theBenchmarksHistoryRunsWithoutMinuteBucketsStayUnderOneHundredAndFiftyBytes() {
        int largestWithout = 0;
        int largestWith = 0;
        int minutes = 0;
        for (int i = 0; i < 60; i++) {
            int duration = 1800 + (i * 7 * 131) % 2700;
            boolean hard = i % 7 == 3;
            String runId = "athlete-" + i + "-20261102";
            RunEvent event = TestRecords.run("athlete-" + i, runId, START, duration, duration * 2.9)
                    .setMovingTimeSec(duration - 45)
                    .setElevationGainMeters(35.0 + i % 50)
                    .setPlannedType(null)
                    .build();
            RunHeartRateAccumulator run = new RunHeartRateAccumulator();
            for (int s = 0;
                    s < duration;
                    s = s + 15 < duration ? s + 15 : (s == duration - 1 ? duration : duration - 1)) {
                int warm = Math.min(1, s / 600);
                int drift = (int) Math.round(6 * Math.sin((s + i * 37L) / 120.0));
                run.add(START.toEpochMilli() + s * 1000L, (hard ? 150 + 18 * warm : 125 + 10 * warm) + drift, 2.9, 168);
            }
            RunHeartRateRecord record = recordOf(event, run, LocalDate.of(2026, 11, 2));
            RunHeartRateRecord withoutMinutes = new RunHeartRateRecord(
                    event,
                    record.localDate(),
                    bins(record, RunHeartRateRecord::binBpm),
                    bins(record, RunHeartRateRecord::binSamples),
                    creditedMillis(record),
                    record.hrJumps(),
                    record.cadenceLock(),
                    record.outOfOrderSamples(),
                    record.decouplingPct(),
                    record.efficiencyFactor(),
                    List.of());
            byte[] bytes = RunHeartRateRecordCodec.toBytes(record, "athlete-" + i, runId);
            byte[] without = RunHeartRateRecordCodec.toBytes(withoutMinutes, "athlete-" + i, runId);
            assertThat(RunHeartRateRecordCodec.fromBytes(bytes, "athlete-" + i, runId))
                    .isEqualTo(record);
            largestWith = Math.max(largestWith, bytes.length);
            largestWithout = Math.max(largestWithout, without.length);
            minutes = Math.max(minutes, record.minutes().size());
        }
        System.out.printf(
                "run-heart-rate-record, benchmark history runs: at most %d bytes, %d without their %d minute buckets%n",
                largestWith, largestWithout, minutes);
        assertThat(largestWithout).isLessThanOrEqualTo(150);
    }

    private static int[] bins(RunHeartRateRecord record, ToIntBiFunction<RunHeartRateRecord, Integer> field) {
        int[] values = new int[record.binCount()];
        for (int i = 0; i < values.length; i++) {
            values[i] = field.applyAsInt(record, i);
        }
        return values;
    }

    private static long[] creditedMillis(RunHeartRateRecord record) {
        long[] values = new long[record.binCount()];
        for (int i = 0; i < values.length; i++) {
            values[i] = record.binCreditedMillis(i);
        }
        return values;
    }

    /**
     * Format 1 as an earlier build wrote it, byte by byte: run r1 of ann, 60 s, 200 m, planned easy,
     * bins 120 bpm (2 samples, 2,000 ms) and 121 bpm (1 sample, 1,500 ms).
     */
    @Test
    void formatOneStillDecodes() {
        byte[] stored = hex(
                "01" // format 1
                        + "0a" // flags: moving time (2) | planned type (8)
                        + "027231" // run id "r1"
                        + "03616e6e" // athlete id "ann"
                        + "066761726d696e" // source "garmin"
                        + "066578742d7231" // external id "ext-r1"
                        + "0352554e" // sport "RUN"
                        + "80c99aafb368" // start 1,793,601,000,000 ms, zigzag varint
                        + "3c3c" // duration 60, moving time 60
                        + "4069000000000000" // distance 200.0
                        + "0445415359" // planned type "EASY"
                        + "00" // local date: the UTC day of the start
                        + "02" // two bins
                        + "5a0200" // bpm 30 + 90 = 120, 2 samples, 2,000 - 2 x 1,000 = 0
                        + "0101e807" // bpm 120 + 1, 1 sample, 1,500 - 1,000 = 500, zigzag 1,000
                        + "00"); // no minute buckets
        assertThat(RunHeartRateRecordCodec.fromBytes(stored)).isEqualTo(smallRecord());
        assertThat(RunHeartRateRecordCodec.fromBytes(stored, "ann", "r1")).isEqualTo(smallRecord());
    }

    /**
     * The small record as the previous release wrote it in format 2, with its ids written out (47
     * bytes) and left to the key (39); and once more with one minute bucket, whose four sums format 2
     * wrote as they are.
     */
    @Test
    void formatTwoStillDecodes() {
        String head = "06" + "6761726d696e" // source "garmin"
                + "02" + "04" + "6578742d" // external id: "ext-" before the run id
                + "00" // sport RUN, code 0
                + "d0b7c1ae0d" // start 1,793,601,000 s, zigzag varint
                + "3c" // duration 60
                + "00" // moving time: 60 - 0
                + "00" + "9003" // distance: scale 10^0, 200, zigzag 400
                + "00" // planned type EASY, code 0
                + "00" // local date: the UTC day of the start
                + "02" // two bins
                + "e807" // interval 1,000 ms: the 2-sample bin holds exactly 2 x 1,000
                + "5a" + "04" // bpm 30 + 90 = 120: 2 samples, 2,000 = 2 x 1,000: 2 x 2 + 0
                + "00" + "03" + "e807"; // next bpm + 0 + 1: 1 sample, 2 x 1 + 1, then 1,500 - 1,000 = 500, zigzag 1,000
        // Flags 2 (moving) | 8 (planned) | 1,024 (start in seconds) = 1,034: varint 8a 08.
        byte[] withIds = hex("02" + "8a08" + "03616e6e" + "00027231" + head + "00");
        // With 4,096 (ids from the key) as well, 5,130: varint 8a 28; "ann" and "r1" are left out.
        byte[] keyed = hex("02" + "8a28" + head + "00");
        assertThat(withIds).hasSize(47);
        assertThat(keyed).hasSize(39);
        assertThat(RunHeartRateRecordCodec.fromBytes(withIds)).isEqualTo(smallRecord());
        assertThat(RunHeartRateRecordCodec.fromBytes(keyed, "ann", "r1")).isEqualTo(smallRecord());
        assertThatThrownBy(() -> RunHeartRateRecordCodec.fromBytes(keyed)).isInstanceOf(IllegalArgumentException.class);

        byte[] withMinute = hex("02" + "8a28" + head
                + "01" // one minute bucket
                + "00" // starting at the run's start
                + "bfb802" // 40,000 ms of heart rate: 40,000 - 60,000, zigzag 39,999
                + "80b1bd02" // bpm x ms 5,200,000
                + "00" // speed known for all 40,000 ms
                + "809c9c39"); // 120 m as 120,000,000 micrometres
        assertThat(RunHeartRateRecordCodec.fromBytes(withMinute, "ann", "r1"))
                .isEqualTo(smallRecord(List.of(minuteOne())));
    }

    /**
     * Format 3 is format 2 with predicted minute buckets; without minutes only the version differs.
     * Three minutes at one sample every 15 s, credited 10 s each:
     *
     * <pre>
     * minute 0: 4 samples at 130 bpm and 3,000 mm/s: 40,000 ms, 5,200,000 bpm ms, 120 m
     * minute 1: 131, 132, 133, 134 bpm at 3,000, 3,000, 3,100, 3,100 mm/s: 40,000 ms, 5,300,000, 122 m
     * minute 2: 140, 140, 141 bpm at 3,100 mm/s: 30,000 ms, 4,210,000, 93 m
     * </pre>
     *
     * Every sum is a multiple of 10,000 (ms, bpm ms, and micrometres as mm/s times ms), so in units
     * of 10,000: (4, 520, 12,000), (4, 530, 12,200), (3, 421, 9,300). Minute 1 is predicted as minute
     * 0 (4, 520, 12,000) and differs by (0, +10, +200); minute 2 is predicted from minute 1's means
     * over 3 units: 530 x 3 / 4 = 397.5, rounded up to 398, and 12,200 x 3 / 4 = 9,150, so it differs
     * by (-1, +23, +150): 19 bytes of minutes, against 38 in format 2 (12 a minute).
     */
    @Test
    void formatThreeLayout() {
        String head = "06" + "6761726d696e" + "02" + "04" + "6578742d" + "00" + "d0b7c1ae0d" + "3c" + "00" + "00"
                + "9003" + "00" + "00" + "02" + "e807" + "5a" + "04" + "00" + "03" + "e807";
        assertThat(RunHeartRateRecordCodec.toBytes(smallRecord()))
                .isEqualTo(hex("03" + "8a08" + "03616e6e" + "00027231" + head + "00"));
        assertThat(RunHeartRateRecordCodec.toBytes(smallRecord(), "ann", "r1"))
                .isEqualTo(hex("03" + "8a28" + head + "00"));
        // A key that does not hold the run's ids keeps them in the value.
        assertThat(RunHeartRateRecordCodec.toBytes(smallRecord(), "ann", "r2"))
                .isEqualTo(hex("03" + "8a08" + "03616e6e" + "00027231" + head + "00"));

        List<MinuteBucket> minutes = List.of(
                minuteOne(),
                new MinuteBucket(START.toEpochMilli() + 60_000, 40_000, 5_300_000, 40_000, 122.0),
                new MinuteBucket(START.toEpochMilli() + 120_000, 30_000, 4_210_000, 30_000, 93.0));
        String minuteBytes = "03" // three minute buckets
                + "00" // the first at the run's start
                + "904e" // unit 10,000
                + "01" // speed known wherever heart rate is
                + "08" + "9008" + "c0bb01" // minute 0: +4, +520, +12,000 (zigzag 8, 1,040, 24,000)
                + "00" + "14" + "9003" // minute 1: 0, +10, +200
                + "01" + "2e" + "ac02"; // minute 2: -1, +23, +150
        byte[] expected = hex("03" + "8a28" + head + minuteBytes);
        assertThat(hex(minuteBytes)).hasSize(19);
        assertThat(RunHeartRateRecordCodec.toBytes(smallRecord(minutes), "ann", "r1"))
                .isEqualTo(expected);
        assertThat(RunHeartRateRecordCodec.fromBytes(expected, "ann", "r1")).isEqualTo(smallRecord(minutes));
    }

    /**
     * Minute buckets of any shape come back exactly: minutes without heart rate, speed known for
     * less than the heart-rate time or not at all, sums without a common divisor, and values far
     * beyond a real run's.
     */
    @Test
    void everyMinuteShapeRoundTripsExactly() {
        for (long seed = 1; seed <= 500; seed++) {
            Random random = new Random(seed);
            int count = 1 + random.nextInt(120);
            long step = switch (random.nextInt(3)) {
                case 0 -> 1;
                case 1 -> 1000;
                default -> 10_000;
            };
            List<MinuteBucket> minutes = new ArrayList<>();
            long first = START.toEpochMilli() + random.nextInt(5000) - 2500;
            for (int m = 0; m < count; m++) {
                long hr = random.nextInt(8) == 0 ? 0 : step * random.nextInt((int) (70_000 / step) + 1);
                long bpm = hr * (30 + random.nextInt(221)) + (step == 1 ? random.nextInt(1000) : 0);
                long speedKnown = random.nextBoolean() ? hr : step * random.nextInt((int) (hr / step) + 1);
                long micros = random.nextInt(10) == 0 ? random.nextLong(1L << 45) : speedKnown * random.nextInt(8000);
                minutes.add(new MinuteBucket(first + m * 60_000L, hr, bpm, speedKnown, micros / 1_000_000.0));
            }
            RunHeartRateRecord record = smallRecord(minutes);
            RunHeartRateRecord decoded = RunHeartRateRecordCodec.fromBytes(
                    RunHeartRateRecordCodec.toBytes(record, "ann", "r1"), "ann", "r1");
            assertThat(decoded.minutes()).as("seed %d", seed).isEqualTo(minutes);
            assertThat(decoded).as("seed %d", seed).isEqualTo(record);
        }
    }

    /**
     * 45 minutes sampled every 15 s: 181 samples at t = 0, 15, ..., 2,700 s with bpm 130 + (k mod
     * 20), so bins 130..149; 181 = 9 x 20 + 1 gives bpm 130 ten samples and the others nine. Each
     * sample but the last (k = 180, bpm 130) is credited the 15 s gap capped at 10 s: every bin
     * 90,000 ms. Stored under its key, format 2 takes 77 bytes:
     *
     * <pre>
     * version 1, flags 2 (2 | 4 | 32 | 64 | 1,024 | 2,048 | 4,096 = 7,270 < 2^14)         3
     * source "garmin" 7, external id "ext-" before the run id 1 + 5, sport 1               14
     * start 1,793,601,000 s (zigzag 3.6e9 < 2^35) 5, duration 2,700 2, moving 2,700 - 45 1  8
     * distance 8,100 (scale 1, zigzag 16,200 < 2^14) 3, elevation 42.5 (scale 1, 425) 3     6
     * local date 1                                                                          1
     * bins 20: 1, interval 10,000: 2, first bpm 130 - 30: 1, dense span 19: 1               5
     * bpm 130: 10 samples, 2 x 10 + 1 = 21: 1; 90,000 - 100,000 = -10,000 (zigzag
     *   19,999 < 2^21) 3                                                                     4
     * bpm 131..149: 9 samples credited 9 x 10,000, 2 x 9 = 18: 1 byte each, 19 x 1          19
     * decoupling and efficiency factor, 8 each                                             16
     * no minute buckets                                                                     1
     *                                                                                      77
     * </pre>
     */
    @Test
    void aRunSampledEveryFifteenSecondsTakesSeventySevenBytes() {
        RunHeartRateAccumulator run = new RunHeartRateAccumulator();
        for (int k = 0; k <= 180; k++) {
            run.add(START.toEpochMilli() + k * 15_000L, 130 + k % 20, 3.0, 168);
        }
        int[] bpms = new int[20];
        int[] samples = new int[20];
        long[] millis = new long[20];
        for (int i = 0; i < 20; i++) {
            bpms[i] = 130 + i;
            samples[i] = i == 0 ? 10 : 9;
            millis[i] = 90_000;
        }
        assertHistogram(recordOf(benchLikeRun(), run, LocalDate.of(2026, 11, 2)), bpms, samples, millis);
        RunHeartRateRecord record = byHand(bpms, samples, millis);
        byte[] bytes = RunHeartRateRecordCodec.toBytes(record, "athlete-00042", "athlete-00042-20261102");
        assertThat(bytes).hasSize(77);
        RunHeartRateRecord decoded =
                RunHeartRateRecordCodec.fromBytes(bytes, "athlete-00042", "athlete-00042-20261102");
        assertThat(decoded).isEqualTo(record);
        assertThat(decoded.effortUnder(PROFILE)).isEqualTo(record.effortUnder(PROFILE));
    }

    /**
     * 45 minutes at 1 Hz: 2,701 samples at t = 0..2,700 s with bpm 120 + (s mod 40), bins
     * 120..159. 2,701 = 67 x 40 + 21 gives bpm 120..140 68 samples and 141..159 67. Every sample but
     * the last (s = 2,700, bpm 140) is credited 1,000 ms. Format 2 takes 136 bytes:
     *
     * <pre>
     * the same run event and flags as at 15 s                                              32
     * bins 40: 1, interval 1,000: 2, first bpm 120 - 30: 1, dense span 39: 1                5
     * bpm 140: 68 samples, 2 x 68 + 1 = 137: 2; 67,000 - 68,000 = -1,000 (zigzag 1,999) 2   4
     * the 39 other bins: 2 x 67 or 2 x 68 (128..16,383): 2 bytes each, 39 x 2              78
     * decoupling and efficiency factor, 8 each                                             16
     * no minute buckets                                                                     1
     *                                                                                     136
     * </pre>
     *
     * Format 1 spent 3 bytes a bin here and 14 + 23 bytes on the ids alone.
     */
    @Test
    void aRunSampledEverySecondTakesOneHundredThirtySixBytes() {
        RunHeartRateAccumulator run = new RunHeartRateAccumulator();
        for (int s = 0; s <= 2700; s++) {
            run.add(START.toEpochMilli() + s * 1000L, 120 + s % 40, 3.0, 168);
        }
        int[] bpms = new int[40];
        int[] samples = new int[40];
        long[] millis = new long[40];
        for (int i = 0; i < 40; i++) {
            bpms[i] = 120 + i;
            samples[i] = i <= 20 ? 68 : 67;
            millis[i] = i == 20 ? 67_000 : samples[i] * 1000L;
        }
        assertHistogram(recordOf(benchLikeRun(), run, LocalDate.of(2026, 11, 2)), bpms, samples, millis);
        RunHeartRateRecord record = byHand(bpms, samples, millis);
        byte[] bytes = RunHeartRateRecordCodec.toBytes(record, "athlete-00042", "athlete-00042-20261102");
        assertThat(bytes).hasSize(136);
        RunHeartRateRecord decoded =
                RunHeartRateRecordCodec.fromBytes(bytes, "athlete-00042", "athlete-00042-20261102");
        assertThat(decoded).isEqualTo(record);
        assertThat(decoded.effortUnder(PROFILE)).isEqualTo(record.effortUnder(PROFILE));
    }

    /**
     * Exactness over many shapes: seeded random histograms (sparse and dense, regular and ragged
     * credit), doubles that are and are not short decimals, ids that do and do not repeat one
     * another; each decodes to an equal record that scores to the same effort, with and without key.
     */
    @Test
    void everyShapeRoundTripsExactly() {
        for (long seed = 1; seed <= 300; seed++) {
            Random random = new Random(seed);
            String athleteId = random.nextBoolean() ? "athlete-" + seed : "a" + seed;
            String runId = switch (random.nextInt(3)) {
                case 0 -> athleteId + "-2026110" + random.nextInt(10);
                case 1 -> "import-" + new UUID(random.nextLong(), random.nextLong());
                default -> "r" + random.nextInt(1000);
            };
            double[] doubles = {10000.0, 8423.5, 7830.000000000001, -0.0, 0.1 + 0.2, 12.345, 1e300, 0.0};
            RunEvent.Builder event = TestRecords.run(
                            athleteId,
                            runId,
                            START.plusMillis(random.nextBoolean() ? 0 : random.nextInt(1000)),
                            1 + random.nextInt(20_000),
                            doubles[random.nextInt(doubles.length)])
                    .setExternalId(random.nextBoolean() ? "ext-" + runId : "x" + random.nextInt())
                    .setMovingTimeSec(random.nextBoolean() ? null : random.nextInt(20_000))
                    .setElevationGainMeters(random.nextBoolean() ? null : doubles[random.nextInt(doubles.length)])
                    .setPlannedType(random.nextBoolean() ? null : PLANNED.get(random.nextInt(PLANNED.size())))
                    .setUpdatedAt(random.nextBoolean() ? null : START.plusSeconds(random.nextInt(100_000)));
            RunHeartRateAccumulator run = new RunHeartRateAccumulator();
            int interval = random.nextBoolean() ? 1000 : 1000 * (1 + random.nextInt(15));
            int seconds = random.nextInt(7200);
            int base = 60 + random.nextInt(100);
            int spread = 1 + random.nextInt(60);
            for (int s = 0; s <= seconds; s += interval / 1000) {
                long jitter = random.nextInt(10) == 0 ? random.nextInt(900) : 0;
                run.add(START.toEpochMilli() + s * 1000L + jitter, base + random.nextInt(spread), 3.0, 170);
            }
            RunEvent built = event.build();
            RunHeartRateRecord record = recordOf(built, run, LocalDate.of(2026, 11, 1 + random.nextInt(3)));
            RunHeartRateRecord viaKey = RunHeartRateRecordCodec.fromBytes(
                    RunHeartRateRecordCodec.toBytes(record, athleteId, runId), athleteId, runId);
            RunHeartRateRecord whole = RunHeartRateRecordCodec.fromBytes(RunHeartRateRecordCodec.toBytes(record));
            assertThat(viaKey).as("seed %d", seed).isEqualTo(record);
            assertThat(whole).as("seed %d", seed).isEqualTo(record);
            assertThat(viaKey.event().getDistanceMeters())
                    .as("seed %d", seed)
                    .isEqualTo(record.event().getDistanceMeters());
            assertThat(viaKey.effortUnder(PROFILE)).as("seed %d", seed).isEqualTo(record.effortUnder(PROFILE));
        }
    }

    /**
     * Sums no real run comes near (a stored accumulator's are any long) still come back: the
     * prediction falls back to zero where its product would leave the range of a long, and the
     * differences wrap alike on both sides.
     */
    @Test
    void extremeMinuteSumsRoundTrip() {
        long t = START.toEpochMilli();
        List<MinuteBucket> minutes = List.of(
                new MinuteBucket(t, 60_000, 1L << 60, 60_000, 1e12),
                new MinuteBucket(t + 60_000, 60_000, 1L << 60, 60_000, 1e12),
                new MinuteBucket(t + 120_000, Long.MAX_VALUE, Long.MIN_VALUE, -7, -5.0),
                new MinuteBucket(t + 180_000, -60_000, Long.MAX_VALUE, Long.MIN_VALUE, 0.000001),
                new MinuteBucket(t + 240_000, 1, 3, Long.MAX_VALUE / 2 + 1, 9e12));
        for (int from = 0; from < minutes.size(); from++) {
            List<MinuteBucket> tail = minutes.subList(from, minutes.size());
            RunHeartRateRecord record = smallRecord(tail);
            RunHeartRateRecord decoded = RunHeartRateRecordCodec.fromBytes(
                    RunHeartRateRecordCodec.toBytes(record, "ann", "r1"), "ann", "r1");
            assertThat(decoded.minutes()).as("from minute %d", from).isEqualTo(tail);
        }
    }

    /** Format 3's minute header and the fields before it refuse what no writer writes. */
    @Test
    void corruptFormatThreeIsRefusedWithAnIllegalArgumentException() {
        String head = "06" + "6761726d696e" + "02" + "04" + "6578742d" + "00" + "d0b7c1ae0d" + "3c" + "00" + "00"
                + "9003" + "00";
        String bins = "02" + "e807" + "5a" + "04" + "00" + "03" + "e807";
        String minute = "08" + "9008" + "c0bb01";
        List<String> corrupt = List.of(
                "03" + "8a28" + head + "00" + bins + "01" + "00" + "00" + "01" + minute, // unit 0
                "03" + "8a28" + head + "00" + bins + "01" + "00" + "904e" + "02" + minute, // unknown minute flag
                "03" + "8a28" + head + "00" + bins + "01" + "00" + "ffffffffffffffffff01" + "01"
                        + minute, // unit 2^64 - 1, negative as a long
                "03" + "8a28" + head + "00" + bins + "01" + "00" + "ffffffffffffffff7f" + "01"
                        + minute, // 4 x unit 2^63 - 1
                "03" + "8a28" + head + "00" + "ffffffffffffffffff01" + "e807" + "5a" + "04" + "00", // bins 2^64 - 1
                "03" + "8a28" + head + "8080808080808001" + bins + "00"); // local date beyond LocalDate
        for (String digits : corrupt) {
            assertThatThrownBy(() -> RunHeartRateRecordCodec.fromBytes(hex(digits), "ann", "r1"))
                    .as(digits)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        // The same bytes with a sound header decode.
        assertThat(RunHeartRateRecordCodec.fromBytes(
                                hex("03" + "8a28" + head + "00" + bins + "01" + "00" + "904e" + "01" + minute),
                                "ann",
                                "r1")
                        .minutes())
                .containsExactly(minuteOne());
    }

    /** Short decimals take their scale and a varint; any other double keeps all 64 bits. */
    @Test
    void decimalsAreExactOrWhole() {
        assertThat(decimalBytes(10000.0)).isEqualTo(hex("00" + "a09c01")); // 10,000, zigzag 20,000
        assertThat(decimalBytes(8423.5)).isEqualTo(hex("01" + "96a40a")); // 84,235 tenths, zigzag 168,470
        assertThat(decimalBytes(-0.0)).hasSize(9); // 0 would lose the sign
        assertThat(decimalBytes(0.1 + 0.2)).hasSize(9); // 0.30000000000000004
        for (double value : new double[] {10000.0, 8423.5, -0.0, 0.1 + 0.2, Double.NaN, -1.25, 1e18}) {
            double decoded = RunHeartRateRecordCodec.readDecimal(new CompactBytesIn(decimalBytes(value)));
            assertThat(Double.doubleToRawLongBits(decoded)).isEqualTo(Double.doubleToRawLongBits(value));
        }
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

    private static RunHeartRateRecord smallRecord() {
        return smallRecord(List.of());
    }

    /** 40,000 ms at 130 bpm and 3,000 mm/s: the first minute of a run sampled every 15 s. */
    private static MinuteBucket minuteOne() {
        return new MinuteBucket(START.toEpochMilli(), 40_000, 5_200_000, 40_000, 120.0);
    }

    private static RunHeartRateRecord smallRecord(List<MinuteBucket> minutes) {
        return new RunHeartRateRecord(
                TestRecords.run("ann", "r1", START, 60, 200.0).build(),
                LocalDate.of(2026, 11, 2),
                new int[] {120, 121},
                new int[] {2, 1},
                new long[] {2000, 1500},
                false,
                false,
                false,
                null,
                null,
                minutes);
    }

    /** A run event as the benchmark's generator writes it. */
    private static RunEvent benchLikeRun() {
        return TestRecords.run("athlete-00042", "athlete-00042-20261102", START, 2700, 8100.0)
                .setMovingTimeSec(2655)
                .setElevationGainMeters(42.5)
                .setPlannedType(null)
                .build();
    }

    private static RunHeartRateRecord byHand(int[] bpms, int[] samples, long[] millis) {
        return new RunHeartRateRecord(
                benchLikeRun(),
                LocalDate.of(2026, 11, 2),
                bpms,
                samples,
                millis,
                false,
                false,
                false,
                4.2,
                1.0 / 3,
                List.of());
    }

    private static void assertHistogram(RunHeartRateRecord record, int[] bpms, int[] samples, long[] millis) {
        assertThat(record.binCount()).isEqualTo(bpms.length);
        for (int i = 0; i < bpms.length; i++) {
            assertThat(record.binBpm(i)).isEqualTo(bpms[i]);
            assertThat(record.binSamples(i)).as("samples at %d", bpms[i]).isEqualTo(samples[i]);
            assertThat(record.binCreditedMillis(i)).as("credit at %d", bpms[i]).isEqualTo(millis[i]);
        }
    }

    private static byte[] decimalBytes(double value) {
        CompactBytesOut out = new CompactBytesOut(16);
        RunHeartRateRecordCodec.writeDecimal(out, value);
        return out.toByteArray();
    }

    private static byte[] hex(String digits) {
        return HexFormat.of().parseHex(digits);
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
